using FinOpsDashboard.Domain.Time;

namespace FinOpsDashboard.Infrastructure.Demo;

/// <summary>(a) An overnight bulk job on on-demand pricing: a batch candidate. Monthly figures cover <c>Window</c>.</summary>
public sealed record DemoOvernightBulkJob(
    string StreamId,
    string Team,
    string Feature,
    string ModelKey,
    string ModelId,
    int FirstHourUtc,
    int EndHourUtc,
    DateWindow Window,
    decimal MonthlyOnDemandCost,
    decimal MonthlyBatchCost,
    decimal MonthlyBatchSaving);

/// <summary>(b) A premium model doing classification-shaped work; the saving is the same tokens at the cheaper model's rates.</summary>
public sealed record DemoPremiumModelMisuse(
    string StreamId,
    string Team,
    string Feature,
    string ModelKey,
    string ModelId,
    string CheaperModelKey,
    DemoTokenShape InputTokensPerCall,
    DemoTokenShape OutputTokensPerCall,
    DateWindow Window,
    decimal MonthlyCost,
    decimal MonthlyCostAtCheaperModel,
    decimal MonthlySaving);

/// <summary>(c) One day of runaway retries: <c>ExtraCost</c> is the day's cost above its normal traffic.</summary>
public sealed record DemoRetrySpike(
    string StreamId,
    string Team,
    string Feature,
    string ModelKey,
    string ModelId,
    DateOnly Day,
    double Multiplier,
    long NormalRequests,
    long DayRequests,
    long ExtraRequests,
    decimal NormalCost,
    decimal DayCost,
    decimal ExtraCost,
    long Throttles,
    long ClientErrors);

/// <summary>(d) Cache-hit regression from <c>StartDay</c>: shares are cache reads / prompt tokens; extra cost versus the old share.</summary>
public sealed record DemoCacheRegression(
    string StreamId,
    string Team,
    string Feature,
    string ModelKey,
    string ModelId,
    DateOnly StartDay,
    double CacheReadShareBefore,
    double CacheReadShareAfter,
    double ObservedShareBefore,
    double ObservedShareAfter,
    int DaysAffected,
    decimal ExtraCostPerDay,
    decimal ExtraCostToAnchor);

/// <summary>(e) An under-used provisioned-throughput reservation. Utilization = (input + output tokens) / (minutes x capacity x units).</summary>
public sealed record DemoUnderusedProvisionedThroughput(
    string Name,
    string Arn,
    string StreamId,
    string Team,
    string Feature,
    string ModelKey,
    int ModelUnits,
    long CapacityTokensPerMinutePerModelUnit,
    double DesignedUtilization,
    double ObservedUtilization,
    DateWindow Window,
    decimal HourlyCost,
    decimal MonthlyCost,
    double IdleShare,
    decimal MonthlyIdleCost,
    DateTime CommitmentExpirationAfterAnchor);

/// <summary>
/// The simulator's own knowledge of what it planted, for tests and for checking detectors. "Monthly" means
/// the 30 days ending at AnchorDay (final amounts, whatever the clock says), scaled to 30 days if the
/// history is shorter.
/// </summary>
public sealed class DemoScenarios
{
    private DemoScenarios(
        DateWindow monthlyWindow,
        decimal monthlySpend,
        decimal unattributedShare,
        DemoOvernightBulkJob overnight,
        DemoPremiumModelMisuse premium,
        DemoRetrySpike spike,
        DemoCacheRegression regression,
        DemoUnderusedProvisionedThroughput pt)
    {
        MonthlyWindow = monthlyWindow;
        MonthlySpend = monthlySpend;
        UnattributedShare = unattributedShare;
        OvernightBulkJob = overnight;
        PremiumModelMisuse = premium;
        RetrySpike = spike;
        CacheRegression = regression;
        UnderusedProvisionedThroughput = pt;
    }

    public DateWindow MonthlyWindow { get; }

    /// <summary>Total unblended cost of the monthly window.</summary>
    public decimal MonthlySpend { get; }

    /// <summary>Share of the monthly spend with no team or no feature tag (0.06 = 6 %), to 6 decimals.</summary>
    public decimal UnattributedShare { get; }

