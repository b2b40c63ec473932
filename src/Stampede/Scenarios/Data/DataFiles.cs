using System.Text.Unicode;

namespace Stampede.Scenarios.Data;

/// <summary>Opening data files with errors a user can act on, and locating bytes that are not UTF-8.</summary>
internal static class DataFiles
{
    private const string SaveAsUtf8 = "save the file as UTF-8 (with or without a byte-order mark)";

    /// <summary>Opens <paramref name="path"/> for reading, turning every failure into a <see cref="DataFileException"/>.</summary>
    public static FileStream Open(string path)
    {
        string fullPath;
        try
        {
            fullPath = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new DataFileException(path, 0, 0, $"not a valid file path: {ex.Message}", "check the path", ex);
        }

        if (Directory.Exists(fullPath))
        {
            throw new DataFileException(path, 0, 0, $"is a directory, not a file (looked at {fullPath})", "name the data file itself, for example data/users.csv");
        }

        try
        {
            return new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DataFileException(path, 0, 0, $"file not found (looked for {fullPath})",
                "check the path; a relative path is resolved against the current directory", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new DataFileException(path, 0, 0, $"cannot be read: permission denied ({fullPath})", "give the user running stampede read access to the file", ex);
        }
        catch (IOException ex)
        {
            throw new DataFileException(path, 0, 0, $"cannot be read: {ex.Message}", "check that the file exists and is readable", ex);
        }
    }

    /// <summary>Reads the whole file, with the same errors as <see cref="Open"/>.</summary>
    public static byte[] ReadAllBytes(string path)
    {
        using var stream = Open(path);
        try
        {
            var length = stream.Length;
            if (length > Array.MaxLength)
            {
                throw new DataFileException(path, 0, 0, $"is {length} bytes; a JSON data file is read whole and can be at most {Array.MaxLength} bytes",
                    "split the data, or convert it to CSV, which is read as a stream");
            }

            var bytes = new byte[length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (IOException ex)
        {
            throw new DataFileException(path, 0, 0, $"cannot be read: {ex.Message}", "check that the file is readable", ex);
        }
    }

    /// <summary>The error for the first byte sequence of <paramref name="text"/> that is not UTF-8, or null when it is all UTF-8.</summary>
    /// <param name="path">The file, for the message.</param>
    /// <param name="text">Bytes of the file, after any byte-order mark.</param>
    /// <param name="position">Where <paramref name="text"/> starts in the file; advanced past it when it is valid.</param>
    public static DataFileException? FindInvalidUtf8(string path, ReadOnlySpan<byte> text, ref TextPosition position)
    {
        if (Utf8.IsValid(text))
        {
            position = position.Advance(text);
            return null;
        }

        var valid = 0;
        while (System.Text.Rune.DecodeFromUtf8(text[valid..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
        {
            valid += consumed;
        }

        var at = position.Advance(text[..valid]);
        var hint = position.Line == 1 && position.Column == 1 && text.Length >= 2 && ((text[0] == 0xFF && text[1] == 0xFE) || (text[0] == 0xFE && text[1] == 0xFF))
            ? "the file looks like UTF-16; " + SaveAsUtf8
            : SaveAsUtf8;
        return new DataFileException(path, at.Line, at.Column, $"the file is not valid UTF-8: byte 0x{text[valid]:X2} does not start or continue a character", hint);
    }

    /// <summary>Finds the first invalid UTF-8 in a file that failed to decode, reading it again in blocks.</summary>
    public static DataFileException InvalidUtf8(string path, Exception cause)
    {
        using var stream = Open(path);
        var buffer = new byte[1 << 16];
        var position = TextPosition.Start;
        var carried = 0;
        var first = true;
        int read;
        while ((read = stream.Read(buffer, carried, buffer.Length - carried)) > 0 || carried > 0)
        {
            var length = carried + read;
            var block = buffer.AsSpan(0, length);
            if (first)
            {
                first = false;
                if (block.StartsWith(Utf8Bom))
                {
                    block = block[Utf8Bom.Length..];
                }
            }

            // A character split across two blocks is not an error: keep its start for the next block.
            var end = read == 0 ? block.Length : CompleteLength(block);
            if (FindInvalidUtf8(path, block[..end], ref position) is { } error)
            {
                return error;
            }

            carried = block.Length - end;
            block[end..].CopyTo(buffer);
            if (read == 0)
            {
                break;
            }
        }

        return new DataFileException(path, 0, 0, $"the file is not valid UTF-8 ({cause.Message})", SaveAsUtf8, cause);
    }

    /// <summary>The UTF-8 byte-order mark.</summary>
    public static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The length of <paramref name="block"/> without a trailing, incomplete multi-byte character.</summary>
    private static int CompleteLength(ReadOnlySpan<byte> block)
    {
        for (var back = 1; back <= Math.Min(3, block.Length); back++)
        {
            var b = block[^back];
            if ((b & 0xC0) != 0x80)
            {
                var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
                return needed > back ? block.Length - back : block.Length;
            }
        }

        return block.Length;
    }
}
