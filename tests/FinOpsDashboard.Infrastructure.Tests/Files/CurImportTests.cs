using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.Files;
using static FinOpsDashboard.Infrastructure.Tests.Files.Fixtures;

namespace FinOpsDashboard.Infrastructure.Tests.Files;

public sealed class CurImportTests
{
    [Fact]
    public async Task Cur20_KeepsBedrockRowsOnly_ClassifiedAndAggregatedToTheGrain()
    {
        await using var h = await ImportHarness.CreateAsync();
        var path = h.Write("cur/2026-05.csv", Cur(MixedMonth()));

        var summary = await h.ImportAsync(path);

        Assert.Equal((1, 0, 0, 0), (summary.FilesImported, summary.FilesSkipped, summary.FilesFailed, summary.FilesRejected));
        Assert.Equal((14L, 12L, 2L, 0L), (summary.RowsRead, summary.RowsKept, summary.RowsSkipped, summary.RowsRejected));
        var facts = await h.FactsAsync();
        Assert.Equal(11, facts.Count);
        Assert.All(facts, f => Assert.Equal("cur", f.Source));
        Assert.DoesNotContain(facts, f => f.Service.Contains("Compute", StringComparison.Ordinal) || f.Service.Contains("Storage", StringComparison.Ordinal));

        // Two lines of one grain are summed; "1K tokens" becomes tokens.
        var novaInput = Assert.Single(facts, f => f.UsageType == "USE1-NovaPro-input-tokens");
        Assert.Equal((1.6m, 1.6m, 2_000_000m, "tokens"), (novaInput.UnblendedCost, novaInput.AmortizedCost, novaInput.Quantity, novaInput.Unit));
        Assert.Equal(("Nova Pro", "input", "on-demand", "us-east-1"), (novaInput.Model, novaInput.TokenDirection, novaInput.PricingMode, novaInput.Region));
        Assert.Equal(("search", "semantic-search", "Amazon Bedrock", new DateOnly(2026, 5, 1)), (novaInput.Team, novaInput.Feature, novaInput.Service, novaInput.Date));

        var cacheWrite = Assert.Single(facts, f => f.TokenDirection == "cache-write");
        Assert.Equal(("Claude Sonnet 4.6", "1h", "Amazon Bedrock Service", "us-west-2"), (cacheWrite.Model, cacheWrite.CacheTtl, cacheWrite.Service, cacheWrite.Region));

        var batch = Assert.Single(facts, f => f.PricingMode == "batch");
        Assert.Equal(("Nova Micro", 10_000_000m), (batch.Model, batch.Quantity));

        // Marketplace: the model comes from the product name, "1M tokens" from pricing_unit.
        var marketplace = Assert.Single(facts, f => f.Service == "Claude 3 Haiku (Amazon Bedrock Edition)");
        Assert.Equal(("Claude 3 Haiku", 2_000_000m, AccountB), (marketplace.Model, marketplace.Quantity, marketplace.AccountId));

        var pt = Assert.Single(facts, f => f.PricingMode == "provisioned");
        Assert.Equal(("hours", 24m, 1320m), (pt.Unit, pt.Quantity, pt.UnblendedCost));

        // Tax has no usage type: kept, costed, unclassified.
        var tax = Assert.Single(facts, f => f.UsageType == "(Tax)");
        Assert.False(tax.IsClassified);
        Assert.Equal(0.12m, tax.UnblendedCost);
    }

    [Fact]
    public async Task Tags_ResourceTagWins_ThenThePrincipalTag_ElseUnattributed()
    {
        await using var h = await ImportHarness.CreateAsync();
        await h.ImportAsync(h.Write("cur.csv", Cur(MixedMonth())));
        var facts = await h.FactsAsync();

        var principal = Assert.Single(facts, f => f.UsageType == "USE1-NovaLite-input-tokens");
        Assert.Equal(("growth", Attribution.Unattributed), (principal.Team, principal.Feature));
        var none = Assert.Single(facts, f => f.UsageType == "USE1-NovaLite-output-tokens");
        Assert.Equal((Attribution.Unattributed, Attribution.Unattributed), (none.Team, none.Feature));
    }

    [Fact]
    public async Task TagKeys_AreConfigurable()
    {
        await using var h = await ImportHarness.CreateAsync(new ImportOptions { TeamTagKeys = ["cost-center", "team"], FeatureTagKeys = ["app"] });
        var charge = new Charge(AccountA, May1, "USE1-NovaPro-input-tokens", 10m, "1K tokens", 0.008m);
        var csv = Cur([charge], (_, row) =>
        {
            row["resource_tags"] = """{"user_cost-center":"cc-42","user_team":"search","user_app":"chat"}""";
            return row;
        });

        await h.ImportAsync(h.Write("cur.csv", csv));

        var fact = Assert.Single(await h.FactsAsync());
        Assert.Equal(("cc-42", "chat"), (fact.Team, fact.Feature));
    }

