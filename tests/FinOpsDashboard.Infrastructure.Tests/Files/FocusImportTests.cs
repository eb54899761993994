using FinOpsDashboard.Domain.Facts;
using static FinOpsDashboard.Infrastructure.Tests.Files.Fixtures;

namespace FinOpsDashboard.Infrastructure.Tests.Files;

public sealed class FocusImportTests
{
    [Fact]
    public async Task CurAndTheEquivalentFocusExport_AgreeToTheCent_PerModelTeamAndPricingMode()
    {
        await using var cur = await ImportHarness.CreateAsync();
        await using var focus = await ImportHarness.CreateAsync();
        await cur.ImportAsync(cur.Write("cur.csv", Cur(MixedMonth())));
        await focus.ImportAsync(focus.Write("focus.csv", Focus(MixedMonth())));

        static Dictionary<(string, string, string), (decimal, decimal)> ByModelTeamMode(List<CostFact> facts) => facts
            .GroupBy(f => (f.Model, f.Team, f.PricingMode))
            .ToDictionary(g => g.Key, g => (decimal.Round(g.Sum(f => f.UnblendedCost), 2), decimal.Round(g.Sum(f => f.AmortizedCost), 2)));

        var fromCur = ByModelTeamMode(await cur.FactsAsync());
        var fromFocus = ByModelTeamMode(await focus.FactsAsync());

        Assert.Equal(fromCur.Count, fromFocus.Count);
        Assert.True(fromCur.Count >= 8, "the fixture covers at least eight model × team × mode cells");
        foreach (var (key, costs) in fromCur)
        {
            Assert.True(fromFocus.TryGetValue(key, out var other), $"FOCUS has no {key}");
            Assert.Equal(costs, other);
        }

        Assert.All(await focus.FactsAsync(), f => Assert.Equal("focus", f.Source));
        Assert.Equal("focus-1.2", Assert.Single(await focus.FilesAsync()).Format);
    }

    [Fact]
    public async Task Focus10_ReadsTheUsageTypeFrom_x_UsageType()
    {
        await using var h = await ImportHarness.CreateAsync();

        var summary = await h.ImportAsync(h.Write("focus10.csv", Focus(MixedMonth(), usageTypeInXColumn: true)));

        Assert.Equal((12L, 2L), (summary.RowsKept, summary.RowsSkipped));
        Assert.Equal("focus-1.0", Assert.Single(await h.FilesAsync()).Format);
        var facts = await h.FactsAsync();
        Assert.Contains(facts, f => f.Model == "Claude Sonnet 4.6" && f.TokenDirection == "cache-read" && f.Quantity == 8_000_000m);
        Assert.Contains(facts, f => f.Model == "Claude 3 Haiku" && f.Team == "search" && f.Feature == "query-rewrite");
    }

    [Fact]
    public async Task GenerativeAiServicesThatAreNotBedrock_AreSkipped()
    {
        await using var h = await ImportHarness.CreateAsync();
        var q = new Charge(AccountA, May1, "USE1-Q-Business-User", 1m, "User-Month", 20m) { ProductCode = "AmazonQ", ProductName = "Amazon Q" };
        var csv = Focus([q, new Charge(AccountA, May1, "USE1-NovaPro-input-tokens", 10m, "1K tokens", 0.008m)])
            .Replace(",Compute,Amazon Q,Virtual Machines,", ",AI and Machine Learning,Amazon Q,Generative AI,", StringComparison.Ordinal);

        var summary = await h.ImportAsync(h.Write("focus.csv", csv));

        Assert.Equal((1L, 1L), (summary.RowsKept, summary.RowsSkipped));
        Assert.Equal("Nova Pro", Assert.Single(await h.FactsAsync()).Model);
    }

    [Fact]
    public async Task FocusTags_MapToTeamAndFeature_WithThePrincipalTagAsFallback()
    {
        await using var h = await ImportHarness.CreateAsync();
        await h.ImportAsync(h.Write("focus.csv", Focus(MixedMonth())));
        var facts = await h.FactsAsync();

        Assert.Equal("growth", Assert.Single(facts, f => f.UsageType == "USE1-NovaLite-input-tokens").Team);
        Assert.Equal(Attribution.Unattributed, Assert.Single(facts, f => f.UsageType == "USE1-NovaLite-output-tokens").Team);
        Assert.Equal(("search", "semantic-search"), facts.Where(f => f.Model == "Nova Pro").Select(f => (f.Team, f.Feature)).Distinct().Single());
    }
}
