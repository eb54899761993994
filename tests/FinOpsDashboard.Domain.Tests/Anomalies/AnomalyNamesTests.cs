using FinOpsDashboard.Domain.Anomalies;

namespace FinOpsDashboard.Domain.Tests.Anomalies;

public sealed class AnomalyNamesTests
{
    [Fact]
    public void EverySlug_ParsesBackToItsValue()
    {
        Assert.All(AnomalyNames.Dimensions, d => Assert.Equal(d, AnomalyNames.ParseDimension(d.Slug())));
        Assert.All(Enum.GetValues<AnomalySeverity>(), s => Assert.Equal(s, AnomalyNames.ParseSeverity(s.Slug())));
        Assert.All(Enum.GetValues<AnomalyStatus>(), s => Assert.Equal(s, AnomalyNames.ParseStatus(s.Slug())));
        Assert.Equal(AnomalyDimension.PricingMode, AnomalyNames.ParseDimension(" Pricing-Mode "));
    }

    [Fact]
    public void AnUnknownValue_IsRefusedWithTheValidOnesListed()
    {
        var error = Assert.Throws<ArgumentException>(() => AnomalyNames.ParseDimension("account"));

        Assert.Equal("Unknown anomaly dimension 'account'. Use one of: total, model, team, feature, pricing-mode.", error.Message);
        Assert.Throws<ArgumentException>(() => AnomalyNames.ParseSeverity("loud"));
        Assert.Throws<ArgumentException>(() => AnomalyNames.ParseStatus("done"));
    }
}
