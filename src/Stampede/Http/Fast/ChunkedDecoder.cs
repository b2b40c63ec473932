namespace Stampede.Http.Fast;

/// <summary>The outcome of one <see cref="ChunkedDecoder.Decode"/> step.</summary>
internal enum ChunkStatus : byte
{
    /// <summary>Made progress (consumed bytes, maybe found data); call again with the rest.</summary>
    Progress,

    /// <summary>Everything given was consumed and the body is not finished: read more.</summary>
    NeedMoreData,

    /// <summary>The last chunk and the trailers were read; the body is complete.</summary>
    Done,

    /// <summary>Not valid chunked encoding.</summary>
    Invalid,
}

/// <summary>
/// Decodes a Transfer-Encoding: chunked body incrementally (RFC 9112 §7.1): chunk sizes in hex,
/// extensions ignored, trailer fields read and discarded. It never copies; each step reports which
/// bytes of its input are body data.
/// </summary>
internal struct ChunkedDecoder
{
    /// <summary>Longest chunk-size line or trailer line accepted (extensions included).</summary>
    internal const int MaxLineLength = 8 * 1024;

    private State _state;
    private long _remaining;
    private int _lineLength;
    private bool _sawDigit;

    private enum State : byte
    {
        Size,
        Extension,
        SizeLf,
        Data,
        DataCr,
        DataLf,
        TrailerStart,
        TrailerLine,
        TrailerLf,
        FinalLf,
        Done,
    }

    /// <summary>
    /// Decodes from the start of <paramref name="input"/>. <paramref name="consumed"/> bytes were used;
    /// of them, <paramref name="dataLength"/> bytes starting at <paramref name="dataOffset"/> are body data.
    /// </summary>
    public ChunkStatus Decode(ReadOnlySpan<byte> input, out int consumed, out int dataOffset, out int dataLength)
    {
        dataOffset = 0;
        dataLength = 0;
        var i = 0;
        while (i < input.Length)
        {
            var b = input[i];
            switch (_state)
            {
                case State.Size:
                    var digit = HexValue(b);
                    if (digit >= 0)
                    {
                        if (_remaining > (long.MaxValue >> 4))
                        {
                            consumed = i;
                            return ChunkStatus.Invalid;
                        }

                        _remaining = (_remaining << 4) | (uint)digit;
                        _sawDigit = true;
                        i++;
                        continue;
                    }

                    if (!_sawDigit)
                    {
                        consumed = i;
                        return ChunkStatus.Invalid;
                    }

                    if (b is (byte)';' or (byte)' ' or (byte)'\t')
                    {
                        _state = State.Extension;
                        _lineLength = 0;
                    }
                    else if (b == (byte)'\r')
                    {
                        _state = State.SizeLf;
                    }
                    else if (b == (byte)'\n')
                    {
                        _state = AfterSizeLine();
                    }
                    else
                    {
                        consumed = i;
                        return ChunkStatus.Invalid;
                    }

                    i++;
                    continue;

                case State.Extension:
                    if (++_lineLength > MaxLineLength)
                    {
                        consumed = i;
                        return ChunkStatus.Invalid;
                    }

                    if (b == (byte)'\n')
                    {
                        _state = AfterSizeLine();
                    }
                    else if (b == (byte)'\r')
                    {
                        _state = State.SizeLf;
                    }

                    i++;
                    continue;

                case State.SizeLf:
                    if (b != (byte)'\n')
                    {
                        consumed = i;
                        return ChunkStatus.Invalid;
                    }

                    _state = AfterSizeLine();
                    i++;
                    continue;

                case State.Data:
                    var take = (int)Math.Min(_remaining, input.Length - i);
                    dataOffset = i;
                    dataLength = take;
                    _remaining -= take;
                    i += take;
                    if (_remaining == 0)
                    {
                        _state = State.DataCr;
                    }

                    consumed = i;
                    return i == input.Length && _state == State.Data ? ChunkStatus.NeedMoreData : ChunkStatus.Progress;

                case State.DataCr:
                    // The CRLF after chunk data; a bare LF is tolerated, as HttpClient does.
                    _state = b switch
                    {
                        (byte)'\r' => State.DataLf,
                        (byte)'\n' => State.Size,
                        _ => State.Done,
                    };
                    if (_state == State.Done)
                    {
                        consumed = i;
                        return ChunkStatus.Invalid;
                    }

                    i++;
                    continue;

                case State.DataLf:
                    if (b != (byte)'\n')
                    {
                        consumed = i;
                        return ChunkStatus.Invalid;
                    }

                    _state = State.Size;
                    i++;
                    continue;

                case State.TrailerStart:
                    // After the last chunk: either the final CRLF, or trailer fields.
                    if (b == (byte)'\r')
                    {
                        _state = State.FinalLf;
                    }
                    else if (b == (byte)'\n')
                    {
                        _state = State.Done;
                        consumed = i + 1;
                        return ChunkStatus.Done;
                    }
                    else
                    {
                        _state = State.TrailerLine;
                        _lineLength = 1;
                    }

                    i++;
                    continue;

                case State.TrailerLine:
                    if (++_lineLength > MaxLineLength)
                    {
                        consumed = i;
                        return ChunkStatus.Invalid;
                    }

                    if (b == (byte)'\n')
                    {
                        _state = State.TrailerStart;
                    }
                    else if (b == (byte)'\r')
                    {
                        _state = State.TrailerLf;
                    }

                    i++;
                    continue;

                case State.TrailerLf:
                    if (b != (byte)'\n')
                    {
                        consumed = i;
                        return ChunkStatus.Invalid;
                    }

                    _state = State.TrailerStart;
                    i++;
                    continue;

                case State.FinalLf:
                    if (b != (byte)'\n')
                    {
                        consumed = i;
                        return ChunkStatus.Invalid;
                    }

                    _state = State.Done;
                    consumed = i + 1;
                    return ChunkStatus.Done;

                default:
                    consumed = i;
                    return ChunkStatus.Done;
            }
        }

        consumed = i;
        return _state == State.Done ? ChunkStatus.Done : ChunkStatus.NeedMoreData;
    }

    /// <summary>After a chunk-size line: data follows, or the trailers after the last (zero) chunk.</summary>
    private State AfterSizeLine()
    {
        _lineLength = 0;
        _sawDigit = false;
        return _remaining == 0 ? State.TrailerStart : State.Data;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
