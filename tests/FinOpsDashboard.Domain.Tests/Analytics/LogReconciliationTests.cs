using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Pricing;

namespace FinOpsDashboard.Domain.Tests.Analytics;

public sealed class LogReconciliationTests
{
    private static readonly DateOnly Day = new(2026, 11, 20);

    [Fact]
    public void Estimate_PricesLoggedTokensAtOnDemandGeoRates()
    {
        // Sonnet 4.6 geo: 2M input × 3.30 + 0.5M output × 16.50 + 4M cache read × 0.33 + 1M cache write × 4.125
        //   = 6.60 + 8.25 + 1.32 + 4.125 = 20.295
        var rows = LogReconciliation.Reconcile(
            [new LoggedTokens(Day, "Claude Sonnet 4.6", 1_000, 2_000_000, 500_000, 4_000_000, 1_000_000)],
            [new BilledTokenCharge(Day, "Claude Sonnet 4.6", "on-demand", "none", "input", 21.000m)],
            PriceCatalog.Representative());

        var row = Assert.Single(rows);
        Assert.Equal(20.295m, row.Estimated);
        Assert.Equal(21.000m, row.Billed);
        Assert.Equal(0.705m, row.Difference);
        Assert.Equal(1_000, row.Requests);
        Assert.Empty(row.Notes);
    }

    [Fact]
    public void Notes_ExplainBatchAndGlobalShares_AndOneSidedModels()
    {
        var rows = LogReconciliation.Reconcile(
            [
                new LoggedTokens(Day, "Nova Lite", 10, 1_000_000, 1_000_000, 0, 0),
                new LoggedTokens(Day, "Nova Micro", 5, 1_000_000, 0, 0, 0),
            ],
            [
                new BilledTokenCharge(Day, "Nova Lite", "batch", "none", "input", 0.03m),
                new BilledTokenCharge(Day, "Nova Lite", "on-demand", "global", "output", 0.09m),
                new BilledTokenCharge(Day, "Llama 3 70B", "on-demand", "none", "input", 2.65m),
            ],
            PriceCatalog.Representative());

        var lite = rows.Single(r => r.Model == "Nova Lite");
        Assert.Equal(0.30m, lite.Estimated); // 1M × 0.06 + 1M × 0.24
        Assert.Contains("25% of billed is batch (half price); the estimate prices everything on-demand in-region", lite.Notes);
        Assert.Contains("75% of billed is global cross-region (~10 % below geo); the estimate prices everything on-demand in-region", lite.Notes);
        Assert.Contains(rows.Single(r => r.Model == "Nova Micro").Notes, n => n.StartsWith("logged but not billed yet", StringComparison.Ordinal));
        var llama = rows.Single(r => r.Model == "Llama 3 70B");
        Assert.Equal(0m, llama.Estimated);
        Assert.Contains(llama.Notes, n => n.StartsWith("billed but absent from the logs", StringComparison.Ordinal));
    }

    [Fact]
    public void Estimate_UsesTheCatalogPriceInForceOnTheDay()
    {
        var catalog = new PriceCatalog(PriceCatalog.Representative().Entries.Append(new PriceCatalogEntry
        {
            Model = "Nova Micro", Direction = "input", PricingMode = "on-demand", UsdPerMillion = 0.03m, EffectiveFrom = Day,
            Provenance = "negotiated", CreatedBy = "t", UpdatedBy = "t",
        }).Select(e => e.Model == "Nova Micro" && e.Direction == "input" && e.IsRepresentative ? Closed(e, Day.AddDays(-1)) : e));

        Assert.Equal(0.035m, LogReconciliation.Estimate("Nova Micro", Day.AddDays(-1), [new LoggedTokens(Day.AddDays(-1), "Nova Micro", 1, 1_000_000, 0, 0, 0)], catalog));
        Assert.Equal(0.03m, LogReconciliation.Estimate("Nova Micro", Day, [new LoggedTokens(Day, "Nova Micro", 1, 1_000_000, 0, 0, 0)], catalog));
    }

    private static PriceCatalogEntry Closed(PriceCatalogEntry entry, DateOnly lastDay)
    {
        entry.EffectiveTo = lastDay;
        return entry;
    }

    [Fact]
    public void AModelWithoutAPrice_HasNoEstimate_AndSaysWhy()
    {
        var row = Assert.Single(LogReconciliation.Reconcile([new LoggedTokens(Day, "Mystery 9", 1, 100, 100, 0, 0)], [], PriceCatalog.Representative()));

        Assert.Null(row.Estimated);
        Assert.Null(row.Difference);
        Assert.Contains("no catalog price for Mystery 9: add it on the price catalog page", row.Notes);
    }
}
