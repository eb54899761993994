namespace FinOpsDashboard.Infrastructure.Demo;

/// <summary>When in the UTC day a stream's traffic arrives (the organisation works US hours).</summary>
public enum DemoHourProfile
{
    /// <summary>Interactive: peaks 13:00-21:00 UTC, quiet overnight.</summary>
    BusinessHours,

    /// <summary>Bulk job: all traffic in 01:00-05:00 UTC.</summary>
    Overnight,

    /// <summary>Batch-inference jobs completing 02:00-07:00 UTC.</summary>
    NightlyBatch,

    /// <summary>Machine traffic with a mild daily swing.</summary>
    AroundTheClock,

    /// <summary>A runaway retry loop: 10:00-21:00 UTC, flat.</summary>
    RetryStorm,
}

/// <summary>Tokens per call: the day's average is drawn around <c>Mean</c> and kept within [Min, Max].</summary>
public sealed record DemoTokenShape(double Mean, long Min, long Max)
{
    public static DemoTokenShape None { get; } = new(0, 0, 0);
}

/// <summary>
/// One stream of traffic: a (team, feature, model, route, pricing mode) with its volume and shape.
/// <c>InputTokens</c> counts every prompt token, cached or not; the cache shares split it into cache reads,
/// cache writes and plain (billed) input.
/// </summary>
public sealed record DemoStream
{
    public required int Index { get; init; }
    public required string Id { get; init; }

    /// <summary>Null: the spend carries no team tag (the "unattributed" bucket).</summary>
    public string? Team { get; init; }

    public string? Feature { get; init; }
    public required DemoModel Model { get; init; }
    public required DemoRoute Route { get; init; }
    public required DemoPricingMode Mode { get; init; }
    public required string RegionCode { get; init; }

    /// <summary>The CloudWatch ModelId dimension value callers pass (model id, profile id or provisioned-model ARN).</summary>
    public required string ModelId { get; init; }

    /// <summary>Requests on a weekday at AnchorDay, before noise.</summary>
    public required double BaseDailyRequests { get; init; }

    public required DemoTokenShape InputTokens { get; init; }
    public required DemoTokenShape OutputTokens { get; init; }

    /// <summary>Share of prompt tokens read from the prompt cache.</summary>
    public double CacheReadShare { get; init; }

    /// <summary>Share of prompt tokens written to the prompt cache.</summary>
    public double CacheWriteShare { get; init; }

    /// <summary>Share of cache writes that use the 1-hour TTL.</summary>
    public double CacheWrite1hShare { get; init; }

    public required DemoHourProfile HourProfile { get; init; }

    /// <summary>Saturday and Sunday volume relative to a weekday; 1 for machine traffic.</summary>
    public double WeekendFactor { get; init; } = 1.0;

    /// <summary>Volume growth per 120 days (0.15 = +15 %), compounding daily, anchored at AnchorDay.</summary>
    public double GrowthPer120Days { get; init; }

    /// <summary>Day-to-day volume noise (log-normal sigma).</summary>
    public double NoiseSd { get; init; } = 0.05;

    public string Service => Model.Service;

    public string Region => DemoRegions.Name(RegionCode);

    public bool IsProvisioned => Route == DemoRoute.Provisioned;
}

internal static class DemoHourProfiles
{
    private static readonly double[] Business =
        [0.55, 0.40, 0.30, 0.22, 0.18, 0.18, 0.20, 0.25, 0.32, 0.42, 0.55, 0.70,
         0.85, 1.00, 1.10, 1.15, 1.15, 1.10, 1.05, 1.00, 0.95, 0.85, 0.75, 0.65];

    private static readonly double[] Overnight =
        [0, 0.90, 1.10, 1.05, 0.95, 0, 0, 0, 0, 0, 0, 0,
         0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private static readonly double[] NightlyBatch =
        [0, 0, 0.60, 1.00, 1.00, 0.90, 0.50, 0, 0, 0, 0, 0,
         0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private static readonly double[] AroundTheClock =
        Enumerable.Range(0, 24).Select(h => 1.0 + (0.15 * Math.Sin(2 * Math.PI * (h - 10) / 24.0))).ToArray();

    private static readonly double[] RetryStorm =
        Enumerable.Range(0, 24).Select(h => h is >= 10 and <= 20 ? 1.0 : 0.0).ToArray();

    public static IReadOnlyList<double> Weights(DemoHourProfile profile) => profile switch
    {
        DemoHourProfile.BusinessHours => Business,
        DemoHourProfile.Overnight => Overnight,
        DemoHourProfile.NightlyBatch => NightlyBatch,
        DemoHourProfile.AroundTheClock => AroundTheClock,
        DemoHourProfile.RetryStorm => RetryStorm,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown hour profile."),
    };
}

internal static class DemoCalendar
{
    /// <summary>Weekday shape for interactive traffic (mid-week peak, Friday dip); weekends use the stream's factor.</summary>
    public static double DayFactor(DateOnly day, double weekendFactor)
    {
        var dow = day.DayOfWeek;
        if (dow is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            return weekendFactor;
        }

        if (weekendFactor >= 0.99)
        {
            return 1.0;
        }

        return dow switch
        {
            DayOfWeek.Monday => 1.00,
            DayOfWeek.Tuesday => 1.04,
            DayOfWeek.Wednesday => 1.05,
            DayOfWeek.Thursday => 1.02,
            _ => 0.92,
        };
    }
}

/// <summary>Splits integer totals over weighted slots so the parts always add up exactly.</summary>
internal static class DemoDistribution
{
    /// <summary>Floors each slot's proportional share; the last weighted slot takes the remainder (so sums are exact).</summary>
    public static void Distribute(long total, ReadOnlySpan<long> weights, Span<long> parts)
    {
        parts.Clear();
        long weightSum = 0;
        var last = -1;
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] > 0)
            {
                weightSum += weights[i];
                last = i;
            }
        }

        if (total == 0 || last < 0)
        {
            return;
        }

        long assigned = 0;
        for (var i = 0; i < last; i++)
        {
            if (weights[i] > 0)
            {
                parts[i] = (long)((Int128)total * weights[i] / weightSum);
                assigned += parts[i];
            }
        }

        parts[last] = total - assigned;
    }
}
