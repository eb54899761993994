using System.Globalization;
using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Web.Components.Shared;
using FinOpsDashboard.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace FinOpsDashboard.Web.Tests.Components;

public sealed class StackedColumnChartTests
{
    private static readonly DateOnly Start = new(2026, 11, 2); // a Monday
    private readonly IServiceProvider _services = new ServiceCollection().AddComponentTestServices().BuildServiceProvider();

    [Fact]
    public void UpToNinetyTwoDays_OneColumnPerDay_EveryDayOfTheWindow_ZeroWhereAKeyHadNoSpend()
    {
        var window = new DateWindow(Start, Start.AddDays(3));
        var chart = StackedColumns.Build(["search", "support"], [Cost(0, "search", 10m), Cost(0, "support", 5m), Cost(2, "support", 7.25m), Cost(1, "other", 99m)], window);

        Assert.False(chart.Weekly);
        Assert.Equal([Start, Start.AddDays(1), Start.AddDays(2)], chart.Periods.Select(p => p.Start));
        Assert.Equal([[10m, 5m], [0m, 0m], [0m, 7.25m]], chart.Periods.Select(p => p.Amounts.ToArray()));
        Assert.Equal("Mon Nov 2, 2026", chart.Periods[0].Label);
    }

    [Fact]
    public void OverNinetyTwoDays_OneColumnPerIsoWeek_ClippedToTheWindow_AndNoSpendIsLost()
    {
        // Wednesday 2025-11-26 .. Tuesday 2026-11-24: a first and a last week cut by the window.
        var window = new DateWindow(new DateOnly(2025, 11, 26), new DateOnly(2026, 11, 25));
        var daily = window.EachDay().Select((day, i) => new DailyKeyCost(day, i % 2 == 0 ? "a" : "b", 1.01m)).ToList();

        var chart = StackedColumns.Build(["a", "b"], daily, window);

        Assert.True(chart.Weekly);
        Assert.Equal(window.Start, chart.Periods[0].Start);
        Assert.Equal(new DateOnly(2025, 12, 1), chart.Periods[1].Start);
        Assert.Equal(window.End, chart.Periods[^1].End);
        Assert.All(chart.Periods.Skip(1).SkipLast(1), p => Assert.Equal(7, p.End.DayNumber - p.Start.DayNumber));
        Assert.Equal(daily.Sum(d => d.Cost), chart.Periods.Sum(p => p.Total));
        Assert.Equal("Nov 26 – 30, 2025", chart.Periods[0].Label);
        Assert.Equal("Dec 29 – Jan 4, 2026", chart.Periods.Single(p => p.Start == new DateOnly(2025, 12, 29)).Label);
    }

    [Fact]
    public async Task Columns_StackInProportion_AndEachShapeNamesItsKeyDayAndExactAmount()
    {
        var window = new DateWindow(Start, Start.AddDays(2));
        var chart = StackedColumns.Build(["search", "support"], [Cost(0, "search", 30m), Cost(0, "support", 10m), Cost(1, "search", 20m)], window);

        var doc = await Render(chart);

        var shapes = doc.ByTestId("chart").QuerySelectorAll("svg path").ToList();
        Assert.Equal(3, shapes.Count);
        Assert.Equal(
            ["search · Mon Nov 2, 2026: $30.00", "search · Tue Nov 3, 2026: $20.00", "support · Mon Nov 2, 2026: $10.00"],
            shapes.Select(s => s.QuerySelector("title")!.TextContent));
        // Heights are proportional to the amounts: 30 : 20 : 10.
        var heights = shapes.Select(Height).ToList();
        Assert.Equal(1.5, heights[0] / heights[1], 2);
        Assert.Equal(3.0, heights[0] / heights[2], 2);
        Assert.Equal(["search", "support"], doc.ByTestId("chart").QuerySelectorAll(".legend li").Select(li => li.TextContent.Trim()));
    }

    [Fact]
    public async Task KeysWithHtml_AreTextInTheTooltipAndLegend_NeverMarkup()
    {
        const string hostile = "<img src=x onerror=alert(1)><script>alert(2)</script>";
        var chart = StackedColumns.Build([hostile], [Cost(0, hostile, 1m)], new DateWindow(Start, Start.AddDays(1)));

        var doc = await Render(chart);

        var root = doc.ByTestId("chart");
        Assert.Empty(root.QuerySelectorAll("img, script"));
        Assert.Equal(hostile, root.QuerySelector(".legend li")!.TextContent.Trim());
        Assert.StartsWith(hostile, root.QuerySelector("svg path title")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoPeriods_SaysSoInsteadOfAnEmptyDrawing()
    {
        var doc = await Render(StackedColumns.Empty);

        Assert.Null(doc.ByTestId("chart").QuerySelector("svg"));
        Assert.Contains("No spend", doc.ByTestId("chart").TextContent, StringComparison.Ordinal);
    }

    private Task<AngleSharp.Dom.IDocument> Render(StackedColumns chart) =>
        ComponentRenderer.RenderAsync<StackedColumnChart>(_services, new Dictionary<string, object?>
        {
            [nameof(StackedColumnChart.Data)] = chart,
            [nameof(StackedColumnChart.TestId)] = "chart",
        });

    private static DailyKeyCost Cost(int day, string key, decimal cost) => new(Start.AddDays(day), key, cost);

    /// <summary>The v of "M{x} {y}h{w}v{h}h{-w}z".</summary>
    private static double Height(AngleSharp.Dom.IElement path)
    {
        var d = path.GetAttribute("d")!;
        var v = d.IndexOf('v', StringComparison.Ordinal);
        return double.Parse(d[(v + 1)..d.IndexOf('h', v)], CultureInfo.InvariantCulture);
    }
}
