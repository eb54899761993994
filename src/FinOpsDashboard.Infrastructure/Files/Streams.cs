using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Compression;
using System.Security.Cryptography;

namespace FinOpsDashboard.Infrastructure.Files;

/// <summary>
/// Wraps the raw object stream: counts bytes (progress), keeps the last 8 bytes (the gzip trailer) and, for local
/// files, hashes what passes through so the SHA-256 costs no second read. The hash runs on another thread (this
/// machine class has no SHA instructions: hashing inline would cost as much as parsing), fed through a bounded queue
/// of pooled copies, so memory stays a few buffers whatever the file size.
/// </summary>
internal sealed class TrackingStream : ReadOnlyForwardStream
{
    private const int QueuedBuffers = 8;

    private readonly IncrementalHash? _sha256;
    private readonly BlockingCollection<(byte[] Buffer, int Length)>? _queue;

    // Buffers go back and forth between two threads; ArrayPool.Shared's per-thread caches would keep allocating.
    private readonly ConcurrentQueue<byte[]> _free = new();
    private readonly Task? _hasher;
    private readonly byte[] _tail = new byte[8];
    private int _tailLength;
    private string? _hash;

    public TrackingStream(Stream inner, bool hash)
        : base(inner)
    {
        if (hash)
        {
            _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            _queue = new BlockingCollection<(byte[], int)>(QueuedBuffers);
            _hasher = Task.Factory.StartNew(HashQueued, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
    }

    public long BytesRead { get; private set; }

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override int Read(Span<byte> buffer)
    {
        var n = Inner.Read(buffer);
        Track(buffer[..n]);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await Inner.ReadAsync(buffer, cancellationToken);
        Track(buffer.Span[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Reads whatever the consumer left (a rejected file still needs its full hash).</summary>
    public void Drain()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            while (Read(buffer) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>"sha256:&lt;hex&gt;" of everything read; only meaningful after the stream was read to its end.</summary>
    public string Sha256()
    {
        if (_sha256 is null || _queue is null || _hasher is null)
        {
            throw new InvalidOperationException("This stream was opened without hashing.");
        }

        if (_hash is null)
        {
            _queue.CompleteAdding();
            _hasher.GetAwaiter().GetResult();
            _hash = "sha256:" + Convert.ToHexStringLower(_sha256.GetCurrentHash());
        }

        return _hash;
    }

    /// <summary>The gzip trailer's ISIZE: uncompressed length mod 2^32 of the (last) member.</summary>
    public uint? TrailerUncompressedSize => _tailLength == 8 ? BinaryPrimitives.ReadUInt32LittleEndian(_tail.AsSpan(4)) : null;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (_queue is not null && !_queue.IsAddingCompleted)
            {
                _queue.CompleteAdding();
            }

            _hasher?.GetAwaiter().GetResult();
            _queue?.Dispose();
            _sha256?.Dispose();
        }

        base.Dispose(disposing);
    }

    private void HashQueued()
    {
        foreach (var (buffer, length) in _queue!.GetConsumingEnumerable())
        {
            _sha256!.AppendData(buffer, 0, length);
            _free.Enqueue(buffer);
        }
    }

    private void Track(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        BytesRead += data.Length;
        if (_queue is not null)
        {
            if (!_free.TryDequeue(out var copy) || copy.Length < data.Length)
            {
                copy = new byte[Math.Max(data.Length, 1 << 16)];
            }

            data.CopyTo(copy);
            _queue.Add((copy, data.Length));
        }

        if (data.Length >= 8)
        {
            data[^8..].CopyTo(_tail);
            _tailLength = 8;
            return;
        }

        var keep = Math.Min(_tailLength, 8 - data.Length);
        _tail.AsSpan(_tailLength - keep, keep).CopyTo(_tail);
        data.CopyTo(_tail.AsSpan(keep));
        _tailLength = keep + data.Length;
    }
}

/// <summary>Counts what a decompressor hands out, to check it against the gzip trailer at the end.</summary>
internal sealed class CountingReadStream(Stream inner) : ReadOnlyForwardStream(inner)
{
    public long BytesRead { get; private set; }
    public bool ReachedEnd { get; private set; }

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override int Read(Span<byte> buffer)
    {
        var n = Inner.Read(buffer);
        BytesRead += n;
        ReachedEnd |= n == 0 && buffer.Length > 0;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await Inner.ReadAsync(buffer, cancellationToken);
        BytesRead += n;
        ReachedEnd |= n == 0 && buffer.Length > 0;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

}

/// <summary>Bytes already read for sniffing, then the rest of the stream.</summary>
internal sealed class PrefixedStream(byte[] prefix, int prefixLength, Stream inner) : ReadOnlyForwardStream(inner)
{
    private int _position;

    public override int Read(Span<byte> buffer)
    {
        if (_position < prefixLength)
        {
            var n = Math.Min(buffer.Length, prefixLength - _position);
            prefix.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        return Inner.Read(buffer);
    }

}

/// <summary>
/// Cuts every line longer than <paramref name="maxLineBytes"/> down to its first <paramref name="maxLineBytes"/> bytes
/// and remembers its number, so a CSV parser never buffers more than that for one record and the reader can refuse
/// exactly that line (file, line, why) while every other line is read as usual. Lines end at '\n' (a "\r\n" ending
/// keeps its '\r' in the line), which is how <see cref="BillingCsvReader"/> numbers them too.
/// </summary>
internal sealed class LineLengthGuard(Stream inner, int maxLineBytes) : ReadOnlyForwardStream(inner)
{
    private readonly HashSet<long> _cutLines = [];
    private long _line = 1;
    private long _lineLength;
    private bool _dropping;

    /// <summary>True once any line was cut (callers skip the per-line lookup until then).</summary>
    public bool HasCutLines => _cutLines.Count > 0;

    /// <summary>True when line <paramref name="lineNumber"/> (1-based) was longer than the limit and was cut.</summary>
    public bool WasCut(long lineNumber) => _cutLines.Contains(lineNumber);

    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            var n = Inner.Read(buffer);
            if (n == 0)
            {
                return 0;
            }

            var written = Filter(buffer[..n]);
            if (written > 0)
            {
                return written;
            }

            // Everything read belonged to a line being dropped: read on rather than report a false end of stream.
        }
    }

    /// <summary>Compacts <paramref name="data"/> in place to what the parser may see; returns its length.</summary>
    private int Filter(Span<byte> data)
    {
        var read = 0;
        var written = 0;
        while (read < data.Length)
        {
            var newline = data[read..].IndexOf((byte)'\n');
            var end = newline < 0 ? data.Length : read + newline;
            if (!_dropping)
            {
                var segment = end - read;
                var keep = (int)Math.Min(segment, Math.Max(0, maxLineBytes - _lineLength));
                if (keep > 0 && written != read)
                {
                    data.Slice(read, keep).CopyTo(data[written..]);
                }

                written += keep;
                _lineLength += segment;
                if (_lineLength > maxLineBytes)
                {
                    _dropping = true;
                    _cutLines.Add(_line);
                }
            }

            if (newline < 0)
            {
                break;
            }

            data[written++] = (byte)'\n';
            read = end + 1;
            _line++;
            _lineLength = 0;
            _dropping = false;
        }

        return written;
    }
}

/// <summary>Fails the read once more than <paramref name="maxBytes"/> have come through (Imports:MaxFileBytes).</summary>
internal sealed class SizeLimitStream(Stream inner, long maxBytes) : ReadOnlyForwardStream(inner)
{
    private long _total;

    public override int Read(Span<byte> buffer)
    {
        var n = Inner.Read(buffer);
        _total += n;
        return _total <= maxBytes
            ? n
            : throw new InvalidDataException(
                $"The file holds more than {maxBytes:N0} bytes (after decompression), the most Imports:MaxFileBytes allows: it was not imported.");
    }
}

/// <summary>
/// An object opened for reading: gzip is detected from its magic bytes, not its name. .NET's GZipStream returns a
/// clean end of stream for truncated input, so <see cref="VerifyComplete"/> checks the trailer's length field.
/// </summary>
internal sealed class OpenedContent : IDisposable
{
    private readonly TrackingStream _raw;
    private readonly CountingReadStream? _decompressed;

    private OpenedContent(TrackingStream raw, CountingReadStream? decompressed, Stream content)
    {
        _raw = raw;
        _decompressed = decompressed;
        Content = content;
    }

    public Stream Content { get; }
    public bool IsGzip => _decompressed is not null;
    public long RawBytesRead => _raw.BytesRead;

    public static OpenedContent Open(Stream source, bool hash)
    {
        var raw = new TrackingStream(source, hash);
        var magic = new byte[2];
        var read = 0;
        while (read < 2)
        {
            var n = raw.Read(magic, read, 2 - read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        var restored = new PrefixedStream(magic, read, raw);
        if (read == 2 && magic[0] == 0x1F && magic[1] == 0x8B)
        {
            var counting = new CountingReadStream(new GZipStream(restored, CompressionMode.Decompress));
            return new OpenedContent(raw, counting, counting);
        }

        return new OpenedContent(raw, null, restored);
    }

    /// <summary>Throws <see cref="InvalidDataException"/> when a gzip object ended before its trailer (a truncated upload or copy).</summary>
    public void VerifyComplete()
    {
        if (_decompressed is null)
        {
            return;
        }

        if (!_decompressed.ReachedEnd)
        {
            var buffer = new byte[81920];
            while (_decompressed.Read(buffer) > 0)
            {
            }
        }

        var trailer = _raw.TrailerUncompressedSize;
        if (trailer is null || trailer.Value != (uint)_decompressed.BytesRead)
        {
            throw new InvalidDataException(
                $"The gzip data is truncated or corrupt: {_decompressed.BytesRead:N0} bytes decompressed, but the gzip trailer does not match (incomplete upload or copy?).");
        }
    }

    /// <summary>SHA-256 of the whole raw object, reading what the parser left.</summary>
    public string Sha256()
    {
        _raw.Drain();
        return _raw.Sha256();
    }

    public void Dispose() => Content.Dispose();
}

/// <summary>What every forward-only, read-only wrapper here shares: no seek, no write, and it owns the stream it wraps.</summary>
internal abstract class ReadOnlyForwardStream(Stream inner) : Stream
{
    protected Stream Inner { get; } = inner;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public abstract override int Read(Span<byte> buffer);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
