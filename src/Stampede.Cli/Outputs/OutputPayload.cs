namespace Stampede.Cli.Outputs;

/// <summary>One interval encoded for the wire, waiting in an output's queue.</summary>
/// <param name="Data">
/// The encoded interval. Payloads of one output concatenate into one request body: lines of line protocol,
/// or protobuf <c>WriteRequest</c>s, whose repeated fields merge when concatenated.
/// </param>
/// <param name="Points">Points or samples it holds: what is counted as sent or dropped.</param>
public readonly record struct OutputPayload(byte[] Data, int Points);
