using System.Globalization;
using System.Text.Json;
using Stampede.Scenarios.Templates;

namespace Stampede.Scenarios.Flow;

/// <summary><c>group</c>: steps whose requests carry the tag <c>group</c> (set on them when compiled).</summary>
internal sealed class GroupStep(string path, string name, Step[] steps) : Step(path)
{
    public string Name { get; } = name;

    public Step[] Steps { get; } = steps;

    public override ValueTask<bool> RunAsync(FlowState state, CancellationToken cancellationToken)
    {
        state.Observer?.OnStep(Path, $"group {Name}");
        return RunAllAsync(Steps, state, cancellationToken);
    }
}

/// <summary><c>set</c>: gives variables values (templates rendered now).</summary>
internal sealed class SetStep(string path, (int Slot, string Name, Template Value)[] assignments) : Step(path)
{
    public override ValueTask<bool> RunAsync(FlowState state, CancellationToken cancellationToken)
    {
        foreach (var (slot, name, value) in assignments)
        {
            state.Slots[slot] = value.Render(state);
            state.Observer?.OnStep(Path, $"set {name} = {state.Slots[slot]}");
        }

        return new ValueTask<bool>(true);
    }
}

/// <summary><c>repeat</c>: runs steps a number of times, optionally with the index (from 0) in a variable.</summary>
internal sealed class RepeatStep(string path, Template times, int indexSlot, Step[] steps) : Step(path)
{
    public override async ValueTask<bool> RunAsync(FlowState state, CancellationToken cancellationToken)
    {
        var text = times.Render(state);
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) || count < 0)
        {
            state.Vu.Recorder.RecordError(Metrics.ErrorKind.Other, $"{Path}: repeat count '{text}' is not a whole number of 0 or more");
            return true;
        }

        for (var i = 0; i < count; i++)
        {
            if (indexSlot >= 0)
            {
                state.Slots[indexSlot] = i.ToString(CultureInfo.InvariantCulture);
            }

            if (!await RunAllAsync(steps, state, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>
/// <c>foreach</c>: runs steps once per item, the item in a variable. Items are a list in the file (each a
/// template), or one template rendering a JSON array (e.g. an extracted <c>$.items[*].id</c> list) or a
/// comma-separated list.
/// </summary>
internal sealed class ForeachStep(string path, Template[]? items, Template? source, int itemSlot, Step[] steps) : Step(path)
{
    public override async ValueTask<bool> RunAsync(FlowState state, CancellationToken cancellationToken)
    {
        if (items is not null)
        {
            foreach (var item in items)
            {
                state.Slots[itemSlot] = item.Render(state);
                if (!await RunAllAsync(steps, state, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }
            }

            return true;
        }

        foreach (var value in Split(source!.Render(state)))
        {
            state.Slots[itemSlot] = value;
            if (!await RunAllAsync(steps, state, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A JSON array's items (strings unquoted, others as JSON text), else comma-separated parts; empty for "".</summary>
    internal static List<string> Split(string text)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.IsEmpty)
        {
            return [];
        }

        if (trimmed[0] == '[')
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                if (document.RootElement.ValueKind == JsonValueKind.Array)
                {
                    return [.. document.RootElement.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText())];
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: split it as text.
            }
        }

        return [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
    }
}

/// <summary><c>if</c>: runs <c>then</c> or <c>else</c> steps by a condition.</summary>
internal sealed class IfStep(string path, Condition condition, Step[] then, Step[] otherwise) : Step(path)
{
    public override ValueTask<bool> RunAsync(FlowState state, CancellationToken cancellationToken)
    {
        var holds = condition.Evaluate(state);
        state.Observer?.OnStep(Path, $"if {condition} → {(holds ? "then" : "else")}");
        var branch = holds ? then : otherwise;
        return branch.Length == 0 ? new ValueTask<bool>(true) : RunAllAsync(branch, state, cancellationToken);
    }
}
