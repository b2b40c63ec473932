using System.Text;
using System.Text.Json;

namespace Stampede.Scenarios.Data;

/// <summary>
/// Reads a JSON array of objects into a <see cref="DataTable"/>, one row per object. A first pass checks
/// the shape and collects the columns (the union of the keys in first-seen order); a second fills the
/// rows, so every row is stored at its final width without an intermediate object per row.
/// </summary>
internal sealed class JsonTableReader
{
    private const string RowExample = """{"username": "alice", "password": "s3cret"}""";

    private readonly string _path;
    private readonly byte[] _bytes;
    private readonly int _start;
    private readonly List<string> _columns = [];
    private readonly List<int> _lastSeenIn = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private char[] _chars = new char[256];

    private JsonTableReader(string path, byte[] bytes, int start)
    {
        _path = path;
        _bytes = bytes;
        _start = start;
        _lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private ReadOnlySpan<byte> Json => _bytes.AsSpan(_start);

    /// <summary>Loads the JSON file at <paramref name="path"/>.</summary>
    public static DataTable Read(string path)
    {
        var bytes = DataFiles.ReadAllBytes(path);
        var start = bytes.AsSpan().StartsWith(DataFiles.Utf8Bom) ? DataFiles.Utf8Bom.Length : 0;
        var position = TextPosition.Start;
        if (DataFiles.FindInvalidUtf8(path, bytes.AsSpan(start), ref position) is { } invalid)
        {
            throw invalid;
        }

        return new JsonTableReader(path, bytes, start).ReadTable();
    }

    private DataTable ReadTable()
    {
        if (Json.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new DataFileException(_path, 1, 1, "the file is empty: a JSON data file holds an array of objects, one per row",
                $"write the rows as [ {RowExample}, … ]");
        }

        try
        {
            Scan();
        }
        catch (JsonException ex)
        {
            var at = TextPosition.FromLineAndByte(Json, ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0);
            var message = ReaderMessage(ex);
            var hint = message.Contains("trailing comma", StringComparison.Ordinal)
                ? "remove the comma after the last value: JSON allows none"
                : message.Contains("after a single JSON value", StringComparison.Ordinal)
                    ? "the file holds one array of rows: remove what follows it, or move those rows into the array"
                    : "fix the syntax at this position: a missing comma, quote, colon or bracket is the usual cause";
            throw new DataFileException(_path, at.Line, at.Column, "invalid JSON: " + message, hint, ex);
        }

        return DataTable.Create(_path, [.. _columns], Fill());
    }

    /// <summary>First pass: checks that the file is an array of objects with named, unique keys, and collects the columns.</summary>
    private void Scan()
    {
        var reader = new Utf8JsonReader(Json);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Error(reader.TokenStartIndex, $"expected an array of objects at the top level, found {Kind(reader.TokenType)}",
                reader.TokenType == JsonTokenType.StartObject
                    ? $"put the rows in an array, [ {RowExample}, … ]; if they sit under a key of this object, make that array the whole file"
                    : $"write the rows as [ {RowExample}, … ]");
        }

        var arrayStart = reader.TokenStartIndex;
        var element = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            element++;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error(reader.TokenStartIndex, $"element {element} of the array is {Kind(reader.TokenType)}, expected an object",
                    $"each element is one row, an object of column names and values such as {RowExample}");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = PropertyName(ref reader);
                if (name.IsWhiteSpace())
                {
                    throw Error(reader.TokenStartIndex, $"element {element} has a key with no name",
                        "give every key a name: templates refer to values as {{ data.key }}");
                }

                if (!_lookup.TryGetValue(name, out var column))
                {
                    column = _columns.Count;
                    var text = name.ToString();
                    _columns.Add(text);
                    _index.Add(text, column);
                    _lastSeenIn.Add(0);
                }

                if (_lastSeenIn[column] == element)
                {
                    throw Error(reader.TokenStartIndex, $"key '{_columns[column]}' appears twice in element {element}",
                        "remove one of them: a row has one value per column");
                }

                _lastSeenIn[column] = element;
                reader.Read();
                reader.Skip();
            }
        }

        if (element == 0)
        {
            throw Error(arrayStart, "has no data rows: the array is empty", $"add one object per row, such as {RowExample}");
        }

        if (_columns.Count == 0)
        {
            throw Error(arrayStart, $"has no columns: all {element} objects are empty", $"give each object its values, such as {RowExample}");
        }

        // Anything after the array is an error the reader reports itself.
        reader.Read();
    }

    /// <summary>Second pass over a file <see cref="Scan"/> accepted: every object becomes a row of the final width.</summary>
    private RowStore Fill()
    {
        var pools = new StringPool[_columns.Count];
        for (var i = 0; i < pools.Length; i++)
        {
            pools[i] = new StringPool();
        }

        var rows = new RowStore.Builder(_columns.Count);
        var row = new string[_columns.Count];
        var reader = new Utf8JsonReader(Json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            row.AsSpan().Fill("");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var column = _lookup[PropertyName(ref reader)];
                reader.Read();
                row[column] = Value(ref reader, pools[column]);
            }

            rows.Add(row);
        }

        return rows.Build();
    }

    private string Value(ref Utf8JsonReader reader, StringPool pool)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return pool.Get(Unescaped(ref reader));
            case JsonTokenType.Number:
                return pool.Get(Decode(reader.ValueSpan));
            case JsonTokenType.True:
                return "true";
            case JsonTokenType.False:
                return "false";
            case JsonTokenType.Null:
                return "";
            default:
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                return pool.Get(Compact(Decode(Json[start..(int)reader.BytesConsumed])));
        }
    }

    private ReadOnlySpan<char> PropertyName(ref Utf8JsonReader reader) => Unescaped(ref reader);

    private ReadOnlySpan<char> Unescaped(ref Utf8JsonReader reader)
    {
        // Unescaped text never has more characters than its UTF-8 bytes.
        Reserve(reader.ValueSpan.Length);
        return _chars.AsSpan(0, reader.CopyString(_chars));
    }

    private Span<char> Decode(ReadOnlySpan<byte> utf8)
    {
        Reserve(utf8.Length);
        return _chars.AsSpan(0, Encoding.UTF8.GetChars(utf8, _chars));
    }

    /// <summary>Removes the whitespace between tokens of nested JSON, in place; strings keep theirs.</summary>
    private static Span<char> Compact(Span<char> text)
    {
        var length = 0;
        var inString = false;
        var escaped = false;
        foreach (var c in text)
        {
            if (inString)
            {
                inString = escaped || c != '"';
                escaped = !escaped && c == '\\';
            }
            else if (c is ' ' or '\t' or '\r' or '\n')
            {
                continue;
            }
            else
            {
                inString = c == '"';
            }

            text[length++] = c;
        }

        return text[..length];
    }

    private void Reserve(int length)
    {
        if (_chars.Length < length)
        {
            _chars = new char[Math.Max(length, _chars.Length * 2)];
        }
    }

    private DataFileException Error(long offset, string detail, string hint)
    {
        var at = TextPosition.At(Json, offset);
        return new DataFileException(_path, at.Line, at.Column, detail, hint);
    }

    /// <summary>
    /// The reader's message without the position it appends (the error reports it 1-based instead) and
    /// without its advice to change the reader options, which a user of a data file cannot do.
    /// </summary>
    private static string ReaderMessage(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        message = cut < 0 ? message : message[..cut];
        return message.Replace(" Change the reader options.", "", StringComparison.Ordinal);
    }

    private static string Kind(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
