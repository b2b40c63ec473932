using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace Stampede.Scenarios.Data;

/// <summary>
/// Reads an RFC 4180 CSV file as a stream into a <see cref="DataTable"/>: a header row, then one row per
/// record. The whole file is checked; the first problem stops the load with its line and column.
/// </summary>
/// <remarks>
/// Lenient where RFC 4180 readers usually are: a quote inside an unquoted field is kept as a character,
/// lines may end with LF, CRLF or CR, and empty lines are skipped. Strict where a silent guess would
/// shift values between columns: a field count that differs from the header's, text after a closing
/// quote, and a quote that never closes are errors.
/// </remarks>
internal sealed class CsvTableReader
{
    private const int BufferSize = 1 << 16;
    private const int EndOfFile = -1;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true);

    private readonly string _path;
    private readonly TextReader _reader;
    private readonly char _delimiter;
    private readonly SearchValues<char> _fieldEnds;
    private readonly char[] _buffer = new char[BufferSize];
    private readonly List<string> _fields = [];
    private readonly List<TextPosition> _fieldStarts = [];
    private char[] _field = new char[256];
    private int _fieldLength;
    private StringPool[] _pools = [];
    private int _pos;
    private int _len;
    private long _bufferStart;
    private long _lineStart;
    private int _line = 1;
    private int _recordLine;
    private TextPosition _recordEnd;

    private CsvTableReader(string path, TextReader reader, char delimiter)
    {
        _path = path;
        _reader = reader;
        _delimiter = delimiter;
        _fieldEnds = SearchValues.Create([delimiter, '\r', '\n']);
    }

    /// <summary>Loads the CSV file at <paramref name="path"/>.</summary>
    public static DataTable Read(string path, char delimiter)
    {
        using var stream = DataFiles.Open(path);
        using var text = new StreamReader(stream, StrictUtf8, detectEncodingFromByteOrderMarks: false, BufferSize);
        try
        {
            return new CsvTableReader(path, text, delimiter).ReadTable();
        }
        catch (DecoderFallbackException ex)
        {
            throw DataFiles.InvalidUtf8(path, ex);
        }
        catch (IOException ex)
        {
            throw new DataFileException(path, 0, 0, $"cannot be read: {ex.Message}", "check that the file is readable", ex);
        }
    }

    /// <summary>How a delimiter is named in messages: <c>','</c>, or <c>tab</c>.</summary>
    internal static string Describe(char delimiter) => delimiter switch
    {
        '\t' => "tab",
        '\r' => @"'\r'",
        '\n' => @"'\n'",
        _ => $"'{delimiter}'",
    };

    private int Column => (int)(_bufferStart + _pos - _lineStart) + 1;

    private TextPosition Here => new(_line, Column);

    private DataTable ReadTable()
    {
        if (!ReadRecord())
        {
            throw new DataFileException(_path, 1, 1, "the file is empty: a CSV data file starts with a header row naming its columns",
                $"add a header such as `username{_delimiter}password`, then one row per record");
        }

        var columns = ReadHeader();
        _pools = new StringPool[columns.Length];
        for (var i = 0; i < _pools.Length; i++)
        {
            _pools[i] = new StringPool();
        }

        var headerLine = _recordLine;
        var rows = new RowStore.Builder(columns.Length);
        while (ReadRecord())
        {
            if (_fields.Count != columns.Length)
            {
                throw FieldCountError(columns, headerLine);
            }

            if (rows.RowCount == int.MaxValue)
            {
                throw new DataFileException(_path, _recordLine, 1, $"more than {int.MaxValue} data rows", "split the file");
            }

            rows.Add(CollectionsMarshal.AsSpan(_fields));
        }

        if (rows.RowCount == 0)
        {
            throw new DataFileException(_path, _line, Column, $"has no data rows: the header (line {headerLine}) names {Names(columns)} but no row follows it",
                "add one row per record below the header");
        }

        return DataTable.Create(_path, columns, rows.Build());
    }

    private string[] ReadHeader()
    {
        var columns = _fields.ToArray();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Length; i++)
        {
            var name = columns[i];
            if (string.IsNullOrWhiteSpace(name))
            {
                var trailing = i == columns.Length - 1 && columns.Length > 1
                    ? $"; if the header ends with {Describe(_delimiter)}, remove it"
                    : "";
                throw new DataFileException(_path, _fieldStarts[i].Line, _fieldStarts[i].Column,
                    $"column {i + 1} of the header has no name",
                    "give every column a name: templates refer to values as {{ data.column }}" + trailing);
            }

            if (!seen.TryAdd(name, i))
            {
                throw new DataFileException(_path, _fieldStarts[i].Line, _fieldStarts[i].Column,
                    $"column name '{name}' appears twice in the header (columns {seen[name] + 1} and {i + 1})",
                    "rename one of them: templates refer to values by column name");
            }
        }

        return columns;
    }

    private DataFileException FieldCountError(string[] columns, int headerLine)
    {
        var count = _fields.Count;
        var header = $"the header (line {headerLine}) has {columns.Length} {Plural(columns.Length, "column")}: {Names(columns)}";
        if (count > columns.Length)
        {
            var extra = _fieldStarts[columns.Length];
            return new DataFileException(_path, extra.Line, extra.Column,
                $"the row at line {_recordLine} has {count} fields but {header}",
                $"quote a value that contains the delimiter {Describe(_delimiter)}, like \"Smith{_delimiter} John\", or remove the extra fields");
        }

        return new DataFileException(_path, _recordEnd.Line, _recordEnd.Column,
            $"the row at line {_recordLine} has {count} {Plural(count, "field")} but {header}",
            $"add the missing values; an empty value still needs its delimiter, as in a{_delimiter}{_delimiter}c");
    }

    /// <summary>Reads the next non-empty record into <see cref="_fields"/>; false at the end of the file.</summary>
    private bool ReadRecord()
    {
        _fields.Clear();
        _fieldStarts.Clear();
        while (true)
        {
            var c = Peek();
            if (c == EndOfFile)
            {
                return false;
            }

            if (c is not ('\r' or '\n'))
            {
                break;
            }

            ConsumeLineBreak();
        }

        _recordLine = _line;
        while (true)
        {
            var start = Here;
            _fieldLength = 0;
            var endOfRecord = Peek() == '"' ? ReadQuotedField(start) : ReadPlainField();
            AddField(start);
            if (endOfRecord)
            {
                return true;
            }
        }
    }

    /// <summary>Reads an unquoted field and what ends it; true when that was the end of the record.</summary>
    private bool ReadPlainField()
    {
        while (true)
        {
            if (_pos == _len && !Fill())
            {
                _recordEnd = Here;
                return true;
            }

            var available = _buffer.AsSpan(_pos, _len - _pos);
            var stop = available.IndexOfAny(_fieldEnds);
            if (stop < 0)
            {
                Append(available);
                _pos = _len;
                continue;
            }

            Append(available[..stop]);
            _pos += stop;
            return EndField();
        }
    }

    /// <summary>Reads a quoted field (the cursor is on its opening quote); true when it ended the record.</summary>
    private bool ReadQuotedField(TextPosition opened)
    {
        _pos++;
        while (true)
        {
            var c = Read();
            switch (c)
            {
                case EndOfFile:
                    throw new DataFileException(_path, opened.Line, opened.Column, "the quoted field that opens here is never closed",
                        "end the field with a quote; a quote inside a quoted field is written twice (\"\")");
                case '"' when Peek() == '"':
                    _pos++;
                    Append('"');
                    break;
                case '"':
                    var after = Peek();
                    if (after == _delimiter || after is EndOfFile or '\r' or '\n')
                    {
                        return EndField();
                    }

                    throw new DataFileException(_path, _line, Column, $"unexpected {Show(after)} after the closing quote of the field that opens at line {opened.Line}, column {opened.Column}",
                        $"a quote inside a quoted field is written twice (\"\"), and the delimiter {Describe(_delimiter)} or a line break follows the closing quote");
                case '\n':
                    Append('\n');
                    NewLine();
                    break;
                case '\r':
                    Append('\r');
                    if (Peek() == '\n')
                    {
                        _pos++;
                        Append('\n');
                    }

                    NewLine();
                    break;
                default:
                    Append((char)c);
                    break;
            }
        }
    }

    /// <summary>Consumes what ends a field (the cursor is on it); true when it ended the record.</summary>
    private bool EndField()
    {
        if (Peek() == _delimiter)
        {
            _pos++;
            return false;
        }

        _recordEnd = Here;
        ConsumeLineBreak();
        return true;
    }

    private void AddField(TextPosition start)
    {
        var text = _field.AsSpan(0, _fieldLength);
        var index = _fields.Count;
        _fields.Add(index < _pools.Length ? _pools[index].Get(text) : _pools.Length == 0 ? new string(text) : "");
        _fieldStarts.Add(start);
    }

    private void ConsumeLineBreak()
    {
        var c = Peek();
        if (c == '\r')
        {
            _pos++;
            if (Peek() == '\n')
            {
                _pos++;
            }

            NewLine();
        }
        else if (c == '\n')
        {
            _pos++;
            NewLine();
        }
    }

    private void NewLine()
    {
        _line++;
        _lineStart = _bufferStart + _pos;
    }

    private int Peek() => _pos < _len || Fill() ? _buffer[_pos] : EndOfFile;

    private int Read() => _pos < _len || Fill() ? _buffer[_pos++] : EndOfFile;

    private bool Fill()
    {
        _bufferStart += _len;
        _pos = 0;
        _len = _reader.Read(_buffer, 0, _buffer.Length);
        return _len > 0;
    }

    private void Append(char c)
    {
        if (_fieldLength == _field.Length)
        {
            Array.Resize(ref _field, _field.Length * 2);
        }

        _field[_fieldLength++] = c;
    }

    private void Append(ReadOnlySpan<char> text)
    {
        if (_fieldLength + text.Length > _field.Length)
        {
            Array.Resize(ref _field, Math.Max(_field.Length * 2, _fieldLength + text.Length));
        }

        text.CopyTo(_field.AsSpan(_fieldLength));
        _fieldLength += text.Length;
    }

    private static string Show(int c) => char.IsControl((char)c) ? $"character U+{c:X4}" : $"'{(char)c}'";

    private static string Names(string[] columns) =>
        columns.Length <= 8 ? string.Join(", ", columns) : string.Join(", ", columns[..8]) + $", … ({columns.Length - 8} more)";

    private static string Plural(int count, string noun) => count == 1 ? noun : noun + "s";
}
