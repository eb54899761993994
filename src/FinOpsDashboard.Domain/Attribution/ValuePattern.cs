namespace FinOpsDashboard.Domain.Attribution;

/// <summary>
/// A rule's match: an exact value, <c>*</c> (any non-empty value), or a glob where <c>*</c> is any run of characters
/// (possibly none) and <c>?</c> exactly one: <c>arn:aws:iam::123456789012:role/search-*</c>. Comparison is ordinal
/// (case-sensitive), as AWS compares tag values and ARNs. Empty values never match: they mean "the source gave none".
/// </summary>
public sealed class ValuePattern
{
    private readonly string _pattern;
    private readonly bool _isExact;
    private readonly bool _isAny;

    private ValuePattern(string pattern)
    {
        _pattern = pattern;
        _isAny = pattern == "*";
        _isExact = pattern.IndexOfAny(['*', '?']) < 0;
    }

    /// <summary>Null when valid; otherwise why the pattern is refused.</summary>
    public static string? Problem(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return "The match is empty: use an exact value, * for any value, or a glob such as search-*.";
        }

        if (pattern.Contains("**", StringComparison.Ordinal))
        {
            return $"Bad glob '{pattern}': '**' is not supported (one * already matches any run of characters).";
        }

        var unsupported = pattern.IndexOfAny(['[', ']', '{', '}', '\\']);
        if (unsupported >= 0)
        {
            return $"Bad glob '{pattern}': '{pattern[unsupported]}' is not supported; the only wildcards are * (any characters) and ? (one character).";
        }

        return pattern.Any(char.IsControl) ? $"Bad glob '{pattern}': it contains a control character." : null;
    }

    /// <exception cref="ArgumentException">The pattern is not valid (see <see cref="Problem"/>).</exception>
    public static ValuePattern Parse(string pattern) =>
        Problem(pattern) is { } problem ? throw new ArgumentException(problem, nameof(pattern)) : new ValuePattern(pattern.Trim());

    public bool IsMatch(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        return _isAny || (_isExact ? string.Equals(value, _pattern, StringComparison.Ordinal) : Glob(_pattern, value));
    }

    public override string ToString() => _pattern;

    /// <summary>Iterative wildcard match with one backtrack point per star: linear in practice, no regex.</summary>
    private static bool Glob(ReadOnlySpan<char> pattern, ReadOnlySpan<char> value)
    {
        int p = 0, v = 0, star = -1, resume = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == value[v]))
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
