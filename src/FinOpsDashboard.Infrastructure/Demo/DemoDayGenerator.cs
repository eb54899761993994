namespace FinOpsDashboard.Infrastructure.Demo;

/// <summary>One part of a stream's day with its own hour profile (a retry storm is a second segment).</summary>
internal readonly record struct DemoSegment(
    long Requests,
    long Input,
    long Output,
    long CacheRead,
    long CacheWrite5m,
    long CacheWrite1h,
    long Throttles,
    long ClientErrors,
    long ServerErrors,
    double LatencyMs,
    DemoHourProfile Profile);

internal sealed class DemoStreamDay
{
    public DemoStreamDay(DemoStream stream, DateOnly day, DemoSegment[] segments)
    {
        Stream = stream;
        Day = day;
        Segments = segments;
        long requests = 0;
        double latencyWeighted = 0;
        foreach (var s in segments)
        {
            requests += s.Requests;
            latencyWeighted += s.LatencyMs * s.Requests;
        }

        Usage = new DemoUsageDay(
            day, stream.Id, stream.Team, stream.Feature, stream.Model.Key, stream.ModelId,
            requests,
            segments.Sum(s => s.Input),
            segments.Sum(s => s.Output),
            segments.Sum(s => s.CacheRead),
            segments.Sum(s => s.CacheWrite5m),
            segments.Sum(s => s.CacheWrite1h),
            segments.Sum(s => s.Throttles),
            segments.Sum(s => s.ClientErrors),
            segments.Sum(s => s.ServerErrors),
            requests == 0 ? 0 : Math.Round(latencyWeighted / requests, 1));
    }

    public DemoStream Stream { get; }
    public DateOnly Day { get; }
    public IReadOnlyList<DemoSegment> Segments { get; }
    public DemoUsageDay Usage { get; }
}

internal sealed class DemoDay(DateOnly day, IReadOnlyList<DemoStreamDay> streams, IReadOnlyList<DemoLedgerLine> lines)
{
    public DateOnly Day { get; } = day;
    public IReadOnlyList<DemoStreamDay> Streams { get; } = streams;
    public IReadOnlyList<DemoLedgerLine> Lines { get; } = lines;
}

/// <summary>Where the planted scenarios sit: which streams, which days, which numbers.</summary>
internal sealed record DemoScenarioPlan(
    DemoStream Overnight,
    DemoStream Triage,
    DemoStream Spike,
    DateOnly SpikeDay,
    double SpikeMultiplier,
    DemoStream Regression,
    DateOnly RegressionStart,
    double ReadShareBefore,
    double ReadShareAfter,
    DemoStream Provisioned)
{
    public const int SpikeDaysBeforeAnchor = 17;
    public const int RegressionDaysBeforeAnchor = 30;

    public static DemoScenarioPlan Create(DemoOrganisation organisation, DateOnly anchorDay)
    {
        var regression = organisation.StreamsById[DemoOrganisation.CacheRegressionStreamId];
        return new DemoScenarioPlan(
            organisation.StreamsById[DemoOrganisation.OvernightBulkStreamId],
            organisation.StreamsById[DemoOrganisation.PremiumTriageStreamId],
            organisation.StreamsById[DemoOrganisation.RetrySpikeStreamId],
            anchorDay.AddDays(-SpikeDaysBeforeAnchor),
            SpikeMultiplier: 8.0,
            regression,
            anchorDay.AddDays(-RegressionDaysBeforeAnchor),
            ReadShareBefore: regression.CacheReadShare,
            ReadShareAfter: 0.05,
            organisation.StreamsById[DemoOrganisation.ProvisionedStreamId]);
    }

    /// <summary>The cache-read share a stream is designed to have on a day (the regression drops it from its start day).</summary>
    public double CacheReadShare(DemoStream stream, DateOnly day) =>
        stream.Index == Regression.Index && day >= RegressionStart ? ReadShareAfter : stream.CacheReadShare;
}

