namespace FinOpsDashboard.Infrastructure.Files;

/// <summary>
/// Remembers a value per distinct UTF-8 field value without making a string of it: the CSV reader does not pool
/// long values (CUR 2.0's product map is ~150 characters), and turning it into a string on every line would allocate
/// a gigabyte for a million lines. Bounded: past <see cref="MaxEntries"/> distinct values new ones are not kept.
/// </summary>
internal sealed class Utf8Memo<T>
{
    public const int MaxEntries = 10_000;

    private readonly Dictionary<int, (byte[] Key, T Value)> _entries = [];

    public bool TryGet(ReadOnlySpan<byte> key, out T value)
    {
        if (_entries.TryGetValue(Hash(key), out var entry) && key.SequenceEqual(entry.Key))
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Keeps the value unless the table is full or another key already has this hash (then it is simply not cached).</summary>
    public void Add(ReadOnlySpan<byte> key, T value)
    {
        if (_entries.Count < MaxEntries)
        {
            _entries.TryAdd(Hash(key), (key.ToArray(), value));
        }
    }

    private static int Hash(ReadOnlySpan<byte> key)
    {
        var hash = default(HashCode);
        hash.AddBytes(key);
        return hash.ToHashCode();
    }
}
