using System.Buffers;

namespace FinOpsDashboard.Infrastructure.Files;

/// <summary>
/// Reads a stream line by line as UTF-8 bytes into one pooled buffer that grows to the longest line, never to the
/// file. A line longer than <paramref name="maxLineBytes"/> is reported as over-long and skipped, not buffered.
/// </summary>
internal sealed class ByteLineReader(Stream stream, int maxLineBytes) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The next line without its "\n" / "\r\n"; false at the end. <paramref name="tooLong"/> marks a skipped over-long line.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line, out bool tooLong)
    {
        tooLong = false;
        var scanFrom = _start;
        while (true)
        {
            var newline = _buffer.AsSpan(scanFrom, _end - scanFrom).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineEnd = scanFrom + newline;
                line = TrimCarriageReturn(_buffer.AsSpan(_start, lineEnd - _start));
                _start = lineEnd + 1;
                LineNumber++;
                return true;
            }

            if (_eof)
            {
                if (_start < _end)
                {
                    line = TrimCarriageReturn(_buffer.AsSpan(_start, _end - _start));
                    _start = _end;
                    LineNumber++;
                    return true;
                }

                line = default;
                return false;
            }

            scanFrom = _end;
            if (_end - _start >= maxLineBytes)
            {
                SkipRestOfLine();
                LineNumber++;
                tooLong = true;
                line = default;
                return true;
            }

            Fill(ref scanFrom);
        }
    }

    public void Dispose()
    {
        // Lines may hold prompt text: clear the buffer before it goes back to the pool.
        ArrayPool<byte>.Shared.Return(_buffer, clearArray: true);
        _buffer = [];
    }

    private void Fill(ref int scanFrom)
    {
        if (_start > 0)
        {
            var pending = _end - _start;
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
            scanFrom -= _start;
            _start = 0;
            _end = pending;
        }

        if (_end == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)_buffer.Length * 2, (long)maxLineBytes + (1 << 16)));
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer, clearArray: true);
            _buffer = larger;
        }

        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    private void SkipRestOfLine()
    {
        _start = _end = 0;
        while (true)
        {
            var read = stream.Read(_buffer, 0, _buffer.Length);
            if (read == 0)
            {
                _eof = true;
                return;
            }

            var newline = _buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                _start = newline + 1;
                _end = read;
                return;
            }
        }
    }

    private static ReadOnlySpan<byte> TrimCarriageReturn(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
}
