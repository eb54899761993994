using System.Globalization;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Aws.CostExplorer;

namespace FinOpsDashboard.Infrastructure.Demo;

/// <summary>
/// Answers Cost Explorer requests from the ledger, shaped like AWS's answers: amounts as invariant-culture
/// strings, DAILY results paged 14 days at a time, tag group keys "key$value", unrecognised filters → no data.
/// </summary>
internal sealed class DemoCostExplorer(DemoEngine engine)
{
    public const int DaysPerPage = 14;

    private static readonly HashSet<string> CostMetrics = new(StringComparer.Ordinal)
    {
        "UnblendedCost", "AmortizedCost", "NetUnblendedCost", "NetAmortizedCost", "BlendedCost",
    };

    private const string UsageQuantity = "UsageQuantity";

    public GetCostAndUsageResponse GetCostAndUsage(GetCostAndUsageRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var window = ParseWindow(request.TimePeriod);
        var periods = Periods(window, request.Granularity);
        var first = 0;
        if (!string.IsNullOrEmpty(request.NextPageToken))
        {
            var start = DemoPaging.DecodeDay(request.NextPageToken);
            first = periods.FindIndex(p => p.Start == start);
            if (first < 0)
            {
                throw new ArgumentException($"Page token does not belong to {window}.", nameof(request));
            }
        }

        var pageSize = string.Equals(request.Granularity, "DAILY", StringComparison.Ordinal) ? DaysPerPage : Math.Max(periods.Count, 1);
        var groupBy = request.GroupBy ?? [];
        var recognised = DemoCostExplorerFilter.IsRecognised(request.Filter)
            && groupBy.Count <= 2
            && groupBy.All(DemoCostExplorerFilter.IsRecognisedGroup);
        var today = engine.Today;
        engine.Warm(periods.Skip(first).Take(pageSize).SelectMany(p => p.EachDay()));

        var results = periods
            .Skip(first)
            .Take(pageSize)
            .Select(p => Result(p, request, groupBy, recognised, today))
            .ToList();
        var next = first + pageSize < periods.Count ? DemoPaging.EncodeDay(periods[first + pageSize].Start) : null;
        return new GetCostAndUsageResponse(results, request.GroupBy, next);
    }

    public GetDimensionValuesResponse GetDimensionValues(GetDimensionValuesRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var window = ParseWindow(request.TimePeriod);
        var today = engine.Today;
        var values = new SortedSet<string>(StringComparer.Ordinal);
        if (DemoCostExplorerFilter.IsKnownDimension(request.Dimension))
        {
            engine.Warm(window.EachDay());
            foreach (var day in window.EachDay())
            {
                foreach (var line in engine.BilledLines(day, today))
                {
                    var value = DemoCostExplorerFilter.DimensionValue(request.Dimension, line)!;
                    if (string.IsNullOrEmpty(request.SearchString) || value.Contains(request.SearchString, StringComparison.OrdinalIgnoreCase))
                    {
                        values.Add(value);
                    }
                }
            }
        }

        var list = values.Select(v => new DimensionValuesWithAttributes(v, new Dictionary<string, string>())).ToList();
        return new GetDimensionValuesResponse(list, list.Count, list.Count, null);
    }

    public GetTagsResponse GetTags(GetTagsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var window = ParseWindow(request.TimePeriod);
        var today = engine.Today;
        var values = new SortedSet<string>(StringComparer.Ordinal);
        if (request.TagKey is DemoCostExplorerFilter.TeamTag or DemoCostExplorerFilter.FeatureTag && DemoCostExplorerFilter.IsRecognised(request.Filter))
        {
            engine.Warm(window.EachDay());
            foreach (var day in window.EachDay())
            {
                foreach (var line in engine.BilledLines(day, today))
                {
                    if (DemoCostExplorerFilter.Matches(request.Filter, line))
                    {
                        // Untagged spend shows as the empty value, as Cost Explorer lists it.
                        values.Add(DemoCostExplorerFilter.TagValue(request.TagKey, line) ?? "");
                    }
                }
            }
        }

        return new GetTagsResponse(values.ToList(), values.Count, values.Count, null);
    }

