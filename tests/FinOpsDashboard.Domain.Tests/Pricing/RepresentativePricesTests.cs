using FinOpsDashboard.Domain.Pricing;

namespace FinOpsDashboard.Domain.Tests.Pricing;

public sealed class RepresentativePricesTests
{
    [Theory]
    [InlineData("Sonnet in-region (geo) input", "Claude Sonnet 4.6", "input", "on-demand", "none", null, 3.30)]
    [InlineData("Sonnet global input is the listed 3.00", "Claude Sonnet 4.6", "input", "on-demand", "global", null, 3.00)]
    [InlineData("Sonnet global output", "Claude Sonnet 4.6", "output", "on-demand", "global", null, 15.00)]
    [InlineData("Sonnet global cache read", "Claude Sonnet 4.6", "cache-read", "on-demand", "global", null, 0.30)]
    [InlineData("Sonnet global 5-minute write", "Claude Sonnet 4.6", "cache-write", "on-demand", "global", "5m", 3.75)]
    [InlineData("Sonnet global 1-hour write", "Claude Sonnet 4.6", "cache-write", "on-demand", "global", "1h", 6.00)]
    [InlineData("Haiku geo is 10 % above global", "Claude Haiku 4.5", "input", "on-demand", "none", null, 1.10)]
    [InlineData("batch halves on-demand", "Nova Lite", "output", "batch", "none", null, 0.12)]
    [InlineData("Nova cache writes are free", "Nova Pro", "cache-write", "on-demand", "none", "5m", 0)]
    [InlineData("embeddings", "Titan Text Embeddings V2", "input", "on-demand", "none", null, 0.02)]
    public void RatePerMillion_FollowsTheListAndItsRules(string name, string model, string direction, string mode, string crossRegion, string? ttl, double expected)
    {
        _ = name;
        Assert.Equal((decimal)expected, RepresentativePrices.RatePerMillion(model, direction, mode, crossRegion, ttl));
    }

    [Theory]
    [InlineData("unknown model", "Mystery 9", "input", "on-demand")]
    [InlineData("no caching on Llama", "Llama 3 70B", "cache-read", "on-demand")]
    [InlineData("tiers the list does not price", "Nova Pro", "input", "priority")]
    [InlineData("provisioned is not per token", "Nova Pro", "model-units", "provisioned")]
    public void RatePerMillion_IsNullWhenTheCatalogCannotPriceTheCharge(string name, string model, string direction, string mode)
    {
        _ = name;
        Assert.Null(RepresentativePrices.RatePerMillion(model, direction, mode, "none", null));
    }

    [Fact]
    public void Cost_IsTokensTimesRatePerMillion() => Assert.Equal(7.50m, RepresentativePrices.Cost(2_500_000, 3.00m));
}
