using System.Runtime.CompilerServices;
using Stampede.Engine;
using Stampede.Metrics;
using Stampede.Scenarios.Data;

namespace Stampede.Scenarios.Flow;

/// <summary>
/// A scenario's compiled flow and what its VUs share: the steps, the number of variable slots, the data
/// sources (one copy for all VUs) and whether VUs keep cookies. It is the scenario's iteration body.
/// </summary>
internal sealed class FlowProgram : IIterationBody
{
    public FlowProgram(Step[] steps, int slotCount, IReadOnlyList<DataFeeder> data, IReadOnlyList<string> dataNames, bool cookies, TimeProvider? time = null)
    {
        Steps = steps;
        SlotCount = slotCount;
        Data = data;
        DataNames = dataNames;
        Cookies = cookies;
        Time = time ?? TimeProvider.System;
    }

    public Step[] Steps { get; }

    public int SlotCount { get; }

    /// <summary>Data sources by index; each iteration takes a row from every one.</summary>
    public IReadOnlyList<DataFeeder> Data { get; }

    public IReadOnlyList<string> DataNames { get; }

    public bool Cookies { get; }

    /// <summary>Indexes into <see cref="Data"/> of the sources this flow reads; each iteration takes a row from these only.</summary>
    public int[] UsedData { get; init; } = [];

    /// <summary>Told about every step of every VU (<c>stampede smoke</c>); null in normal runs.</summary>
    public IFlowObserver? Observer { get; set; }

    /// <summary>The clock think times wait on.</summary>
    public TimeProvider Time { get; init; }

    /// <summary>Creates the VU's state on its first iteration; <c>smoke</c> sets an observer on it.</summary>
    public FlowState StateOf(VirtualUser vu)
    {
        if (vu.BodyState is FlowState state)
        {
            return state;
        }

        state = new FlowState(vu, this, Time) { Observer = Observer };
        vu.BodyState = state;
        return state;
    }

    /// <inheritdoc />
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RunAsync(VirtualUser vu, CancellationToken cancellationToken)
    {
        var state = StateOf(vu);
        state.Last = default;
        state.LastUrl = null;
        foreach (var i in UsedData)
        {
            if (!Data[i].TryTake(vu.Id, out state.Rows[i]))
            {
                OutOfData(vu, i);
                return;
            }
        }

        await Step.RunAllAsync(Steps, state, cancellationToken).ConfigureAwait(false);
    }

    private void OutOfData(VirtualUser vu, int source)
    {
        vu.Recorder.RecordError(ErrorKind.Other, Data[source].NoRowMessage(DataNames[source], vu.Id) + "; the VU stopped");
        vu.Retire();
    }
}
