using System.Globalization;
using System.Text;
using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Time;
using Microsoft.AspNetCore.WebUtilities;

namespace FinOpsDashboard.Web.Components.Pages.Explorer;

/// <summary>
/// Everything an explorer view is: window, filters, one or two groupings and an optional drill-down. It round-trips
/// through the query string, so a view can be bookmarked or shared and the CSV export and JSON API take the same URL.
/// </summary>
public sealed record ExplorerView(DateWindow Window, SpendDimension GroupBy, SpendDimension? ThenBy)
{
    public static readonly SpendDimension[] FilterDimensions =
        [SpendDimension.Account, SpendDimension.Model, SpendDimension.Team, SpendDimension.Feature, SpendDimension.PricingMode];

    public IReadOnlyDictionary<SpendDimension, IReadOnlyList<string>> Filters { get; init; } = new Dictionary<SpendDimension, IReadOnlyList<string>>();

    /// <summary>The row drilled into: its first and (when grouping by two) second key.</summary>
    public (string First, string? Second)? Drill { get; init; }

    /// <summary>Last 30 complete days by model: the view a new visitor lands on.</summary>
    public static ExplorerView Default(DateOnly today) => new(DateWindow.Trailing(today.AddDays(-1), 30), SpendDimension.Model, null);

    public SpendFilter ToFilter()
    {
        var filter = new SpendFilter(Window);
        foreach (var (dimension, values) in Filters)
        {
            filter = filter.With(dimension, values);
        }

        return filter;
    }

    /// <summary>The filter narrowed to the drilled row: what the facts table lists.</summary>
    public SpendFilter DrillFilter()
    {
        var filter = ToFilter();
        if (Drill is not { } drill)
        {
            return filter;
        }

        filter = filter.With(GroupBy, Narrow(filter.ValuesFor(GroupBy), drill.First));
        return ThenBy is { } then && drill.Second is { } second ? filter.With(then, Narrow(filter.ValuesFor(then), second)) : filter;
    }

    public ExplorerView WithFilter(SpendDimension dimension, IEnumerable<string>? values)
    {
        var filters = Filters.ToDictionary(kv => kv.Key, kv => kv.Value);
        var list = values?.Distinct(StringComparer.Ordinal).ToList();
        if (list is { Count: > 0 })
        {
            filters[dimension] = list;
        }
        else
        {
            filters.Remove(dimension);
        }

        return this with { Filters = filters, Drill = null };
    }

    /// <summary>"?from=2026-10-23&amp;to=2026-11-22&amp;by=model&amp;then=team&amp;team=search,support&amp;drill=Nova%20Pro|search"</summary>
    public string ToQueryString()
    {
        var parts = new List<KeyValuePair<string, string?>>
        {
            new("from", Window.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            new("to", Window.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            new("by", GroupBy.Slug()),
        };
        if (ThenBy is { } then)
        {
            parts.Add(new("then", then.Slug()));
        }

        foreach (var dimension in FilterDimensions)
        {
            if (Filters.TryGetValue(dimension, out var values))
            {
                parts.Add(new(dimension.Slug(), string.Join(',', values.Select(EscapeListItem))));
            }
        }

        if (Drill is { } drill)
        {
            parts.Add(new("drill", drill.Second is null ? EscapeListItem(drill.First) : $"{EscapeListItem(drill.First)}|{EscapeListItem(drill.Second)}"));
        }

        return QueryString.Create(parts).ToUriComponent();
    }

    /// <summary>Parses a query string; a malformed value throws <see cref="FormatException"/> naming the parameter.</summary>
    public static ExplorerView Parse(IReadOnlyDictionary<string, string?> query, DateOnly today)
    {
        var fallback = Default(today);
        var from = Date(query, "from") ?? fallback.Window.Start;
        var to = Date(query, "to") ?? fallback.Window.End;
        if (to <= from)
        {
            throw new FormatException("'to' must be after 'from' (the window is [from, to)).");
        }

        if (to.DayNumber - from.DayNumber > 3 * 366)
        {
            throw new FormatException("The window is at most three years.");
        }

        var by = Dimension(query, "by") ?? fallback.GroupBy;
        var then = Dimension(query, "then");
        if (then == by)
        {
            then = null;
        }

        var filters = new Dictionary<SpendDimension, IReadOnlyList<string>>();
        foreach (var dimension in FilterDimensions)
        {
            if (query.TryGetValue(dimension.Slug(), out var raw) && !string.IsNullOrEmpty(raw))
            {
                filters[dimension] = SplitList(raw, ',');
            }
        }

        (string, string?)? drill = null;
        if (query.TryGetValue("drill", out var drillRaw) && !string.IsNullOrEmpty(drillRaw))
        {
            var keys = SplitList(drillRaw, '|');
            drill = (keys[0], then is null ? null : keys.ElementAtOrDefault(1));
        }

        return new ExplorerView(new DateWindow(from, to), by, then) { Filters = filters, Drill = drill };
    }

    public static ExplorerView Parse(string uri, DateOnly today)
    {
        var query = QueryHelpers.ParseQuery(new Uri(uri).Query).ToDictionary(kv => kv.Key, kv => (string?)kv.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return Parse(query, today);
    }

    private static IReadOnlyCollection<string> Narrow(IReadOnlyCollection<string>? existing, string key) =>
        existing is null || existing.Contains(key) ? [key] : [];

    private static DateOnly? Date(IReadOnlyDictionary<string, string?> query, string name) =>
        query.TryGetValue(name, out var raw) && !string.IsNullOrEmpty(raw)
            ? DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : throw new FormatException($"'{name}' must be a date like 2026-11-01, not '{raw}'.")
            : null;

    private static SpendDimension? Dimension(IReadOnlyDictionary<string, string?> query, string name)
    {
        if (!query.TryGetValue(name, out var raw) || string.IsNullOrEmpty(raw))
        {
            return null;
        }

        try
        {
            return SpendDimensions.Parse(raw);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"'{name}': {ex.Message}");
        }
    }

    // Keys may contain ',' or '|' (team names are free text): those are backslash-escaped inside list values.
    private static string EscapeListItem(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal);

    private static List<string> SplitList(string raw, char separator)
    {
        var items = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\\' && i + 1 < raw.Length)
            {
                current.Append(raw[++i]);
            }
            else if (raw[i] == separator)
            {
                items.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(raw[i]);
            }
        }

        items.Add(current.ToString());
        return items;
    }
}