/// <summary>Generates one day of every stream: usage, then the billed lines. A pure function of (seed, anchor, organisation, day).</summary>
internal sealed class DemoDayGenerator
{
    private static readonly DemoChargeKind[] TokenKinds =
        [DemoChargeKind.Input, DemoChargeKind.Output, DemoChargeKind.CacheRead, DemoChargeKind.CacheWrite, DemoChargeKind.CacheWrite1h];

    private readonly int _seed;
    private readonly DateOnly _anchorDay;
    private readonly DemoOrganisation _organisation;
    private readonly DemoScenarioPlan _plan;

    // Usage types and rates per (stream, charge kind), built once: they never change from day to day.
    private readonly string[][] _usageTypes;
    private readonly decimal[][] _rates;

    public DemoDayGenerator(int seed, DateOnly anchorDay, DemoOrganisation organisation, DemoScenarioPlan plan)
    {
        _seed = seed;
        _anchorDay = anchorDay;
        _organisation = organisation;
        _plan = plan;
        _usageTypes = organisation.Streams
            .Select(s => s.IsProvisioned
                ? [organisation.ProvisionedThroughput.UsageType]
                : TokenKinds.Select(k => DemoUsageTypes.For(s.Model, s.RegionCode, s.Route, s.Mode, k)).ToArray())
            .ToArray();
        _rates = organisation.Streams
            .Select(s => s.IsProvisioned
                ? [organisation.ProvisionedThroughput.HourlyCostPerModelUnit]
                : TokenKinds.Select(k => DemoPrices.RatePerMillion(s.Model.Key, s.Route, s.Mode, k)).ToArray())
            .ToArray();
    }

    public DemoDay Generate(DateOnly day)
    {
        var streams = new DemoStreamDay[_organisation.Streams.Count];
        var lines = new List<DemoLedgerLine>(streams.Length * 4);
        for (var i = 0; i < streams.Length; i++)
        {
            streams[i] = GenerateStream(_organisation.Streams[i], day);
            AddLines(streams[i], lines);
        }

        return new DemoDay(day, streams, lines.ToArray());
    }

    private DemoStreamDay GenerateStream(DemoStream stream, DateOnly day)
    {
        // A fixed number of draws per (day, stream), so every quantity depends only on its own seed.
        var rng = DemoRandom.Create(_seed, day.DayNumber, stream.Index, DemoRandom.VolumeSalt);
        Span<double> z = stackalloc double[10];
        for (var i = 0; i < z.Length; i++)
        {
            z[i] = DemoRandom.Normal(rng);
        }

        var growth = Math.Pow(1 + stream.GrowthPer120Days, (day.DayNumber - _anchorDay.DayNumber) / 120.0);
        var baseline = stream.BaseDailyRequests * growth;
        var requests = (long)Math.Round(baseline * DemoCalendar.DayFactor(day, stream.WeekendFactor) * Math.Exp(stream.NoiseSd * z[0]));
        var avgIn = PerCall(stream.InputTokens, 0.06 * z[1]);
        var avgOut = PerCall(stream.OutputTokens, 0.08 * z[2]);
        var readShare = Math.Min(0.95, _plan.CacheReadShare(stream, day) * Math.Exp(0.02 * z[3]));
        var writeShare = stream.CacheWriteShare * Math.Exp(0.05 * z[4]);
        var latency = (stream.Model.BaseLatencyMs + (avgOut * stream.Model.LatencyMsPerOutputToken)) * Math.Exp(0.08 * z[5]);

        var normal = Segment(requests, avgIn, avgOut, readShare, writeShare, stream.CacheWrite1hShare,
            throttleRate: 0.0005 * Math.Exp(0.4 * z[6]),
            clientErrorRate: 0.002 * Math.Exp(0.3 * z[7]),
            serverErrorRate: 0.0002 * Math.Exp(0.4 * z[8]),
            latency,
            stream.HourProfile);

        if (stream.Index != _plan.Spike.Index || day != _plan.SpikeDay)
        {
            return new DemoStreamDay(stream, day, [normal]);
        }

        // Runaway retries: (multiplier - 1) x a weekday's volume on top, throttled and erroring, through the working day.
        var extra = (long)Math.Round(baseline * (_plan.SpikeMultiplier - 1) * Math.Exp(0.03 * z[9]));
        var storm = Segment(extra, avgIn, avgOut, readShare, writeShare, stream.CacheWrite1hShare,
            throttleRate: 0.15, clientErrorRate: 0.05, serverErrorRate: 0.002, latency * 1.6, DemoHourProfile.RetryStorm);
        return new DemoStreamDay(stream, day, [normal, storm]);
    }