    /// <summary>Invariant culture, up to 10 decimals, no exponent: 123.4567890123.</summary>
    public static string FormatAmount(decimal amount) => amount.ToString("0.##########", CultureInfo.InvariantCulture);

    private ResultByTime Result(DateWindow period, GetCostAndUsageRequest request, IReadOnlyList<GroupDefinition> groupBy, bool recognised, DateOnly today)
    {
        var interval = new DateInterval(Iso(period.Start), Iso(period.End));
        var estimated = period.EachDay().Any(d => engine.IsEstimated(d, today));
        var groups = new SortedDictionary<string, (string[] Keys, decimal Cost, decimal Quantity)>(StringComparer.Ordinal);
        decimal totalCost = 0, totalQuantity = 0;
        if (recognised)
        {
            foreach (var day in period.EachDay())
            {
                foreach (var line in engine.BilledLines(day, today))
                {
                    if (!DemoCostExplorerFilter.Matches(request.Filter, line))
                    {
                        continue;
                    }

                    totalCost += line.UnblendedCost;
                    totalQuantity += line.Quantity;
                    if (groupBy.Count == 0)
                    {
                        continue;
                    }

                    var keys = groupBy.Select(g => DemoCostExplorerFilter.GroupKey(g, line) ?? "").ToArray();
                    var composite = string.Join('\u001f', keys);
                    groups[composite] = groups.TryGetValue(composite, out var g0)
                        ? (g0.Keys, g0.Cost + line.UnblendedCost, g0.Quantity + line.Quantity)
                        : (keys, line.UnblendedCost, line.Quantity);
                }
            }
        }

        // With GroupBy, AWS leaves Total empty; without, Total carries the metrics.
        var total = groupBy.Count == 0 ? Metrics(request.Metrics, totalCost, totalQuantity) : new Dictionary<string, MetricValue>();
        var groupList = groups.Values.Select(g => new Group(g.Keys, Metrics(request.Metrics, g.Cost, g.Quantity))).ToList();
        return new ResultByTime(interval, total, groupList, estimated);
    }

    private static Dictionary<string, MetricValue> Metrics(IReadOnlyList<string> names, decimal cost, decimal quantity)
    {
        var metrics = new Dictionary<string, MetricValue>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (CostMetrics.Contains(name))
            {
                metrics[name] = new MetricValue(FormatAmount(cost), "USD");
            }
            else if (name == UsageQuantity)
            {
                metrics[name] = new MetricValue(FormatAmount(quantity), "N/A");
            }
        }

        return metrics;
    }

    private static List<DateWindow> Periods(DateWindow window, string granularity)
    {
        switch (granularity)
        {
            case "DAILY":
                return window.EachDay().Select(d => new DateWindow(d, d.AddDays(1))).ToList();
            case "MONTHLY":
                var periods = new List<DateWindow>();
                for (var start = window.Start; start < window.End;)
                {
                    var monthEnd = DateWindow.MonthOf(start).End;
                    var end = monthEnd < window.End ? monthEnd : window.End;
                    periods.Add(new DateWindow(start, end));
                    start = end;
                }

                return periods;
            default:
                return [];
        }
    }

    private static DateWindow ParseWindow(DateInterval interval)
    {
        ArgumentNullException.ThrowIfNull(interval);
        if (!DateOnly.TryParseExact(interval.Start, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !DateOnly.TryParseExact(interval.End, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
            || end < start)
        {
            throw new ArgumentException($"Invalid TimePeriod {interval.Start}..{interval.End}: expected yyyy-MM-dd with Start on or before End.", nameof(interval));
        }

        return new DateWindow(start, end);
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
