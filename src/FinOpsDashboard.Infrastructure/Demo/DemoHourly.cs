namespace FinOpsDashboard.Infrastructure.Demo;

/// <summary>CloudWatch counters of one ModelId for one day: <c>Counts[metric * 24 + hour]</c>.</summary>
internal sealed class DemoModelHours
{
    public long[] Counts { get; } = new long[DemoHourly.CountMetrics * 24];

    /// <summary>Latency x invocations per hour, so any aggregation can form an invocation-weighted average.</summary>
    public double[] LatencyWeighted { get; } = new double[24];

    public long Get(int metric, int hour) => Counts[(metric * 24) + hour];

    /// <summary>True when CloudWatch would have a datapoint: any invocation, throttle or error in the hour.</summary>
    public bool IsActive(int hour) =>
        Get(DemoHourly.Invocations, hour) + Get(DemoHourly.Throttles, hour) + Get(DemoHourly.ClientErrors, hour) + Get(DemoHourly.ServerErrors, hour) > 0;
}

internal sealed class DemoHourlyDay(IReadOnlyDictionary<string, DemoModelHours> byModelId)
{
    public IReadOnlyDictionary<string, DemoModelHours> ByModelId { get; } = byModelId;
}

/// <summary>
/// Spreads each stream-day over UTC hours by its hour profile (with a little per-hour noise). Integer counts are
/// floored per hour and the last active hour takes the remainder, so the hours of a day sum exactly to the day.
/// </summary>
internal static class DemoHourly
{
    public const int Invocations = 0;
    public const int InputTokens = 1;
    public const int OutputTokens = 2;
    public const int CacheReadTokens = 3;
    public const int CacheWriteTokens = 4;
    public const int Throttles = 5;
    public const int ClientErrors = 6;
    public const int ServerErrors = 7;
    public const int CountMetrics = 8;

    /// <summary>Adds the stream-day's hourly counters into <paramref name="counts"/> (metric-major) and <paramref name="latencyWeighted"/>.</summary>
    public static void Add(int seed, DemoStreamDay streamDay, Span<long> counts, Span<double> latencyWeighted)
    {
        Span<long> weights = stackalloc long[24];
        Span<long> parts = stackalloc long[24];
        Span<long> totals = stackalloc long[CountMetrics];
        for (var segmentIndex = 0; segmentIndex < streamDay.Segments.Count; segmentIndex++)
        {
            var segment = streamDay.Segments[segmentIndex];
            var profile = DemoHourProfiles.Weights(segment.Profile);
            var rng = DemoRandom.Create(seed, streamDay.Day.DayNumber, streamDay.Stream.Index, DemoRandom.HourlySalt + segmentIndex);
            for (var h = 0; h < 24; h++)
            {
                var jitter = 0.9 + (0.2 * rng.NextDouble());
                weights[h] = profile[h] > 0 ? (long)Math.Round(profile[h] * jitter * 1_000_000) : 0;
            }

            totals[Invocations] = segment.Requests;
            totals[InputTokens] = segment.Input;
            totals[OutputTokens] = segment.Output;
            totals[CacheReadTokens] = segment.CacheRead;
            totals[CacheWriteTokens] = segment.CacheWrite5m + segment.CacheWrite1h;
            totals[Throttles] = segment.Throttles;
            totals[ClientErrors] = segment.ClientErrors;
            totals[ServerErrors] = segment.ServerErrors;
            for (var m = 0; m < CountMetrics; m++)
            {
                DemoDistribution.Distribute(totals[m], weights, parts);
                for (var h = 0; h < 24; h++)
                {
                    counts[(m * 24) + h] += parts[h];
                    if (m == Invocations)
                    {
                        latencyWeighted[h] += segment.LatencyMs * parts[h];
                    }
                }
            }
        }
    }

    public static DemoHourlyDay ForDay(int seed, DemoDay day)
    {
        var byModel = new Dictionary<string, DemoModelHours>(StringComparer.Ordinal);
        foreach (var streamDay in day.Streams)
        {
            if (!byModel.TryGetValue(streamDay.Stream.ModelId, out var hours))
            {
                hours = new DemoModelHours();
                byModel.Add(streamDay.Stream.ModelId, hours);
            }

            Add(seed, streamDay, hours.Counts, hours.LatencyWeighted);
        }

        return new DemoHourlyDay(byModel);
    }

    public static IEnumerable<DemoHourlyUsage> ForStream(int seed, DemoStreamDay streamDay, int hoursBefore)
    {
        var counts = new long[CountMetrics * 24];
        var latency = new double[24];
        Add(seed, streamDay, counts, latency);
        for (var h = 0; h < hoursBefore; h++)
        {
            long Get(int metric) => counts[(metric * 24) + h];
            var requests = Get(Invocations);
            if (requests + Get(Throttles) + Get(ClientErrors) + Get(ServerErrors) == 0)
            {
                continue;
            }

            yield return new DemoHourlyUsage(
                streamDay.Day, h, streamDay.Stream.Id, streamDay.Stream.ModelId, requests, Get(InputTokens), Get(OutputTokens),
                Get(CacheReadTokens), Get(CacheWriteTokens), Get(Throttles), Get(ClientErrors), Get(ServerErrors),
                requests == 0 ? 0 : Math.Round(latency[h] / requests, 1));
        }
    }
}
