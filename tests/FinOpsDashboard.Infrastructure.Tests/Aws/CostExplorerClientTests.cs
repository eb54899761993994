using System.Text.Json;
using FinOpsDashboard.Infrastructure.Aws.CostExplorer;

namespace FinOpsDashboard.Infrastructure.Tests.AwsApi;

public sealed class CostExplorerClientTests
{
    private static readonly DateInterval Month = new("2026-10-23", "2026-11-22");

    [Fact]
    public async Task GetCostAndUsage_FollowsPages_AndMatchesTheApiItWraps()
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        var ce = aws.CreateClients().CostExplorer;
        var direct = AwsTestData.Demo();
        var request = new GetCostAndUsageRequest
        {
            TimePeriod = Month,
            Granularity = "DAILY",
            Metrics = ["UnblendedCost", "UsageQuantity"],
            GroupBy = [new GroupDefinition("DIMENSION", "USAGE_TYPE")],
        };

        var overHttp = new List<GetCostAndUsageResponse>();
        var inProcess = new List<GetCostAndUsageResponse>();
        string? token = null;
        do
        {
            var page = await ce.GetCostAndUsageAsync(request with { NextPageToken = token }, CancellationToken.None);
            overHttp.Add(page);
            inProcess.Add(await direct.GetCostAndUsageAsync(request with { NextPageToken = token }, CancellationToken.None));
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.True(overHttp.Count > 1, "30 daily results should span several pages");
        Assert.Equal(Serialize(inProcess), Serialize(overHttp));
        var calls = aws.RequestsFor("GetCostAndUsage");
        Assert.Equal(overHttp.Count, calls.Count);
        using var first = JsonDocument.Parse(calls[0].Body);
        Assert.False(first.RootElement.TryGetProperty("NextPageToken", out _));
        Assert.Equal(overHttp[0].NextPageToken, calls[1].BodyAs<GetCostAndUsageRequest>().NextPageToken);
    }

    [Fact]
    public async Task SendsJson11_WithTheOperationInXAmzTarget_SignedForCeInUsEast1()
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        var ce = aws.CreateClients(region: "eu-west-1").CostExplorer;

        await ce.GetDimensionValuesAsync(
            new GetDimensionValuesRequest { TimePeriod = Month, Dimension = "SERVICE", SearchString = "Bedrock" }, CancellationToken.None);

        var call = Assert.Single(aws.Requests);
        Assert.Equal("POST", call.Method);
        Assert.Equal("/", call.Path);
        Assert.Equal("AWSInsightsIndexService.GetDimensionValues", call.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.1", call.Header("Content-Type"));
        Assert.Equal("ce", call.Authorization!.Service);
        Assert.Equal("us-east-1", call.Authorization.Region);
        Assert.Equal(["content-type", "host", "x-amz-date", "x-amz-target"], call.Authorization.SignedHeaders);
        using var body = JsonDocument.Parse(call.Body);
        Assert.Equal("SERVICE", body.RootElement.GetProperty("Dimension").GetString());
        Assert.Equal("2026-10-23", body.RootElement.GetProperty("TimePeriod").GetProperty("Start").GetString());
        Assert.False(body.RootElement.TryGetProperty("NextPageToken", out _), "absent members are omitted, as AWS expects");
    }

    [Fact]
    public async Task GetDimensionValuesAndTags_ReturnWhatTheApiAnswers()
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        var ce = aws.CreateClients().CostExplorer;
        var direct = AwsTestData.Demo();
        var services = new GetDimensionValuesRequest { TimePeriod = Month, Dimension = "SERVICE", SearchString = "Bedrock" };
        var tags = new GetTagsRequest { TimePeriod = Month, TagKey = "team" };

        Assert.Equal(Serialize(await direct.GetDimensionValuesAsync(services, default)), Serialize(await ce.GetDimensionValuesAsync(services, default)));
        Assert.Equal(Serialize(await direct.GetTagsAsync(tags, default)), Serialize(await ce.GetTagsAsync(tags, default)));
    }

    [Fact]
    public async Task GetAnomalies_RoundTripsTheRequest()
    {
        await using var aws = await FakeAwsServer.StartAsync();
        aws.UseApis(new OneAnomaly());
        var anomalies = aws.CreateClients().CostAnomalies;

        var page = await anomalies.GetAnomaliesAsync(
            new GetAnomaliesRequest { DateInterval = new AnomalyDateInterval("2026-09-01"), NextPageToken = "page-2", MaxResults = 50 }, CancellationToken.None);

        var anomaly = Assert.Single(page.Anomalies);
        Assert.Equal("a-1", anomaly.AnomalyId);
        Assert.Equal(0.85, anomaly.RootCauses![0].Impact!.Contribution);
        var sent = Assert.Single(aws.RequestsFor("GetAnomalies")).BodyAs<GetAnomaliesRequest>();
        Assert.Equal("page-2", sent.NextPageToken);
        Assert.Equal(50, sent.MaxResults);
        Assert.Equal("2026-09-01", sent.DateInterval.StartDate);
    }

    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value);

    private sealed class OneAnomaly : ICostAnomalyApi
    {
        public Task<GetAnomaliesResponse> GetAnomaliesAsync(GetAnomaliesRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(new GetAnomaliesResponse(
                [
                    new Anomaly(
                        "a-1", "2026-11-02", "2026-11-03", "Amazon Bedrock",
                        [new RootCause("Amazon Bedrock", "us-east-1", "111122223333", "Demo", "USE1-NovaPro-output-tokens", new RootCauseImpact(0.85))],
                        new AnomalyScore(0.9, 0.7),
                        new AnomalyImpact(120.5, 310.25, 900, 589.75, 52.6),
                        "arn:aws:ce::111122223333:anomalymonitor/m-1",
                        null),
                ],
                null));
    }
}
