using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Reporting;
using FinOpsDashboard.Infrastructure.Tests;
using FinOpsDashboard.Web.Endpoints;
using FinOpsDashboard.Web.Tests.Support;

namespace FinOpsDashboard.Web.Tests.Endpoints;

public sealed class ReviewCsvTests
{
    private static readonly IsoWeek Week = new(new DateOnly(2026, 11, 16));

    [Fact]
    public void EachMover_IsOneRow_WithTheCentRoundedEffectsThatAddUpToItsChange()
    {
        var search = new ReviewMover("search", new ChangeEffects(310m, 460m, 140.91m, 0m, 9.09m, 0m, 0m));
        var gone = new ReviewMover("support", new ChangeEffects(40m, 0m, -40m, 0m, 0m, 0m, 0m));
        var average = new ReviewMover("Nova Pro", new ChangeEffects(87.5m, 75m, -12.5m, 0m, 0m, 0m, 0m));
        var review = Review(
            new ReviewMovers(SpendDimension.Team, ReviewBaseline.LastWeek, [search, gone], 2),
            new ReviewMovers(SpendDimension.PricingMode, ReviewBaseline.FourWeekAverage, [average], 1));

        var lines = ReviewExportEndpoints.ToCsv(review).Split("\r\n");

        Assert.Equal(
            [
                "week_start,compared_with,dimension,key,baseline,current,change,volume,unit_price,model_mix,cache,pricing_mode",
                "2026-11-16,last-week,team,search,310,460,150,140.91,0,9.09,0,0",
                "2026-11-16,last-week,team,support,40,0,-40,-40,0,0,0,0",
                "2026-11-16,4-week-average,pricing-mode,Nova Pro,87.5,75,-12.5,-12.5,0,0,0,0",
                "",
            ],
            lines);
    }

    [Theory]
    [InlineData("a formula", "=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\"")]
    [InlineData("a leading minus", "-team", "'-team")]
    [InlineData("a comma", "search, eu", "\"search, eu\"")]
    [InlineData("the unattributed bucket", "(unattributed)", "(unattributed)")]
    public void Keys_AreQuotedAndNeutralisedAgainstSpreadsheetFormulas(string name, string key, string field)
    {
        var mover = new ReviewMover(key, new ChangeEffects(0m, 1.5m, 1.5m, 0m, 0m, 0m, 0m));
        var movers = new ReviewMovers(SpendDimension.Feature, ReviewBaseline.LastWeek, [mover], 1);

        var row = ReviewExportEndpoints.Row(Review(movers), movers, mover);

        Assert.True(row == $"2026-11-16,last-week,feature,{field},0,1.5,1.5,1.5,0,0,0,0", $"{name}: {row}");
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("2026-11-16", "2026-11-16", null)]
    [InlineData("16/11/2026", null, "week must be a date written yyyy-MM-dd")]
    [InlineData("2026-11-18", null, "2026-11-18 is a Wednesday")]
    [InlineData("2026-11-23", null, "has not ended yet")]
    public async Task WeekParameter_IsAMondayOfAnEndedWeek_OrAClearError(string? week, string? monday, string? error)
    {
        await using var db = new TestDatabase();
        var query = new WeeklyReviewQuery(new SpendReports(db.Factory()), db.Factory(), new FixedClock(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero)));

        var (parsed, problem) = ReviewExportEndpoints.ParseWeek(week, query);

        Assert.Equal(monday, parsed?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        if (error is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.Contains(error, problem, StringComparison.Ordinal);
        }
    }

    private static WeeklyReviewReport Review(params ReviewMovers[] movers) =>
        new(Week, Week, 0m, 0m, 0m, 0m, [], movers, [], 0);
}
