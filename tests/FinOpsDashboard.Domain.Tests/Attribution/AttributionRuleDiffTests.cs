using FinOpsDashboard.Domain.Attribution;

namespace FinOpsDashboard.Domain.Tests.Attribution;

public sealed class AttributionRuleDiffTests
{
    private static readonly AttributionRule TeamTag = new("team", "tag", "team", "*", "{value}");
    private static readonly AttributionRule TeamMeta = new("team", "log-metadata", "team", "*", "{value}");
    private static readonly AttributionRule FeatureTag = new("feature", "tag", "feature", "*", "{value}");
    private static readonly AttributionRule SearchRole = new("team", "principal", null, "arn:aws:iam::111122223333:role/search-*", "search");

    [Fact]
    public void IdenticalVersions_HaveNoChanges() =>
        Assert.Empty(AttributionRuleDiff.Between([TeamTag, FeatureTag], [TeamTag, FeatureTag]));

    [Fact]
    public void InsertingARuleFirst_IsOneAddition_NotEveryRuleMoved()
    {
        var changes = AttributionRuleDiff.Between([TeamTag, TeamMeta, FeatureTag], [SearchRole, TeamTag, TeamMeta, FeatureTag]);

        Assert.Equal(["Added #1 team: principal = arn:aws:iam::111122223333:role/search-* → search"], changes.Select(c => c.Describe()));
    }

    [Fact]
    public void AddRemoveChangeAndMove_AreEachReportedOnce()
    {
        var changes = AttributionRuleDiff.Between(
            [TeamTag, TeamMeta, FeatureTag],
            [TeamMeta, TeamTag with { Assign = "platform" }, SearchRole]);

        Assert.Equal(
        [
            "Changed #2 team: tag[team] = * → platform (was → {value}, at #1)",
            "Added #3 team: principal = arn:aws:iam::111122223333:role/search-* → search",
            "Removed #3 feature: tag[feature] = * → {value}",
        ], changes.Select(c => c.Describe()));
    }

    [Fact]
    public void SwappingTwoRules_ReportsTheOneThatMoved()
    {
        var changes = AttributionRuleDiff.Between([TeamTag, TeamMeta, FeatureTag], [TeamTag, FeatureTag, TeamMeta]);

        var moved = Assert.Single(changes);
        Assert.Equal((AttributionChangeKind.Moved, 2, 3), (moved.Kind, moved.FromPosition, moved.ToPosition));
        Assert.Equal("Moved #2 → #3 team: log-metadata[team] = * → {value}", moved.Describe());
    }
}
