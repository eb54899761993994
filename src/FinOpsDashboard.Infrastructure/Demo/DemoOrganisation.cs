using System.Globalization;

namespace FinOpsDashboard.Infrastructure.Demo;

/// <summary>The demo's one provisioned-throughput reservation (planted scenario e: under-used).</summary>
public sealed record DemoProvisionedThroughput(
    string Name,
    string Id,
    string Arn,
    DemoModel Model,
    string FoundationModelArn,
    int ModelUnits,
    string CommitmentDuration,
    DateTime CreationTime,
    DateTime FirstExpiration,
    long CapacityTokensPerMinutePerModelUnit,
    decimal HourlyCostPerModelUnit,
    double DesignedUtilization,
    string UsageType)
{
    public decimal HourlyCost => HourlyCostPerModelUnit * ModelUnits;

    /// <summary>One-month commitments renew monthly: the first expiry after <paramref name="utcNow"/>.</summary>
    public DateTime ExpirationAfter(DateTime utcNow)
    {
        var expiry = FirstExpiration;
        for (var months = 1; expiry <= utcNow; months++)
        {
            expiry = FirstExpiration.AddMonths(months);
        }

        return expiry;
    }
}

/// <summary>Who uses Bedrock for what: teams, features, the streams of traffic and the PT reservation.</summary>
public sealed class DemoOrganisation
{
    // Stream ids of the planted scenarios (team/feature/model).
    public const string OvernightBulkStreamId = "commerce/catalog-enrichment/nova-pro";
    public const string PremiumTriageStreamId = "support/support-triage/claude-opus-4.8";
    public const string RetrySpikeStreamId = "growth/email-campaigns/claude-sonnet-4.6";
    public const string CacheRegressionStreamId = "support/chat-assistant/claude-sonnet-4.6";
    public const string ProvisionedStreamId = "commerce/catalog-tagging/nova-2-lite";

    /// <summary>Capacity stated for one Nova 2 Lite model unit (input + output tokens per minute); admins set this per model.</summary>
    public const long PtCapacityTokensPerMinutePerModelUnit = 20_000;

    public const double PtDesignedUtilization = 0.30;

    private static readonly string[] ExtraTeams =
    [
        "payments", "identity", "logistics", "mobile", "web", "analytics", "marketing", "sales", "finance", "legal",
        "people", "security", "infra", "devex", "partners", "risk", "pricing", "inventory", "fulfilment", "returns",
        "loyalty", "ads", "content", "localisation", "trust-safety", "billing", "onboarding", "crm", "research",
        "ml-platform", "voice", "vision", "reporting", "compliance",
    ];

    private static readonly string[] FeatureNouns =
    [
        "summaries", "classifier", "assistant", "extraction", "translation", "qa-bot", "tagging", "drafts", "insights",
        "search", "routing", "moderation", "digest", "rewrite", "reranker", "embeddings", "agent", "copilot", "alerts",
        "forecast-notes", "doc-parser", "sentiment", "enrichment", "chat", "reports", "triage", "explanations",
        "scoring", "matching", "faq",
    ];

