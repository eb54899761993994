using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Pricing;
using FinOpsDashboard.Domain.Recommendations;
using FinOpsDashboard.Domain.Time;

namespace FinOpsDashboard.Domain.Tests.Recommendations;

/// <summary>Small builders for detector inputs: a 30-day window (so "× 30 ÷ 30" leaves amounts as they are) and the representative catalog.</summary>
internal static class RecommendationBuilders
{
    /// <summary>2026-10-01 (a Thursday) to 2026-10-31: 30 days.</summary>
    public static readonly DateWindow Window = new(new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31));

    public const long M = 1_000_000;

    public static CostCell Cell(string model, string direction, decimal tokens, decimal cost, string mode = "on-demand", string route = "global", string? ttl = null) =>
        new(model, mode, direction, direction == "cache-write" ? ttl ?? "5m" : null, route, "tokens", tokens, cost);

    /// <summary>A workload whose daily cost is its cost spread evenly over the window unless given.</summary>
    public static WorkloadUsage Workload(
        string model,
        IReadOnlyList<CostCell> cells,
        string team = "support",
        string feature = "triage",
        string mode = "on-demand",
        long? calls = null,
        IReadOnlyList<CostCell>? prior = null,
        long? priorCalls = null,
        IReadOnlyList<decimal>? daily = null,
        IReadOnlyList<decimal>? dailyTokens = null)
    {
        var total = cells.Sum(c => c.Cost);
        return new WorkloadUsage(
            new WorkloadKey(model, team, feature, mode),
            cells,
            prior ?? [],
            daily ?? Enumerable.Repeat(total / Window.Days, Window.Days).ToList(),
            calls is { } c ? new CallCount(c, "invocation logs") : null,
            priorCalls is { } p ? new CallCount(p, "invocation logs") : null,
            dailyTokens);
    }

    public static RecommendationInputs Inputs(
        IReadOnlyList<WorkloadUsage>? workloads = null,
        IReadOnlyList<ModelIdTelemetry>? telemetry = null,
        IReadOnlyList<ReservationUsage>? reservations = null,
        IReadOnlyList<PtOffer>? offers = null,
        RecommendationSettings? settings = null,
        decimal? total = null,
        decimal unattributed = 0)
    {
        workloads ??= [];
        return new RecommendationInputs(
            Window,
            Window.Previous(),
            workloads,
            telemetry ?? [],
            reservations ?? [],
            offers ?? [],
            PriceCatalog.Representative(),
            total ?? workloads.Sum(w => w.Cost),
            unattributed,
            settings ?? new RecommendationSettings());
    }

    /// <summary>CloudWatch for one model id: the same counts every day of the window, tokens by hour of day as given.</summary>
    public static ModelIdTelemetry Telemetry(string modelId, string model, long invocationsPerDay = 10_000, long throttlesPerDay = 0, IReadOnlyList<decimal>? hours = null, bool provisioned = false, Func<int, (long Invocations, long Throttles)>? day = null) =>
        new(modelId, model, provisioned,
            Enumerable.Range(0, Window.Days).Select(i =>
            {
                var (inv, thr) = day?.Invoke(i) ?? (invocationsPerDay, throttlesPerDay);
                return new TelemetryDay(Window.Start.AddDays(i), inv, 0, 0, thr);
            }).ToList(),
            hours ?? Enumerable.Repeat(1m, 24).ToList());

    /// <summary>24 hourly token amounts: <paramref name="value"/> in the given hours, 0 elsewhere.</summary>
    public static IReadOnlyList<decimal> Hours(decimal value, params int[] hours) =>
        Enumerable.Range(0, 24).Select(h => hours.Contains(h) ? value : 0m).ToList();

    public static IReadOnlyList<Finding> Run(IRecommendationDetector detector, RecommendationInputs inputs) => detector.Detect(inputs).ToList();
}
