using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Web.Components.Shared;
using FinOpsDashboard.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace FinOpsDashboard.Web.Tests.Components;

public sealed class SharedComponentTests
{
    private readonly IServiceProvider _services = new ServiceCollection().AddComponentTestServices().BuildServiceProvider();

    [Fact]
    public async Task KpiCard_ShowsValueAndChange_WithTheChangeClass()
    {
        var doc = await ComponentRenderer.RenderAsync<KpiCard>(_services, new Dictionary<string, object?>
        {
            [nameof(KpiCard.Label)] = "Month to date",
            [nameof(KpiCard.Value)] = "$1,234.56",
            [nameof(KpiCard.Change)] = "▲ 12.0%",
            [nameof(KpiCard.ChangeClass)] = "up",
            [nameof(KpiCard.TestId)] = "kpi",
        });

        Assert.Equal("$1,234.56", doc.ByTestId("kpi-value").TextContent);
        Assert.Equal("▲ 12.0%", doc.QuerySelector(".kpi-change.up")?.TextContent);
        Assert.Null(doc.QuerySelector(".kpi-detail"));
    }

    [Fact]
    public async Task CostBarTable_ShowsEachRowsSpendAndShareOfTheTotal()
    {
        var doc = await ComponentRenderer.RenderAsync<CostBarTable>(_services, new Dictionary<string, object?>
        {
            [nameof(CostBarTable.Rows)] = new List<KeyCost> { new("search", 750m), new("support", 250m) },
            [nameof(CostBarTable.KeyLabel)] = "Team",
            [nameof(CostBarTable.Total)] = 1000m,
            [nameof(CostBarTable.TestId)] = "teams",
        });

        var rows = doc.ByTestId("teams").QuerySelectorAll("tbody tr").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList()).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(["search", "$750.00", "75.0%"], rows[0]);
        Assert.Equal(["support", "$250.00", "25.0%"], rows[1]);
        Assert.Contains("width:75%", doc.QuerySelector(".bar span")?.GetAttribute("style"));
    }

    [Fact]
    public async Task TagValuesWithHtml_AreShownAsText_NeverAsMarkup()
    {
        // A team tag is whatever someone typed in AWS: it must render as text.
        const string hostile = "<img src=x onerror=alert(1)><script>alert(2)</script>";
        var doc = await ComponentRenderer.RenderAsync<CostBarTable>(_services, new Dictionary<string, object?>
        {
            [nameof(CostBarTable.Rows)] = new List<KeyCost> { new(hostile, 10m) },
            [nameof(CostBarTable.KeyLabel)] = "Team",
            [nameof(CostBarTable.Total)] = 10m,
            [nameof(CostBarTable.TestId)] = "teams",
        });

        var table = doc.ByTestId("teams");
        Assert.Empty(table.QuerySelectorAll("img, script"));
        Assert.Equal(hostile, table.QuerySelector("tbody td")!.TextContent.Trim());
    }
}