    [Fact]
    public async Task LegacyCurHeaders_AndFlattenedTagColumns_AreRead()
    {
        await using var h = await ImportHarness.CreateAsync();
        var csv = """
            identity/LineItemId,bill/BillingPeriodStartDate,bill/BillingPeriodEndDate,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/UsageStartDate,lineItem/ProductCode,lineItem/UsageType,lineItem/UsageAmount,lineItem/UnblendedCost,pricing/unit,product/ProductName,resourceTags/user:team,resourceTags/user:feature
            a1,2026-05-01T00:00:00Z,2026-06-01T00:00:00Z,111122223333,Usage,2026-05-03T00:00:00Z,AmazonBedrock,USE1-NovaPro-input-tokens,100,0.08,1K tokens,Amazon Bedrock,search,autocomplete
            a2,2026-05-01T00:00:00Z,2026-06-01T00:00:00Z,111122223333,Usage,2026-05-03T00:00:00Z,AmazonEC2,USE1-BoxUsage:t3.micro,1,0.01,Hrs,Amazon Elastic Compute Cloud,search,
            """;

        var summary = await h.ImportAsync(h.Write("legacy.csv", csv));

        Assert.Equal((1L, 1L), (summary.RowsKept, summary.RowsSkipped));
        var fact = Assert.Single(await h.FactsAsync());
        Assert.Equal(("search", "autocomplete", 100_000m, 0.08m), (fact.Team, fact.Feature, fact.Quantity, fact.UnblendedCost));
        Assert.Equal("cur-legacy", Assert.Single(await h.FilesAsync()).Format);
    }

    [Fact]
    public async Task SavingsPlanCoveredUsage_IsAmortizedAtItsEffectiveCost()
    {
        await using var h = await ImportHarness.CreateAsync();
        List<Charge> charges =
        [
            new(AccountA, May1, "USE1-NovaPro-input-tokens", 1000m, "1K tokens", 0.8m) { LineItemType = "SavingsPlanCoveredUsage", EffectiveCost = 0.6m },
            new(AccountA, May1, "USE1-NovaPro-input-tokens", 0m, "1K tokens", -0.8m) { LineItemType = "SavingsPlanNegation" },
        ];

        await h.ImportAsync(h.Write("sp.csv", Cur(charges)));

        var fact = Assert.Single(await h.FactsAsync());
        Assert.Equal((0m, 0.6m), (fact.UnblendedCost, fact.AmortizedCost));
    }

    [Fact]
    public async Task UnknownPricingUnit_KeepsTheQuantityAsBilled_AndCountsIt()
    {
        await using var h = await ImportHarness.CreateAsync();
        var charge = new Charge(AccountA, May1, "USE1-MP:USE1_InputTokenCount-Units", 3m, "Units", 0.75m) { ProductCode = "prod-x", ProductName = "Claude 3 Haiku (Amazon Bedrock Edition)" };

        await h.ImportAsync(h.Write("units.csv", Cur([charge])));

        var fact = Assert.Single(await h.FactsAsync());
        Assert.Equal(("Units", 3m, 0.75m), (fact.Unit, fact.Quantity, fact.UnblendedCost));
        Assert.Equal(1, Assert.Single(await h.FilesAsync()).UnknownUnitRows);
    }

    [Fact]
    public async Task GzipExport_ImportsLikeThePlainFile()
    {
        await using var plain = await ImportHarness.CreateAsync();
        await using var gzipped = await ImportHarness.CreateAsync();
        await plain.ImportAsync(plain.Write("cur.csv", Cur(MixedMonth())));

        var summary = await gzipped.ImportAsync(gzipped.Write("cur-00001.csv.gz", Gzip(Cur(MixedMonth()))));

        Assert.Equal(1, summary.FilesImported);
        Assert.Equal(await plain.FactSnapshotAsync(), await gzipped.FactSnapshotAsync());
        Assert.StartsWith("sha256:", Assert.Single(await gzipped.FilesAsync()).ContentHash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheContentDecidesTheFormat_NotTheName()
    {
        await using var h = await ImportHarness.CreateAsync();

        var summary = await h.ImportAsync(h.Write("exports/000000.gz", Gzip(Cur(MixedMonth()))));

        Assert.Equal(1, summary.FilesImported);
        Assert.Equal(11, (await h.FactsAsync()).Count);
    }

    [Fact]
    public async Task UnknownHeader_IsRejectedWhole_NamingTheExpectedFormats()
    {
        await using var h = await ImportHarness.CreateAsync();
        var path = h.Write("exports/orders.csv", "order_id,customer,amount\n1,acme,10\n");

        var summary = await h.ImportAsync(path);

        Assert.Equal((0, 1), (summary.FilesImported, summary.FilesRejected));
        var file = Assert.Single(await h.FilesAsync());
        Assert.Equal(ImportStatus.Rejected, file.Status);
        Assert.Contains("Unknown header (first columns: order_id, customer, amount)", file.Error, StringComparison.Ordinal);
        Assert.Contains("CUR 2.0", file.Error, StringComparison.Ordinal);
        Assert.Contains("FOCUS 1.0-1.2", file.Error, StringComparison.Ordinal);
        Assert.Contains("invocation logs", file.Error, StringComparison.Ordinal);
        Assert.Empty(await h.FactsAsync());
    }

    [Fact]
    public async Task ParquetExport_IsRejectedWithAnExplanation()
    {
        await using var h = await ImportHarness.CreateAsync();

        var summary = await h.ImportAsync(h.Write("cur/part-0.snappy.parquet", [0x50, 0x41, 0x52, 0x31]));

        Assert.Equal(1, summary.FilesRejected);
        Assert.Contains("Parquet", Assert.Single(await h.FilesAsync()).Error, StringComparison.Ordinal);
    }
}
