using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Stampede.Results;

/// <summary>
/// The results file (<c>stampede-results/1</c>, documented in docs/results-format.md): writes a
/// <see cref="RunResult"/> as JSON and reads it back identically. Numbers are always invariant (JSON has
/// one number syntax); bad files raise <see cref="InvalidInputException"/> with one line naming the file.
/// </summary>
public static class ResultsFile
{
    private const string DefaultSourceName = "results JSON";

    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",

        // Base64 histograms and messages stay readable ('+' is not escaped). The file is data, never HTML;
        // a report that embeds it must escape it for its own context.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    /// <summary>Serializes <paramref name="result"/> to JSON text; the same result always gives the same text.</summary>
    public static string Serialize(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var buffer = new ArrayBufferWriter<byte>();
        WriteTo(buffer, result);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads JSON text written by <see cref="Serialize"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="sourceName">Names the input in error messages (a file name); a generic name when null.</param>
    /// <exception cref="InvalidInputException">The text is not a valid <c>stampede-results/1</c> document.</exception>
    public static RunResult Deserialize(string json, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json), sourceName ?? DefaultSourceName);
    }

    /// <summary>
    /// Writes <paramref name="result"/> to <paramref name="path"/> atomically: into a temporary file in the
    /// same folder, flushed to disk, then moved over the target, so readers never see a half-written file.
    /// </summary>
    /// <exception cref="InvalidInputException">The folder does not exist or cannot be written.</exception>
    public static void Write(RunResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ReplaceAtomically(path, stream =>
        {
            using var json = new Utf8JsonWriter(stream, WriterOptions);
            using var writer = new ResultsWriter(json);
            writer.Write(result);
        });
    }

    /// <summary>
    /// Like <see cref="Write"/>, with asynchronous file I/O. The JSON is built in memory first, so it needs
    /// about the file's size in memory.
    /// </summary>
    /// <exception cref="InvalidInputException">The folder does not exist or cannot be written.</exception>
    public static async Task WriteAsync(RunResult result, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var buffer = new ArrayBufferWriter<byte>();
        WriteTo(buffer, result);
        var (full, temp) = TempPathFor(path);
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch (Exception ex)
        {
            TryDelete(temp);
            if (WrapWriteError(path, ex) is { } wrapped)
            {
                throw wrapped;
            }

            throw;
        }
    }

    /// <summary>
    /// Splits an output as <c>--out</c> and <c>options.outputs</c> write it: <c>PATH</c>, or <c>KIND=PATH</c> (k6's form).
    /// The kind is <c>json</c> when none is given; the results file is the json kind.
    /// </summary>
    internal static (string Kind, string Target) SplitOutput(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? ("json", text) : (text[..equals], text[(equals + 1)..]);
    }

    /// <summary>
    /// Reads a results file, or an interval stream (<see cref="IntervalLog"/>, recognised by its first line): a
    /// stream without its end line reads as the run up to its last complete interval, outcome <c>incomplete</c>.
    /// </summary>
    /// <exception cref="InvalidInputException">
    /// The file is missing or unreadable, is not JSON, or is not a valid <c>stampede-results/1</c> file.
    /// </exception>
    public static RunResult Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidInputException($"{path}: file not found", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{path}: cannot read the file ({ex.Message})", ex);
        }

        return Parse(bytes, path);
    }

    private static void WriteTo(IBufferWriter<byte> buffer, RunResult result)
    {
        using var json = new Utf8JsonWriter(buffer, WriterOptions);
        using var writer = new ResultsWriter(json);
        writer.Write(result);
    }

    private static RunResult Parse(ReadOnlyMemory<byte> utf8, string source)
    {
        if (utf8.Span.StartsWith(Utf8Bom))
        {
            utf8 = utf8[Utf8Bom.Length..];
        }

        if (IntervalLogReader.IsStream(utf8.Span))
        {
            return new IntervalLogReader().Read(utf8, source);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException ex)
        {
            // The reader numbers lines and positions from 0; people and editors count from 1.
            var reason = ex.Message;
            var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            reason = (cut > 0 ? reason[..cut] : reason).ReplaceLineEndings("\\n");
            throw new InvalidInputException(
                $"{source}: not valid JSON at line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}: {reason}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            var format = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("format", out var value) ? value : default;
            if (format.ValueKind != JsonValueKind.String)
            {
                throw new InvalidInputException(
                    $"{source}: not a Stampede results file (no \"format\"; expected {RunResult.Format})");
            }

            if (!string.Equals(format.GetString(), RunResult.Format, StringComparison.Ordinal))
            {
                throw new InvalidInputException(
                    $"{source}: not a Stampede results file (format '{format.GetString()}'; expected {RunResult.Format})");
            }

            try
            {
                return new ResultsReader().Read(root);
            }
            catch (FormatException ex)
            {
                throw new InvalidInputException($"{source}: invalid results file: {ex.Message}", ex);
            }
        }
    }

    private static void ReplaceAtomically(string path, Action<FileStream> write)
    {
        var (full, temp) = TempPathFor(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch (Exception ex)
        {
            TryDelete(temp);
            if (WrapWriteError(path, ex) is { } wrapped)
            {
                throw wrapped;
            }

            throw;
        }
    }

    // Same folder as the target, so the final move is a rename on one file system.
    private static (string Full, string Temp) TempPathFor(string path)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? ".";
        return (full, Path.Combine(folder, "." + Path.GetFileName(full) + "." + Path.GetRandomFileName() + ".tmp"));
    }

    private static InvalidInputException? WrapWriteError(string path, Exception ex) => ex switch
    {
        DirectoryNotFoundException => new InvalidInputException($"{path}: the folder does not exist", ex),
        UnauthorizedAccessException => new InvalidInputException($"{path}: cannot write the file ({ex.Message})", ex),
        _ => null,
    };

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The write already failed; that error is the one to report.
        }
    }
}
