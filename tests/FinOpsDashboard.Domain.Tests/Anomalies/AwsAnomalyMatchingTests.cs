using FinOpsDashboard.Domain.Anomalies;

namespace FinOpsDashboard.Domain.Tests.Anomalies;

public sealed class AwsAnomalyMatchingTests
{
    private static readonly DateOnly Day = new(2026, 6, 13);

    private static readonly AwsFinding SonnetSpike = new("aws-1", Day, Day, 1450m,
    [
        new AwsRootCause("Amazon Bedrock Service", "USE1-Claude4.6Sonnet-input-tokens-cross-region-global", 900m),
        new AwsRootCause("Amazon Bedrock Service", "USE1-Claude4.6Sonnet-output-tokens-cross-region-global", 550m),
    ]);

    private static readonly AwsFinding NoCauses = new("aws-2", Day.AddDays(-2), null, 300m, []);

    public static TheoryData<string, SeriesKey, DateOnly, string[], string?> Cases => new()
    {
        { "total on the day: the largest finding covering it", SeriesKey.Total, Day, [], "aws-1" },
        { "total two days earlier: only the open finding covers it", SeriesKey.Total, Day.AddDays(-2), [], "aws-2" },
        { "total before any finding", SeriesKey.Total, Day.AddDays(-3), [], null },
        { "model named by a root-cause usage type", new SeriesKey(AnomalyDimension.Model, "Claude Sonnet 4.6"), Day, [], "aws-1" },
        { "another model", new SeriesKey(AnomalyDimension.Model, "Nova Pro"), Day, [], null },
        { "pricing mode of the root causes", new SeriesKey(AnomalyDimension.PricingMode, "on-demand"), Day, [], "aws-1" },
        { "feature whose top usage type is a root cause", new SeriesKey(AnomalyDimension.Feature, "email-campaigns"), Day, ["USE1-Claude4.6Sonnet-output-tokens-cross-region-global"], "aws-1" },
        { "team with unrelated usage types", new SeriesKey(AnomalyDimension.Team, "search"), Day, ["USE1-NovaPro-input-tokens"], null },
        { "feature on the right day but outside the finding's dates", new SeriesKey(AnomalyDimension.Feature, "email-campaigns"), Day.AddDays(1), ["USE1-Claude4.6Sonnet-output-tokens-cross-region-global"], null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesWhenDatesOverlapAndDimensionsAreCompatible(string name, SeriesKey series, DateOnly day, string[] topUsageTypes, string? expected)
    {
        var match = AwsAnomalyMatching.Match(series, day, topUsageTypes, [NoCauses, SonnetSpike]);

        Assert.True(expected == match?.AnomalyId, $"{name}: matched {match?.AnomalyId ?? "nothing"}");
    }
}
