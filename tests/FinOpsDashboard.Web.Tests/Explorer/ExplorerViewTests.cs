using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Web.Components.Pages.Explorer;

namespace FinOpsDashboard.Web.Tests.Explorer;

public sealed class ExplorerViewTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    [Fact]
    public void EmptyQuery_IsTheLast30CompleteDaysByModel()
    {
        var view = ExplorerView.Parse(new Dictionary<string, string?>(), Today);

        Assert.Equal(new DateWindow(new DateOnly(2026, 10, 23), new DateOnly(2026, 11, 22)), view.Window);
        Assert.Equal(SpendDimension.Model, view.GroupBy);
        Assert.Null(view.ThenBy);
        Assert.Empty(view.Filters);
    }

    [Fact]
    public void AView_RoundTripsThroughItsQueryString_IncludingKeysWithSeparators()
    {
        var view = new ExplorerView(new DateWindow(new DateOnly(2026, 9, 1), new DateOnly(2026, 10, 1)), SpendDimension.Team, SpendDimension.Feature)
            .WithFilter(SpendDimension.Team, ["search", "r&d, west|east"])
            .WithFilter(SpendDimension.PricingMode, ["batch"]) with { Drill = ("r&d, west|east", "chat bot") };

        var query = view.ToQueryString();
        var parsed = ExplorerView.Parse("http://localhost/explorer" + query, Today);

        Assert.Equal(view.Window, parsed.Window);
        Assert.Equal((SpendDimension.Team, SpendDimension.Feature), (parsed.GroupBy, parsed.ThenBy));
        Assert.Equal(["search", "r&d, west|east"], parsed.Filters[SpendDimension.Team]);
        Assert.Equal(["batch"], parsed.Filters[SpendDimension.PricingMode]);
        Assert.Equal(("r&d, west|east", "chat bot"), parsed.Drill!.Value);
    }

    [Fact]
    public void DrillFilter_NarrowsToTheRow_ButNeverWidensAFilter()
    {
        var view = new ExplorerView(new DateWindow(Today.AddDays(-7), Today), SpendDimension.Team, SpendDimension.Model)
            .WithFilter(SpendDimension.Team, ["search"]) with { Drill = ("payments", "Nova Pro") };

        var filter = view.DrillFilter();

        Assert.Empty(filter.Teams!);
        Assert.Equal(["Nova Pro"], filter.Models);
    }

    [Theory]
    [InlineData("bad date", "from", "2026-13-01", "'from' must be a date")]
    [InlineData("unknown dimension", "by", "colour", "Unknown dimension")]
    [InlineData("window backwards", "to", "2026-01-01", "'to' must be after 'from'")]
    public void MalformedQueries_SayWhichParameterIsWrong(string because, string name, string value, string message)
    {
        _ = because;
        var error = Assert.Throws<FormatException>(() => ExplorerView.Parse(new Dictionary<string, string?> { [name] = value }, Today));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
