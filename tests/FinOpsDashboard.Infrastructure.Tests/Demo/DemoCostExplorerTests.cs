using System.Globalization;
using System.Text.RegularExpressions;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Aws.CostExplorer;
using FinOpsDashboard.Infrastructure.Demo;

namespace FinOpsDashboard.Infrastructure.Tests.Demo;

public sealed partial class DemoCostExplorerTests
{
    private static readonly string[] Metrics = ["UnblendedCost", "AmortizedCost", "UsageQuantity"];

    [Fact]
    public async Task IngestionPlanTotals_EqualLedgerTotals_ToTheCent()
    {
        var workload = DemoFixture.Standard();
        var (groups, _, _) = await DemoFixture.FetchLikeIngestionAsync(workload, workload.History);
        var ledger = workload.Ledger(workload.History);

        Assert.Equal(Math.Round(ledger.Sum(l => l.UnblendedCost), 2), Math.Round(groups.Sum(g => g.Unblended), 2));
        Assert.All(groups, g => Assert.Equal(g.Unblended, g.Amortized));

        // And per day and service, so nothing is shifted between days or services.
        var fetched = groups.GroupBy(g => (g.Day, g.Service)).ToDictionary(g => g.Key, g => g.Sum(x => x.Unblended));
        var expected = ledger.GroupBy(l => (l.Date, l.Service)).ToDictionary(g => g.Key, g => g.Sum(x => x.UnblendedCost));
        Assert.Equal(expected.Count, fetched.Count);
        Assert.All(expected, e => Assert.Equal(Math.Round(e.Value, 2), Math.Round(fetched[e.Key], 2)));
    }