    private static double PerCall(DemoTokenShape shape, double logNoise) =>
        shape.Mean <= 0 ? 0 : Math.Clamp(shape.Mean * Math.Exp(logNoise), shape.Min, shape.Max);

    private static DemoSegment Segment(
        long requests, double avgIn, double avgOut, double readShare, double writeShare, double write1hShare,
        double throttleRate, double clientErrorRate, double serverErrorRate, double latencyMs, DemoHourProfile profile)
    {
        var prompt = (long)Math.Round(requests * avgIn);
        var cacheRead = (long)Math.Round(prompt * readShare);
        var cacheWrite = Math.Min((long)Math.Round(prompt * writeShare), prompt - cacheRead);
        var write1h = (long)Math.Round(cacheWrite * write1hShare);
        return new DemoSegment(
            requests,
            Input: prompt - cacheRead - cacheWrite,
            Output: (long)Math.Round(requests * avgOut),
            CacheRead: cacheRead,
            CacheWrite5m: cacheWrite - write1h,
            CacheWrite1h: write1h,
            Throttles: (long)Math.Round(requests * throttleRate),
            ClientErrors: (long)Math.Round(requests * clientErrorRate),
            ServerErrors: (long)Math.Round(requests * serverErrorRate),
            LatencyMs: latencyMs,
            Profile: profile);
    }

    private void AddLines(DemoStreamDay streamDay, List<DemoLedgerLine> lines)
    {
        var s = streamDay.Stream;
        var u = streamDay.Usage;
        var usageTypes = _usageTypes[s.Index];
        var rates = _rates[s.Index];
        if (s.IsProvisioned)
        {
            // PT bills model-unit hours whatever the traffic: 24 per unit per day.
            var pt = _organisation.ProvisionedThroughput;
            var hours = 24m * pt.ModelUnits;
            lines.Add(new DemoLedgerLine(
                streamDay.Day, s.Service, usageTypes[0], s.RegionCode, s.Region, s.Team, s.Feature, s.Id, s.Model.Key, s.ModelId,
                s.Route, s.Mode, DemoChargeKind.ModelUnitHours, Tokens: 0, Requests: 0, hours, DemoUsageTypes.UnitHours,
                rates[0], hours * rates[0]));
            return;
        }

        Span<long> tokens = [u.InputTokens, u.OutputTokens, u.CacheReadTokens, u.CacheWriteTokens, u.CacheWrite1hTokens];
        var unit = DemoUsageTypes.QuantityUnit(s.Model.Form);
        for (var k = 0; k < TokenKinds.Length; k++)
        {
            if (tokens[k] <= 0)
            {
                continue;
            }

            lines.Add(new DemoLedgerLine(
                streamDay.Day, s.Service, usageTypes[k], s.RegionCode, s.Region, s.Team, s.Feature, s.Id, s.Model.Key, s.ModelId,
                s.Route, s.Mode, TokenKinds[k], tokens[k], Requests: k == 0 ? u.Requests : 0,
                DemoUsageTypes.Quantity(s.Model.Form, tokens[k]), unit, rates[k], DemoPrices.Cost(tokens[k], rates[k])));
        }
    }
}
