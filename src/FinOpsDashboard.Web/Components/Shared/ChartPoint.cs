using FinOpsDashboard.Domain;
using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Time;

namespace FinOpsDashboard.Web.Components.Shared;

/// <summary>A chart-only projection: Radzen plots doubles; every figure printed on a page stays decimal.</summary>
public sealed record ChartPoint(string Category, double Cost)
{
    /// <summary>One band of a daily chart: every day of <paramref name="window"/>, zero where <paramref name="key"/> had no spend.</summary>
    public static List<ChartPoint> PerDay(IEnumerable<DailyKeyCost> daily, string key, DateWindow window)
    {
        var byDay = daily.Where(d => d.Key == key).ToDictionary(d => d.Date, d => d.Cost);
        return window.EachDay().Select(day => new ChartPoint(day.ToString("MMM d", Money.Culture), (double)byDay.GetValueOrDefault(day))).ToList();
    }
}