    private DemoOrganisation(IReadOnlyList<DemoStream> streams, DemoProvisionedThroughput pt)
    {
        Streams = streams;
        ProvisionedThroughput = pt;
        Teams = streams.Select(s => s.Team).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Features = streams.Select(s => s.Feature).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Models = streams.Select(s => s.Model).DistinctBy(m => m.Key).OrderBy(m => m.Key, StringComparer.Ordinal).ToList();
        Services = streams.Select(s => s.Service).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        ModelIds = streams.Select(s => s.ModelId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        StreamsById = streams.ToDictionary(s => s.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<DemoStream> Streams { get; }
    public IReadOnlyDictionary<string, DemoStream> StreamsById { get; }

    /// <summary>Team tag values in use (untagged spend is not listed here).</summary>
    public IReadOnlyList<string> Teams { get; }

    public IReadOnlyList<string> Features { get; }
    public IReadOnlyList<DemoModel> Models { get; }
    public IReadOnlyList<string> Services { get; }

    /// <summary>Every CloudWatch ModelId dimension value the organisation's traffic appears under.</summary>
    public IReadOnlyList<string> ModelIds { get; }

    public DemoProvisionedThroughput ProvisionedThroughput { get; }

    internal static DemoOrganisation Create(int seed, DateOnly anchorDay, int historyDays, DemoScale scale)
    {
        var pt = CreateProvisionedThroughput(seed, anchorDay, historyDays);
        var streams = StandardStreams(pt);
        if (scale == DemoScale.Large)
        {
            streams.AddRange(LargeStreams(seed, streams.Select(s => s.Id).ToHashSet(StringComparer.Ordinal)));
        }

        return new DemoOrganisation(streams.Select((s, i) => s with { Index = i }).ToList(), pt);
    }

    private static DemoProvisionedThroughput CreateProvisionedThroughput(int seed, DateOnly anchorDay, int historyDays)
    {
        var model = DemoCatalog.Get(DemoCatalog.Nova2Lite);

        // The commitment renews monthly; it was bought well before the history starts and next expires ~20 days after the anchor.
        var firstExpiration = anchorDay.AddDays(20).ToDateTime(new TimeOnly(17, 30), DateTimeKind.Utc);
        var creation = firstExpiration.AddMonths(-((historyDays / 28) + 2));

        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        var bits = DemoRandom.Mix(seed, DemoRandom.ProvisionedSalt);
        var id = new char[12];
        for (var i = 0; i < id.Length; i++)
        {
            id[i] = alphabet[(int)(bits % (ulong)alphabet.Length)];
            bits = DemoRandom.SplitMix64(bits);
        }

        var ptId = new string(id);
        return new DemoProvisionedThroughput(
            Name: "catalog-tagger-pt",
            Id: ptId,
            Arn: $"arn:aws:bedrock:us-east-1:{DemoWorkload.AccountId}:provisioned-model/{ptId}",
            Model: model,
            FoundationModelArn: $"arn:aws:bedrock:us-east-1::foundation-model/{model.ModelId}",
            ModelUnits: 1,
            CommitmentDuration: "OneMonth",
            CreationTime: creation,
            FirstExpiration: firstExpiration,
            CapacityTokensPerMinutePerModelUnit: PtCapacityTokensPerMinutePerModelUnit,
            HourlyCostPerModelUnit: DemoPrices.Nova2LitePtOneMonthPerModelUnitHour,
            DesignedUtilization: PtDesignedUtilization,
            UsageType: DemoUsageTypes.ProvisionedThroughputOneMonth(model, DemoRegions.UsEast1));
    }

    private static List<DemoStream> StandardStreams(DemoProvisionedThroughput pt)
    {
        const DemoHourProfile business = DemoHourProfile.BusinessHours;
        const DemoHourProfile clock = DemoHourProfile.AroundTheClock;
        const DemoRoute inRegion = DemoRoute.InRegion;
        const DemoRoute geo = DemoRoute.GeoProfile;
        const DemoPricingMode onDemand = DemoPricingMode.OnDemand;
        const string use1 = DemoRegions.UsEast1;
        const string usw2 = DemoRegions.UsWest2;

        // PT volume is derived from the designed utilization: capacity x minutes/day x 30 %, spread over a week with quieter weekends.
        const double ptWeekend = 0.85;
        var ptInput = new DemoTokenShape(1200, 600, 2000);
        var ptOutput = new DemoTokenShape(150, 60, 300);
        var ptDailyTokens = PtDesignedUtilization * pt.CapacityTokensPerMinutePerModelUnit * pt.ModelUnits * 1440;
        var ptWeekdayRequests = ptDailyTokens / ((5 + (2 * ptWeekend)) / 7.0) / (ptInput.Mean + ptOutput.Mean);

        return
        [
            Make("search", "semantic-search", DemoCatalog.TitanEmbedTextV2, inRegion, onDemand, use1, 1_800_000,
                new(25, 8, 80), DemoTokenShape.None, business, weekend: 0.55, growth: 0.15),
            Make("data-science", "doc-indexing", DemoCatalog.TitanEmbedTextV2, inRegion, onDemand, use1, 300_000,
                new(2000, 400, 8000), DemoTokenShape.None, clock, weekend: 0.9, growth: 0.20, noise: 0.08),
            Make("search", "query-rewrite", DemoCatalog.NovaMicro, inRegion, onDemand, use1, 3_000_000,
                new(320, 120, 900), new(45, 10, 120), business, weekend: 0.55, growth: 0.20),
            Make("search", "result-summaries", DemoCatalog.NovaLite, inRegion, onDemand, use1, 900_000,
                new(1400, 400, 4000), new(180, 40, 500), business, weekend: 0.5, growth: 0.18),
            Make("support", "support-triage", DemoCatalog.ClaudeOpus48, geo, onDemand, use1, 110_000,
                new(650, 400, 900), new(7, 3, 12), business, weekend: 0.45, growth: 0.12),
            Make("support", "chat-assistant", DemoCatalog.ClaudeSonnet46, geo, onDemand, use1, 60_000,
                new(6000, 2000, 20000), new(350, 50, 1500), business, weekend: 0.45, growth: 0.15,
                cacheRead: 0.70, cacheWrite: 0.08, cacheWrite1h: 0.10),
            Make("support", "ticket-summaries", DemoCatalog.NovaPro, inRegion, onDemand, use1, 80_000,
                new(3000, 800, 9000), new(250, 60, 700), business, weekend: 0.4, growth: 0.15,
                cacheRead: 0.30, cacheWrite: 0.05),
            Make("growth", "email-campaigns", DemoCatalog.ClaudeSonnet46, DemoRoute.Global, onDemand, use1, 20_000,
                new(2500, 800, 6000), new(600, 150, 1500), business, weekend: 0.4, growth: 0.20),
            Make("commerce", "product-descriptions", DemoCatalog.ClaudeHaiku45, geo, onDemand, use1, 150_000,
                new(1200, 300, 3000), new(250, 60, 700), business, weekend: 0.6, growth: 0.20,
                cacheRead: 0.40, cacheWrite: 0.05, cacheWrite1h: 0.20),
            Make("commerce", "catalog-enrichment", DemoCatalog.NovaPro, inRegion, onDemand, use1, 150_000,
                new(2000, 1500, 2600), new(400, 250, 600), DemoHourProfile.Overnight, weekend: 1.0, growth: 0, noise: 0.02),
            Make("commerce", "catalog-tagging", DemoCatalog.Nova2Lite, DemoRoute.Provisioned, DemoPricingMode.ProvisionedOneMonth, use1,
                ptWeekdayRequests, ptInput, ptOutput, clock, weekend: ptWeekend, growth: 0, noise: 0.03, modelId: pt.Arn),
            Make("data-science", "nightly-summaries", DemoCatalog.NovaLite, inRegion, DemoPricingMode.Batch, use1, 500_000,
                new(3000, 800, 8000), new(300, 80, 800), DemoHourProfile.NightlyBatch, weekend: 0.95, growth: 0.15, noise: 0.04),
            Make("platform", "code-review", DemoCatalog.ClaudeSonnet46, geo, onDemand, use1, 15_000,
                new(12000, 3000, 40000), new(800, 100, 3000), business, weekend: 0.35, growth: 0.22,
                cacheRead: 0.60, cacheWrite: 0.10, cacheWrite1h: 0.30),
            Make("platform", "eval-harness", DemoCatalog.Llama3Instruct70B, inRegion, onDemand, usw2, 30_000,
                new(2000, 500, 6000), new(300, 50, 900), clock, weekend: 0.8, growth: 0.10, noise: 0.08),
            Make("data-science", "fraud-explanations", DemoCatalog.Llama3Instruct70B, inRegion, onDemand, usw2, 20_000,
                new(1500, 400, 4000), new(250, 60, 700), business, weekend: 0.6, growth: 0.15),
            Make("growth", "ad-copy", DemoCatalog.NovaLite, inRegion, onDemand, use1, 100_000,
                new(800, 200, 2000), new(150, 40, 400), business, weekend: 0.5, growth: 0.25),

            // Untagged spend: prototypes and shared tooling that never got tags (~6 % of the bill).
            Make(null, null, DemoCatalog.ClaudeSonnet46, geo, onDemand, use1, 8_000,
                new(4000, 800, 12000), new(500, 100, 1500), business, weekend: 0.35, growth: 0.10),
            Make(null, "internal-qa-bot", DemoCatalog.NovaPro, inRegion, onDemand, use1, 60_000,
                new(2000, 500, 5000), new(300, 60, 800), business, weekend: 0.4, growth: 0.10),
            Make("platform", null, DemoCatalog.ClaudeHaiku45, geo, onDemand, use1, 35_000,
                new(1500, 400, 4000), new(200, 50, 600), clock, weekend: 0.7, growth: 0.10),
        ];
    }

    private static DemoStream Make(
        string? team, string? feature, string modelKey, DemoRoute route, DemoPricingMode mode, string region, double requests,
        DemoTokenShape input, DemoTokenShape output, DemoHourProfile profile, double weekend, double growth, double noise = 0.05,
        double cacheRead = 0, double cacheWrite = 0, double cacheWrite1h = 0, string? modelId = null)
    {
        var model = DemoCatalog.Get(modelKey);
        return new DemoStream
        {
            Index = -1,
            Id = $"{team ?? "untagged"}/{feature ?? "untagged"}/{model.Key}",
            Team = team,
            Feature = feature,
            Model = model,
            Route = route,
            Mode = mode,
            RegionCode = region,
            ModelId = modelId ?? ModelIdFor(model, route),
            BaseDailyRequests = requests,
            InputTokens = input,
            OutputTokens = output,
            CacheReadShare = cacheRead,
            CacheWriteShare = cacheWrite,
            CacheWrite1hShare = cacheWrite1h,
            HourProfile = profile,
            WeekendFactor = weekend,
            GrowthPer120Days = growth,
            NoiseSd = noise,
        };
    }

    private static string ModelIdFor(DemoModel model, DemoRoute route) => route switch
    {
        DemoRoute.GeoProfile => model.GeoProfileId ?? "us." + model.ModelId,
        DemoRoute.Global => model.GlobalProfileId ?? "global." + model.ModelId,
        _ => model.ModelId,
    };

    /// <summary>
    /// Large scale: 34 more teams and 183 more features on the 21 extra models plus the standard ones, with every
    /// pricing mode (flex and priority included). The shape is drawn once from the seed, so it is stable too.
    /// </summary>
    private static List<DemoStream> LargeStreams(int seed, HashSet<string> ids)
    {
        var rng = DemoRandom.Create(seed, DemoRandom.OrganisationSalt, 0x1A26E);
        var models = DemoCatalog.StandardModels.Where(m => m.Key != DemoCatalog.Nova2Lite).Concat(DemoCatalog.LargeExtraModels).ToList();
        var features = new List<(string Team, string Feature)>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; features.Count < 200 - 17; i++)
        {
            var team = ExtraTeams[i % ExtraTeams.Length];
            var noun = FeatureNouns[((i / ExtraTeams.Length) * 7 + i) % FeatureNouns.Length];
            var name = $"{team}-{noun}";
            if (used.Add(name))
            {
                features.Add((team, name));
            }
        }

        var streams = new List<DemoStream>();
        for (var f = 0; f < features.Count; f++)
        {
            var count = rng.NextDouble() < 0.35 ? 2 : 1;
            for (var k = 0; k < count; k++)
            {
                // The first streams walk the extra models so all 30 appear; the rest pick freely.
                var model = k == 0 && f < DemoCatalog.LargeExtraModels.Count
                    ? DemoCatalog.LargeExtraModels[f]
                    : models[rng.Next(models.Count)];
                // Only second streams go untagged, so every team and feature keeps tagged spend.
                var tagDraw = rng.NextDouble();
                var team = k == 1 && tagDraw < 0.12 ? null : features[f].Team;
                var feature = k == 1 && tagDraw is >= 0.12 and < 0.20 ? null : features[f].Feature;
                var stream = LargeStream(rng, team, feature, model);
                if (!ids.Add(stream.Id))
                {
                    stream = stream with { Id = string.Create(CultureInfo.InvariantCulture, $"{stream.Id}#{ids.Count}") };
                    ids.Add(stream.Id);
                }

                streams.Add(stream);
            }
        }

        return streams;
    }

    private static DemoStream LargeStream(Random rng, string? team, string? feature, DemoModel model)
    {
        var draw = rng.NextDouble();
        var route = DemoRoute.InRegion;
        var mode = DemoPricingMode.OnDemand;
        var cached = false;
        switch (model.Form)
        {
            case DemoBillingForm.Bedrock when model.IsEmbedding:
                mode = draw < 0.7 ? DemoPricingMode.OnDemand : DemoPricingMode.Batch;
                break;
            case DemoBillingForm.Bedrock:
                (mode, cached) = draw switch
                {
                    < 0.45 => (DemoPricingMode.OnDemand, false),
                    < 0.60 => (DemoPricingMode.Batch, false),
                    < 0.73 => (DemoPricingMode.Flex, false),
                    < 0.86 => (DemoPricingMode.Priority, false),
                    _ => (DemoPricingMode.OnDemand, model.SupportsCache),
                };
                break;
            case DemoBillingForm.BedrockService:
                (route, mode, cached) = draw switch
                {
                    < 0.45 => (DemoRoute.GeoProfile, DemoPricingMode.OnDemand, true),
                    < 0.75 => (DemoRoute.Global, DemoPricingMode.OnDemand, false),
                    < 0.88 => (DemoRoute.InRegion, DemoPricingMode.Batch, false),
                    _ => (DemoRoute.GeoProfile, DemoPricingMode.OnDemand, false),
                };
                break;
            case DemoBillingForm.MarketplaceNew:
                (route, cached) = draw < 0.6 ? (DemoRoute.GeoProfile, model.SupportsCache) : (DemoRoute.Global, false);
                break;
            case DemoBillingForm.MarketplaceOld:
                (route, mode) = draw < 0.7 ? (DemoRoute.GeoProfile, DemoPricingMode.OnDemand) : (DemoRoute.InRegion, DemoPricingMode.Batch);
                break;
        }

        var region = model.Family is "Llama" or "Mistral" && rng.NextDouble() < 0.5 ? DemoRegions.UsWest2 : DemoRegions.UsEast1;
        var profileDraw = rng.NextDouble();
        var profile = mode == DemoPricingMode.Batch
            ? DemoHourProfile.NightlyBatch
            : profileDraw switch
            {
                < 0.6 => DemoHourProfile.BusinessHours,
                < 0.9 => DemoHourProfile.AroundTheClock,
                _ => DemoHourProfile.Overnight,
            };
        var weekend = profile == DemoHourProfile.BusinessHours ? 0.35 + (0.25 * rng.NextDouble()) : 0.8 + (0.2 * rng.NextDouble());

        var inputMean = Math.Round(LogUniform(rng, 150, 8000));
        var outputMean = model.IsEmbedding ? 0 : Math.Round(LogUniform(rng, 10, 900));
        var input = new DemoTokenShape(inputMean, Math.Max(1, (long)(inputMean / 4)), (long)(inputMean * 4));
        var output = model.IsEmbedding ? DemoTokenShape.None : new DemoTokenShape(outputMean, Math.Max(1, (long)(outputMean / 4)), (long)(outputMean * 4));
        var readShare = cached ? 0.2 + (0.6 * rng.NextDouble()) : 0;
        var writeShare = cached ? 0.03 + (0.07 * rng.NextDouble()) : 0;
        var write1h = cached && rng.NextDouble() < 0.3 ? 0.25 : 0;

        // Volume from a target daily cost, so the organisation's spend stays plausible whatever the model costs.
        var rates = DemoPrices.For(model.Key).Regional;
        var costPerRequest = (((double)rates.Input * inputMean) + ((double)rates.Output * outputMean)) / 1_000_000.0
            * (double)DemoPrices.ModeMultiplier(mode);
        var requests = LogUniform(rng, 3, 600) / Math.Max(costPerRequest, 1e-7);
        var growth = 0.05 + (0.25 * rng.NextDouble());
        var noise = 0.03 + (0.05 * rng.NextDouble());

        return Make(team, feature, model.Key, route, mode, region, Math.Round(requests), input, output, profile, weekend, growth, noise,
            readShare, writeShare, write1h);
    }

    private static double LogUniform(Random rng, double min, double max) => Math.Exp(Math.Log(min) + (rng.NextDouble() * (Math.Log(max) - Math.Log(min))));
}
