namespace FinOpsDashboard.Domain.Ingestion;

/// <summary>CloudWatch's retention and request limits, so a query never asks for what AWS no longer keeps.</summary>
public static class CloudWatchRetention
{
    /// <summary>Datapoints one GetMetricData call may return.</summary>
    public const int MaxDatapointsPerCall = 100_800;

    /// <summary>
    /// The oldest start a query with this period can use: 60-second points are kept 15 days, 300-second 63 days,
    /// 3600-second 455 days. Example: period 3600 at 2026-11-22 → 2025-08-24.
    /// </summary>
    public static DateTime EarliestStart(int periodSeconds, DateTime now) => periodSeconds switch
    {
        < 300 => now.AddDays(-15),
        < 3600 => now.AddDays(-63),
        _ => now.AddDays(-455),
    };

    /// <summary>
    /// Metrics per call so the answer stays within 100,800 points: 35 days hourly = 840 points → 120 metrics;
    /// never more than <paramref name="maxQueries"/> (the API's 500).
    /// </summary>
    public static int MetricsPerCall(DateTime from, DateTime to, int periodSeconds, int maxQueries)
    {
        var points = Math.Max(1, (long)Math.Ceiling((to - from).TotalSeconds / periodSeconds));
        return (int)Math.Clamp(MaxDatapointsPerCall / points, 1, maxQueries);
    }
}