    [Fact]
    public async Task IngestionPlan_SeesExactlyTheBilledServicesAndUsageTypes()
    {
        var workload = DemoFixture.Standard();
        var (groups, _, _) = await DemoFixture.FetchLikeIngestionAsync(workload, workload.History);
        string[] bedrock =
        [
            "USE1-Nova2.0Lite-ProvisionedThroughput-1month-ModelUnits",
            "USE1-NovaLite-input-tokens", "USE1-NovaLite-input-tokens-batch", "USE1-NovaLite-output-tokens", "USE1-NovaLite-output-tokens-batch",
            "USE1-NovaMicro-input-tokens", "USE1-NovaMicro-output-tokens",
            "USE1-NovaPro-cache-read-input-token-count", "USE1-NovaPro-cache-write-input-token-count", "USE1-NovaPro-input-tokens", "USE1-NovaPro-output-tokens",
            "USE1-TitanEmbeddingV2-Text-input-tokens",
            "USW2-Llama3-70B-input-tokens", "USW2-Llama3-70B-output-tokens",
        ];
        string[] bedrockService =
        [
            "USE1-Claude4.6Sonnet-cache-read-input-token-count", "USE1-Claude4.6Sonnet-cache-write-input-token-count",
            "USE1-Claude4.6Sonnet-cache-write-input-token-count-1-hour", "USE1-Claude4.6Sonnet-input-tokens",
            "USE1-Claude4.6Sonnet-input-tokens-cross-region-global", "USE1-Claude4.6Sonnet-output-tokens",
            "USE1-Claude4.6Sonnet-output-tokens-cross-region-global", "USE1-Claude4.8Opus-input-tokens", "USE1-Claude4.8Opus-output-tokens",
        ];
        string[] haiku =
        [
            "USE1-MP:USE1_cache_read_tokens_standard-Units", "USE1-MP:USE1_cache_write_tokens_1h_standard-Units",
            "USE1-MP:USE1_cache_write_tokens_standard-Units", "USE1-MP:USE1_input_tokens_standard-Units", "USE1-MP:USE1_output_tokens_standard-Units",
        ];

        var seen = groups.GroupBy(g => g.Service).ToDictionary(g => g.Key, g => g.Select(x => x.UsageType).Distinct().Order(StringComparer.Ordinal).ToArray());

        Assert.Equal(new[] { "Amazon Bedrock", "Amazon Bedrock Service", "Claude Haiku 4.5 (Amazon Bedrock Edition)" }, seen.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(bedrock.Order(StringComparer.Ordinal), seen["Amazon Bedrock"]);
        Assert.Equal(bedrockService.Order(StringComparer.Ordinal), seen["Amazon Bedrock Service"]);
        Assert.Equal(haiku.Order(StringComparer.Ordinal), seen["Claude Haiku 4.5 (Amazon Bedrock Edition)"]);
    }

    [Fact]
    public async Task Quantities_AreInTheBilledUnit_AndAmountsAreInvariantStrings()
    {
        var workload = DemoFixture.Standard();
        var day = DemoFixture.Anchor.AddDays(-5);
        var ledger = workload.Ledger(new DateWindow(day, day.AddDays(1)));
        var (groups, _, results) = await DemoFixture.FetchLikeIngestionAsync(workload, new DateWindow(day, day.AddDays(1)));

        var pt = Assert.Single(groups, g => g.UsageType.Contains("ProvisionedThroughput", StringComparison.Ordinal));
        Assert.Equal(24m, pt.Quantity);
        Assert.Equal(24m * 55.00m, pt.Unblended);
        Assert.Equal("feature$catalog-tagging", pt.FeatureKey);

        var novaInput = ledger.Single(l => l.UsageType == "USE1-NovaMicro-input-tokens");
        Assert.Equal(novaInput.Tokens / 1_000m, groups.Single(g => g.UsageType == "USE1-NovaMicro-input-tokens").Quantity);
        var marketplace = ledger.Where(l => l.UsageType == "USE1-MP:USE1_input_tokens_standard-Units").ToList();
        Assert.Equal(
            marketplace.Sum(l => l.Tokens) / 1_000_000m,
            groups.Where(g => g.UsageType == "USE1-MP:USE1_input_tokens_standard-Units").Sum(g => g.Quantity));

        Assert.All(results.SelectMany(r => r.Groups).SelectMany(g => g.Metrics), m =>
        {
            Assert.Matches(AmountPattern(), m.Value.Amount);
            Assert.Equal(m.Key == "UsageQuantity" ? "N/A" : "USD", m.Value.Unit);
        });
        Assert.Contains(groups, g => g.FeatureKey == "feature$");
        Assert.All(groups, g => Assert.StartsWith("feature$", g.FeatureKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pages_ChainOverEveryDayExactlyOnce_FourteenDaysAtMost()
    {
        var workload = DemoFixture.Standard();
        var window = workload.History;
        var days = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await workload.GetCostAndUsageAsync(Request(window, token), CancellationToken.None);
            pages++;
            Assert.InRange(page.ResultsByTime.Count, 1, 14);
            days.AddRange(page.ResultsByTime.Select(r => r.TimePeriod.Start));
            Assert.All(page.ResultsByTime, r => Assert.Equal(
                DemoFixture.Iso(DateOnly.ParseExact(r.TimePeriod.Start, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(1)), r.TimePeriod.End));
            token = page.NextPageToken;
            Assert.False(token is not null && DateOnly.TryParse(token, CultureInfo.InvariantCulture, out _), "token should be opaque");
        }
        while (token is not null);

        Assert.Equal(window.EachDay().Select(DemoFixture.Iso), days);
        Assert.Equal((window.Days + 13) / 14, pages);
    }

    [Fact]
    public async Task LastTwoDays_AreEstimated_At92To98PercentOfFinal()
    {
        var workload = DemoFixture.Standard();
        var window = new DateWindow(DemoFixture.Anchor.AddDays(-6), DemoFixture.Anchor.AddDays(3));
        var page = await workload.GetCostAndUsageAsync(Request(window, null, groupBy: false), CancellationToken.None);

        var estimated = page.ResultsByTime.Where(r => r.Estimated).Select(r => r.TimePeriod.Start).ToList();
        Assert.Equal(new[] { DemoFixture.Iso(DemoFixture.Anchor.AddDays(-1)), DemoFixture.Iso(DemoFixture.Anchor) }, estimated);

        foreach (var day in new[] { DemoFixture.Anchor.AddDays(-1), DemoFixture.Anchor })
        {
            var oneDay = new DateWindow(day, day.AddDays(1));
            var billed = workload.Ledger(oneDay).Sum(l => l.UnblendedCost);
            var final = workload.FinalLedger(oneDay).Sum(l => l.UnblendedCost);
            Assert.InRange(billed / final, 0.92m, 0.98m);
            Assert.All(workload.Ledger(oneDay), l => Assert.True(l.Estimated));
            var total = DemoFixture.Amount(page.ResultsByTime.Single(r => r.TimePeriod.Start == DemoFixture.Iso(day)).Total!["UnblendedCost"]);
            Assert.Equal(billed, total);
        }

        // A week later the same days are final and complete.
        var later = DemoFixture.Standard(now: DemoFixture.Now.AddDays(7));
        var settled = await later.GetCostAndUsageAsync(Request(window, null, groupBy: false), CancellationToken.None);
        Assert.DoesNotContain(settled.ResultsByTime, r => r.Estimated && DateOnly.Parse(r.TimePeriod.Start, CultureInfo.InvariantCulture) <= DemoFixture.Anchor);
        Assert.Equal(
            workload.FinalLedger(new DateWindow(DemoFixture.Anchor, DemoFixture.Anchor.AddDays(1))).Sum(l => l.UnblendedCost),
            later.Ledger(new DateWindow(DemoFixture.Anchor, DemoFixture.Anchor.AddDays(1))).Sum(l => l.UnblendedCost));
    }

    [Fact]
    public async Task DaysBeforeHistoryOrFromToday_HaveNoGroups()
    {
        var workload = DemoFixture.Standard();
        var window = new DateWindow(workload.History.Start.AddDays(-3), DemoFixture.Anchor.AddDays(4));
        var results = new List<ResultByTime>();
        string? token = null;
        do
        {
            var page = await workload.GetCostAndUsageAsync(Request(window, token), CancellationToken.None);
            results.AddRange(page.ResultsByTime);
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal(window.Days, results.Count);
        Assert.All(results.Take(3), r => Assert.Empty(r.Groups));
        Assert.All(results.TakeLast(3), r => Assert.Empty(r.Groups));
        Assert.All(results.Skip(3).SkipLast(3), r => Assert.NotEmpty(r.Groups));
    }

    [Theory]
    [InlineData("unknown dimension")]
    [InlineData("unknown tag")]
    [InlineData("cost category")]
    public async Task UnrecognisedFilter_AnswersWithNoData(string caseName)
    {
        var workload = DemoFixture.Standard();
        var filter = caseName switch
        {
            "unknown dimension" => new Expression { Dimensions = new DimensionValues("INSTANCE_TYPE", ["m5.large"]) },
            "unknown tag" => new Expression { Tags = new TagValues("owner", ["alice"]) },
            _ => new Expression(),
        };
        var window = new DateWindow(DemoFixture.Anchor.AddDays(-3), DemoFixture.Anchor);

        var page = await workload.GetCostAndUsageAsync(Request(window, null) with { Filter = filter }, CancellationToken.None);
        var tags = await workload.GetTagsAsync(
            new GetTagsRequest { TimePeriod = new DateInterval(DemoFixture.Iso(window.Start), DemoFixture.Iso(window.End)), TagKey = "team", Filter = filter },
            CancellationToken.None);

        Assert.Equal(3, page.ResultsByTime.Count);
        Assert.All(page.ResultsByTime, r => Assert.Empty(r.Groups));
        Assert.Empty(tags.Tags);
    }

    [Fact]
    public async Task DimensionValuesAndTags_ListWhatTheOrganisationUses()
    {
        var workload = DemoFixture.Standard();
        var period = new DateInterval(DemoFixture.Iso(workload.History.Start), DemoFixture.Iso(workload.History.End));

        var services = await workload.GetDimensionValuesAsync(
            new GetDimensionValuesRequest { TimePeriod = period, Dimension = "SERVICE", SearchString = "Bedrock" }, CancellationToken.None);
        var teams = await workload.GetTagsAsync(new GetTagsRequest { TimePeriod = period, TagKey = "team" }, CancellationToken.None);
        var features = await workload.GetTagsAsync(new GetTagsRequest { TimePeriod = period, TagKey = "feature" }, CancellationToken.None);
        var other = await workload.GetDimensionValuesAsync(
            new GetDimensionValuesRequest { TimePeriod = period, Dimension = "SERVICE", SearchString = "EC2" }, CancellationToken.None);

        Assert.Equal(
            new[] { "Amazon Bedrock", "Amazon Bedrock Service", "Claude Haiku 4.5 (Amazon Bedrock Edition)" },
            services.DimensionValues.Select(v => v.Value));
        Assert.Null(services.NextPageToken);
        Assert.Equal(new[] { "", "commerce", "data-science", "growth", "platform", "search", "support" }, teams.Tags);
        Assert.Contains("", features.Tags);
        Assert.True(features.Tags.Count(t => t.Length > 0) >= 12, $"{features.Tags.Count} features");
        Assert.Empty(other.DimensionValues);
    }

    [Fact]
    public async Task UntaggedTeamSpend_IsAnsweredByTheAbsentFilter()
    {
        var workload = DemoFixture.Standard();
        var (groups, _, _) = await DemoFixture.FetchLikeIngestionAsync(workload, workload.History);
        var ledger = workload.Ledger(workload.History);

        var untagged = groups.Where(g => g.Team is null).Sum(g => g.Unblended);
        Assert.Equal(ledger.Where(l => l.Team is null).Sum(l => l.UnblendedCost), untagged);
        Assert.True(untagged > 0);
    }

    [Fact]
    public async Task MonthlyGranularity_TotalsMatchTheLedger()
    {
        var workload = DemoFixture.Standard();
        var window = new DateWindow(new DateOnly(2026, 5, 1), new DateOnly(2026, 7, 1));
        var page = await workload.GetCostAndUsageAsync(Request(window, null, groupBy: false) with { Granularity = "MONTHLY" }, CancellationToken.None);

        Assert.Equal(2, page.ResultsByTime.Count);
        Assert.Null(page.NextPageToken);
        Assert.Equal(
            workload.Ledger(window).Sum(l => l.UnblendedCost),
            page.ResultsByTime.Sum(r => DemoFixture.Amount(r.Total!["UnblendedCost"])));
    }

    private static GetCostAndUsageRequest Request(DateWindow window, string? token, bool groupBy = true) => new()
    {
        TimePeriod = new DateInterval(DemoFixture.Iso(window.Start), DemoFixture.Iso(window.End)),
        Granularity = "DAILY",
        Metrics = Metrics,
        GroupBy = groupBy ? [new GroupDefinition("DIMENSION", "USAGE_TYPE"), new GroupDefinition("TAG", "feature")] : null,
        NextPageToken = token,
    };

    [GeneratedRegex(@"^\d+(\.\d{1,10})?$")]
    private static partial Regex AmountPattern();
}
