using FinOpsDashboard.Domain;
using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Time;

namespace FinOpsDashboard.Web.Components.Shared;

/// <summary>A chart-only projection: Radzen plots doubles; every figure printed on a page stays decimal.</summary>
public sealed record ChartPoint(string Category, double Cost);

/// <summary>
/// One day of a daily stacked column chart. The category is the date, not its "MMM d" label: Radzen 12 looks a text
/// category up by a linear search of all categories, for every column and every series stacked under it, so a
/// year by nine keys cost ~40 s of server CPU per render of the explorer; a date category is read directly
/// (docs/benchmarks.md, "Load"). Axes format it with <see cref="AxisFormat"/>.
/// </summary>
public sealed record DayPoint(DateTime Day, double Cost)
{
    public const string AxisFormat = "{0:MMM d}";

    /// <summary>
    /// Half a day before the first plotted day: a date axis would otherwise start at the first column's centre and cut
    /// it in half. Taken from the points, not the page's window, so a render that already has the new window but
    /// still the old points does not stretch the old columns over the new range.
    /// </summary>
    public static DateTime AxisMin(IEnumerable<IEnumerable<DayPoint>> series) =>
        series.SelectMany(points => points).Select(p => p.Day).DefaultIfEmpty().Min().AddHours(-12);

    /// <summary>The same bound from a window that comes with its points in one snapshot (the overview).</summary>
    public static DateTime AxisMin(DateWindow window) => window.Start.ToDateTime(TimeOnly.MinValue).AddHours(-12);

    /// <summary>Half a day after the last plotted day, for the same reason.</summary>
    public static DateTime AxisMax(IEnumerable<IEnumerable<DayPoint>> series) =>
        series.SelectMany(points => points).Select(p => p.Day).DefaultIfEmpty().Max().AddHours(12);

    /// <summary>The same bound from a window that comes with its points in one snapshot (the overview).</summary>
    public static DateTime AxisMax(DateWindow window) => window.End.ToDateTime(TimeOnly.MinValue).AddHours(-12);

    /// <summary>One band of a daily chart: every day of <paramref name="window"/>, zero where <paramref name="key"/> had no spend.</summary>
    public static List<DayPoint> PerDay(IEnumerable<DailyKeyCost> daily, string key, DateWindow window)
    {
        var byDay = daily.Where(d => d.Key == key).ToDictionary(d => d.Date, d => d.Cost);
        return window.EachDay().Select(day => new DayPoint(day.ToDateTime(TimeOnly.MinValue), (double)byDay.GetValueOrDefault(day))).ToList();
    }
}