    public DemoOvernightBulkJob OvernightBulkJob { get; }
    public DemoPremiumModelMisuse PremiumModelMisuse { get; }
    public DemoRetrySpike RetrySpike { get; }
    public DemoCacheRegression CacheRegression { get; }
    public DemoUnderusedProvisionedThroughput UnderusedProvisionedThroughput { get; }

    internal static DemoScenarios Create(DemoEngine engine)
    {
        var plan = engine.Plan;
        var anchor = engine.AnchorDay;
        var trailing = DateWindow.Trailing(anchor, 30);
        var window = trailing.Start < engine.HistoryStart ? new DateWindow(engine.HistoryStart, trailing.End) : trailing;
        engine.Warm(window.EachDay());
        var lines = window.EachDay().SelectMany(d => engine.Day(d).Lines).ToList();
        var toMonth = 30m / window.Days;

        var total = lines.Sum(l => l.UnblendedCost);
        var unattributed = lines.Where(l => l.Team is null || l.Feature is null).Sum(l => l.UnblendedCost);

        return new DemoScenarios(
            window,
            total * toMonth,
            total == 0 ? 0 : Math.Round(unattributed / total, 6),
            Overnight(plan, window, lines, toMonth),
            Premium(plan, window, lines, toMonth),
            Spike(engine),
            Regression(engine),
            Provisioned(engine, window, toMonth));
    }

    private static DemoOvernightBulkJob Overnight(DemoScenarioPlan plan, DateWindow window, List<DemoLedgerLine> lines, decimal toMonth)
    {
        var s = plan.Overnight;
        var own = lines.Where(l => l.StreamId == s.Id).ToList();
        var onDemand = own.Sum(l => l.UnblendedCost) * toMonth;
        var batch = own.Sum(l => DemoPrices.Cost(l.Tokens, l.Rate * DemoPrices.BatchMultiplier)) * toMonth;
        return new DemoOvernightBulkJob(s.Id, s.Team!, s.Feature!, s.Model.Key, s.ModelId, 1, 5, window, onDemand, batch, onDemand - batch);
    }

    private static DemoPremiumModelMisuse Premium(DemoScenarioPlan plan, DateWindow window, List<DemoLedgerLine> lines, decimal toMonth)
    {
        var s = plan.Triage;
        var own = lines.Where(l => l.StreamId == s.Id).ToList();
        var cost = own.Sum(l => l.UnblendedCost) * toMonth;
        var cheaper = own.Sum(l => DemoPrices.Cost(l.Tokens, DemoPrices.RatePerMillion(DemoCatalog.ClaudeHaiku45, s.Route, s.Mode, l.Kind))) * toMonth;
        return new DemoPremiumModelMisuse(
            s.Id, s.Team!, s.Feature!, s.Model.Key, s.ModelId, DemoCatalog.ClaudeHaiku45, s.InputTokens, s.OutputTokens, window, cost, cheaper, cost - cheaper);
    }

    private static DemoRetrySpike Spike(DemoEngine engine)
    {
        var plan = engine.Plan;
        var s = plan.Spike;
        var streamDay = engine.Day(plan.SpikeDay).Streams.FirstOrDefault(d => d.Stream.Index == s.Index);
        if (streamDay is null)
        {
            return new DemoRetrySpike(s.Id, s.Team!, s.Feature!, s.Model.Key, s.ModelId, plan.SpikeDay, plan.SpikeMultiplier, 0, 0, 0, 0, 0, 0, 0, 0);
        }

        var normal = streamDay.Segments[0];
        var dayCost = SegmentCost(s, streamDay.Segments.ToArray());
        var normalCost = SegmentCost(s, [normal]);
        return new DemoRetrySpike(
            s.Id, s.Team!, s.Feature!, s.Model.Key, s.ModelId, plan.SpikeDay, plan.SpikeMultiplier,
            normal.Requests, streamDay.Usage.Requests, streamDay.Usage.Requests - normal.Requests,
            normalCost, dayCost, dayCost - normalCost, streamDay.Usage.Throttles, streamDay.Usage.ClientErrors);
    }

