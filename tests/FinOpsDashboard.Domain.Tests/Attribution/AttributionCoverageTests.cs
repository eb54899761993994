using FinOpsDashboard.Domain.Attribution;
using Unattributed = FinOpsDashboard.Domain.Facts.Attribution;

namespace FinOpsDashboard.Domain.Tests.Attribution;

public sealed class AttributionCoverageTests
{
    private const string U = Unattributed.Unattributed;

    [Fact]
    public void Shares_AreTotalMinusUnattributedOverTotal_PerTarget()
    {
        // The doc comment's example: $1,000 total, $150 without a team, $400 without a feature.
        var coverage = AttributionCoverage.Of(
        [
            new("search", "chat", 450m),
            new("search", U, 250m),
            new(U, U, 150m),
            new("support", "agent-assist", 150m),
        ]);

        Assert.Equal((1000m, 150m, 400m), (coverage.TotalCost, coverage.UnattributedTeamCost, coverage.UnattributedFeatureCost));
        Assert.Equal(0.85m, coverage.TeamShare);
        Assert.Equal(0.60m, coverage.FeatureShare);
    }

    [Fact]
    public void NoSpend_IsZeroShares_AndSaysSo()
    {
        var coverage = AttributionCoverage.Of([]);

        Assert.False(coverage.HasSpend);
        Assert.Equal((0m, 0m), (coverage.TeamShare, coverage.FeatureShare));
    }

    [Fact]
    public void FullyAttributed_IsOne()
    {
        Assert.Equal(1m, AttributionCoverage.Of([new("a", "b", 3.5m)]).TeamShare);
    }
}
