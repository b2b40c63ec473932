using System.Net;
using Stampede.Engine;
using Stampede.Http;

namespace Stampede.Scenarios.Flow;

/// <summary>
/// A VU's state for a scenario flow: its variables (by slot), the data rows it holds this iteration, its
/// cookie jar and the last response (for standalone <c>check</c> and <c>extract</c> steps). One per VU; a
/// VU runs one iteration at a time, so nothing here needs a lock.
/// </summary>
internal sealed class FlowState
{
    private readonly FlowProgram _program;

    public FlowState(VirtualUser vu, FlowProgram program, TimeProvider time)
    {
        Vu = vu;
        _program = program;
        Time = time;
        Slots = new string?[program.SlotCount];
        Rows = new int[program.Data.Count];
        Cookies = program.Cookies ? new CookieContainer() : null;
    }

    public VirtualUser Vu { get; }

    public TimeProvider Time { get; }

    /// <summary>Variable values by slot; null until set.</summary>
    public string?[] Slots { get; }

    /// <summary>The row of each data source this VU holds in the current iteration.</summary>
    public int[] Rows { get; }

    /// <summary>The VU's cookie jar, or null when cookies are off.</summary>
    public CookieContainer? Cookies { get; }

    /// <summary>The last response of this iteration, for standalone checks and extractors.</summary>
    public HttpExchange Last { get; set; }

    /// <summary>The URL of <see cref="Last"/>.</summary>
    public Uri? LastUrl { get; set; }

    /// <summary>Who is told about each step (<c>stampede smoke</c>), or null.</summary>
    public IFlowObserver? Observer { get; set; }

    /// <summary>A data field of the row this VU holds.</summary>
    public string Field(int source, int column) => _program.Data[source].Table[Rows[source], column];
}