    private static DemoCacheRegression Regression(DemoEngine engine)
    {
        var plan = engine.Plan;
        var s = plan.Regression;
        var start = plan.RegressionStart < engine.HistoryStart ? engine.HistoryStart : plan.RegressionStart;
        var after = new DateWindow(start, engine.AnchorDay.AddDays(1));
        var before = new DateWindow(plan.RegressionStart.AddDays(-14) < engine.HistoryStart ? engine.HistoryStart : plan.RegressionStart.AddDays(-14), start);

        double Share(DateWindow w)
        {
            var usage = w.EachDay().Select(d => engine.Day(d).Streams[s.Index].Usage).ToList();
            var prompt = usage.Sum(u => u.PromptTokens);
            return prompt == 0 ? 0 : (double)usage.Sum(u => u.CacheReadTokens) / prompt;
        }

        decimal extra = 0;
        foreach (var day in after.EachDay())
        {
            var u = engine.Day(day).Streams[s.Index].Usage;
            var actual = engine.Day(day).Lines.Where(l => l.StreamId == s.Id).Sum(l => l.UnblendedCost);

            // The same prompts at the old cache-read share: what the day would have cost without the regression.
            var read = (long)Math.Round(u.PromptTokens * plan.ReadShareBefore);
            var writes = u.CacheWriteTokens + u.CacheWrite1hTokens;
            var input = Math.Max(0, u.PromptTokens - read - writes);
            var expected = Cost(s, DemoChargeKind.Input, input) + Cost(s, DemoChargeKind.CacheRead, read)
                + Cost(s, DemoChargeKind.CacheWrite, u.CacheWriteTokens) + Cost(s, DemoChargeKind.CacheWrite1h, u.CacheWrite1hTokens)
                + Cost(s, DemoChargeKind.Output, u.OutputTokens);
            extra += actual - expected;
        }

        return new DemoCacheRegression(
            s.Id, s.Team!, s.Feature!, s.Model.Key, s.ModelId, plan.RegressionStart, plan.ReadShareBefore, plan.ReadShareAfter,
            Share(before), Share(after), after.Days, after.Days == 0 ? 0 : Math.Round(extra / after.Days, 2), extra);
    }

    private static DemoUnderusedProvisionedThroughput Provisioned(DemoEngine engine, DateWindow window, decimal toMonth)
    {
        var pt = engine.Organisation.ProvisionedThroughput;
        var s = engine.Plan.Provisioned;
        var served = window.EachDay().Select(d => engine.Day(d).Streams[s.Index].Usage).Sum(u => u.InputTokens + u.OutputTokens);
        var capacity = (double)window.Days * 1440 * pt.CapacityTokensPerMinutePerModelUnit * pt.ModelUnits;
        var utilization = served / capacity;
        var monthly = pt.HourlyCost * 24 * window.Days * toMonth;
        var idle = 1 - utilization;
        return new DemoUnderusedProvisionedThroughput(
            pt.Name, pt.Arn, s.Id, s.Team!, s.Feature!, pt.Model.Key, pt.ModelUnits, pt.CapacityTokensPerMinutePerModelUnit, pt.DesignedUtilization,
            utilization, window, pt.HourlyCost, monthly, idle, Math.Round(monthly * (decimal)idle, 2),
            pt.ExpirationAfter(engine.AnchorDay.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)));
    }

    private static decimal SegmentCost(DemoStream s, DemoSegment[] segments) =>
        Cost(s, DemoChargeKind.Input, segments.Sum(x => x.Input))
        + Cost(s, DemoChargeKind.Output, segments.Sum(x => x.Output))
        + Cost(s, DemoChargeKind.CacheRead, segments.Sum(x => x.CacheRead))
        + Cost(s, DemoChargeKind.CacheWrite, segments.Sum(x => x.CacheWrite5m))
        + Cost(s, DemoChargeKind.CacheWrite1h, segments.Sum(x => x.CacheWrite1h));

    private static decimal Cost(DemoStream s, DemoChargeKind kind, long tokens) =>
        DemoPrices.Cost(tokens, DemoPrices.RatePerMillion(s.Model.Key, s.Route, s.Mode, kind));
}
