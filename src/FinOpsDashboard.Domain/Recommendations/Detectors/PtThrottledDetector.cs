using static FinOpsDashboard.Domain.Recommendations.DetectorMath;

namespace FinOpsDashboard.Domain.Recommendations.Detectors;

/// <summary>
/// InvocationThrottles on a provisioned model or an on-demand model id: over the window at or above the rate setting, or
/// on any day at or above the day-rate setting. A capacity problem, not a saving: none is claimed.
/// </summary>
public sealed class PtThrottledDetector : IRecommendationDetector
{
    public string Lever => Levers.PtThrottled;

    public IEnumerable<Finding> Detect(RecommendationInputs inputs)
    {
        var s = inputs.Settings;
        foreach (var t in inputs.Telemetry)
        {
            var throttles = t.Throttles;
            var attempts = t.Invocations + throttles;
            if (throttles < s.ThrottleMinCount || attempts == 0)
            {
                continue;
            }

            var rate = (decimal)throttles / attempts;
            var worst = t.Days
                .Where(d => d.Throttles >= s.ThrottleMinCount && d.Invocations + d.Throttles > 0)
                .Select(d => (Day: d, Rate: (decimal)d.Throttles / (d.Invocations + d.Throttles)))
                .OrderByDescending(x => x.Rate)
                .FirstOrDefault();
            if (rate < s.ThrottleMinRate && (worst.Day is null || worst.Rate < s.ThrottleMinDayRate))
            {
                continue;
            }

            var advice = t.IsProvisioned
                ? "add a model unit, or spread the load over the day"
                : "raise the tokens-per-minute quota, add retries with backoff and jitter, or route through a cross-region inference profile";
            var worstText = worst.Day is { } wd ? $"; worst day {wd.Date:yyyy-MM-dd}: {Count(wd.Throttles)} throttled of {Count(wd.Invocations + wd.Throttles)} ({Percent(worst.Rate)})" : "";
            yield return new Finding(
                Lever,
                Key(Lever, t.ModelId),
                t.IsProvisioned ? $"Scale up provisioned {t.Model}: requests are throttled" : $"Throttling on {t.ModelId}",
                t.Model, null, null,
                0m,
                SavingsClaimed: false,
                Confidence.High,
                $"{inputs.Window}: {Count(throttles)} of {Count(attempts)} requests throttled ({Percent(rate, 2)}){worstText}. Throttled calls are retried, fail or time out: {advice}.",
                "No saving claimed: throttling costs reliability and retries, not list price.",
                [
                    new("Throttles", Count(throttles)),
                    new("Invocations", Count(t.Invocations)),
                    new("Throttle rate", Percent(rate, 2)),
                ],
                advice,
                0m,
                Measurement.Nothing,
                "Daily throttles",
                t.Days.OrderBy(d => d.Date).Select(d => new EvidencePoint(d.Date.ToString("MM-dd", Money.Culture), d.Throttles)).ToList());
        }
    }
}
