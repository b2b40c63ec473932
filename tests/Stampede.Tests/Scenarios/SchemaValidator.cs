using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stampede.Tests.Scenarios;

/// <summary>One schema error: where in the instance (a JSON pointer, "" for the root) and what.</summary>
internal sealed record SchemaError(string Path, string Message)
{
    public override string ToString() => $"{(Path.Length == 0 ? "/" : Path)}: {Message}";
}

/// <summary>
/// Validates JSON against docs/schema/stampede.schema.json with Python's jsonschema, a complete draft 2020-12
/// validator, run once per test collection (validate_schema.py). JsonSchema.Net, the .NET choice, depends on
/// JsonPointer.Net, which this repository's package source does not carry.
/// </summary>
internal sealed class SchemaValidator : IDisposable
{
    private const string InstallHint =
        "The schema tests validate with Python's jsonschema (draft 2020-12): install it with `apt-get install python3-jsonschema` " +
        "(or `pip install jsonschema`); .ci/run installs it";

    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Lock _gate = new();

    private SchemaValidator(Process process) => _process = process;

    /// <summary>Starts the validator on <paramref name="schemaPath"/>; fails with how to install Python's jsonschema when it is missing.</summary>
    public static SchemaValidator Start(string schemaPath, string scriptPath)
    {
        var start = new ProcessStartInfo("python3")
        {
            ArgumentList = { "-u", scriptPath, schemaPath },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start. " + InstallHint);
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"python3 cannot be started ({ex.Message}). " + InstallHint, ex);
        }

        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        var ready = ReadLine(process);
        var answer = ready is null ? null : JsonNode.Parse(ready);
        if (answer?["ready"]?.GetValue<bool>() != true)
        {
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            string error;
            lock (stderr)
            {
                error = answer?["error"]?.GetValue<string>() ?? stderr.ToString().Trim();
            }

            throw new InvalidOperationException($"{InstallHint}. The validator did not start: {error}");
        }

        return new SchemaValidator(process);
    }

    /// <summary>Every error of <paramref name="instance"/> against the schema, or against <paramref name="reference"/> (e.g. <c>#/$defs/duration</c>).</summary>
    public IReadOnlyList<SchemaError> Validate(JsonNode? instance, string? reference = null)
    {
        var request = new JsonObject { ["op"] = "validate", ["instance"] = instance?.DeepClone() };
        if (reference is not null)
        {
            request["ref"] = reference;
        }

        return Ask(request);
    }

    /// <summary>Every error of the schema file at <paramref name="path"/> against the draft 2020-12 meta-schema.</summary>
    public IReadOnlyList<SchemaError> CheckAgainstMetaSchema(string path) => Ask(new JsonObject { ["op"] = "check", ["path"] = path });

    public void Dispose()
    {
        // Closing stdin ends the script's loop; kill only if it does not end by itself.
        _process.StandardInput.Close();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private List<SchemaError> Ask(JsonObject request)
    {
        string? reply;
        lock (_gate)
        {
            _process.StandardInput.WriteLine(request.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
            _process.StandardInput.Flush();
            reply = ReadLine(_process);
        }

        if (reply is null)
        {
            throw new InvalidOperationException($"the schema validator stopped answering (exit code {(_process.HasExited ? _process.ExitCode : -1)})");
        }

        return [.. JsonNode.Parse(reply)!["errors"]!.AsArray().Select(e => new SchemaError(e!["path"]!.GetValue<string>(), e["message"]!.GetValue<string>()))];
    }

    private static string? ReadLine(Process process)
    {
        using var timeout = new CancellationTokenSource(ReplyTimeout);
        try
        {
            return process.StandardOutput.ReadLineAsync(timeout.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the schema validator did not answer within {ReplyTimeout.TotalSeconds:0}s");
        }
    }
}
