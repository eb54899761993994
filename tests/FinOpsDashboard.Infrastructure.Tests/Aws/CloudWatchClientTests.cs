using System.Text.Json;
using FinOpsDashboard.Infrastructure.Aws;
using FinOpsDashboard.Infrastructure.Aws.CloudWatch;

namespace FinOpsDashboard.Infrastructure.Tests.AwsApi;

public sealed class CloudWatchClientTests
{
    [Fact]
    public async Task ListMetricsAndGetMetricData_MatchTheApiItWraps_SignedForTheClientsRegion()
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        var cw = aws.CreateClients(region: "eu-west-1").CloudWatch;
        var direct = AwsTestData.Demo();
        var list = new ListMetricsRequest { Namespace = "AWS/Bedrock", MetricName = "InputTokenCount" };

        var metrics = await cw.ListMetricsAsync(list, CancellationToken.None);
        Assert.Equal(Serialize(await direct.ListMetricsAsync(list, default)), Serialize(metrics));
        Assert.NotEmpty(metrics.Metrics);

        var day = new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);
        var data = new GetMetricDataRequest
        {
            StartTime = CloudWatchTime.ToEpochSeconds(day),
            EndTime = CloudWatchTime.ToEpochSeconds(day.AddDays(1)),
            MetricDataQueries = metrics.Metrics.Select((m, i) => new MetricDataQuery { Id = $"m{i}", MetricStat = new MetricStat(m, 3600, "Sum") }).ToList(),
        };
        var points = await cw.GetMetricDataAsync(data, CancellationToken.None);
        Assert.Equal(Serialize(await direct.GetMetricDataAsync(data, default)), Serialize(points));
        Assert.Contains(points.MetricDataResults, r => r.Values.Count == 24);

        var call = aws.RequestsFor("GetMetricData").Single();
        Assert.Equal("GraniteServiceVersion20100801.GetMetricData", call.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.0", call.Header("Content-Type"));
        Assert.Equal(("monitoring", "eu-west-1"), (call.Authorization!.Service, call.Authorization.Region));
        using var body = JsonDocument.Parse(call.Body);
        Assert.Equal(JsonValueKind.Number, body.RootElement.GetProperty("StartTime").ValueKind);
    }

    [Fact]
    public async Task NextToken_RoundTripsInTheBody()
    {
        await using var aws = await FakeAwsServer.StartAsync();
        aws.UseApis(new TwoPages());
        var cw = aws.CreateClients().CloudWatch;
        var request = new GetMetricDataRequest { StartTime = 0, EndTime = 3600, MetricDataQueries = [new MetricDataQuery { Id = "q", Expression = "SEARCH('{AWS/Bedrock,ModelId}', 'Sum', 3600)" }] };

        var first = await cw.GetMetricDataAsync(request, CancellationToken.None);
        var second = await cw.GetMetricDataAsync(request with { NextToken = first.NextToken }, CancellationToken.None);

        Assert.Equal("page/2+==", first.NextToken);
        Assert.Null(second.NextToken);
        Assert.Equal([1.0, 2.0], first.MetricDataResults.Concat(second.MetricDataResults).SelectMany(r => r.Values));
        Assert.Equal("page/2+==", aws.RequestsFor("GetMetricData")[1].BodyAs<GetMetricDataRequest>().NextToken);
    }

    [Fact]
    public async Task ErrorCode_ComesFromTheQueryErrorHeader_WhenCloudWatchSendsOne()
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        aws.Fail("ListMetrics", FakeFault.Respond(new FakeAwsResponse(
            400,
            """{"__type":"com.amazonaws.cloudwatch#InvalidParameterValueException","message":"The parameter Namespace must be a valid namespace."}""",
            "application/x-amz-json-1.0",
            new Dictionary<string, string> { ["x-amzn-query-error"] = "InvalidParameterValue;Sender" })));
        var cw = aws.CreateClients().CloudWatch;

        var e = await Assert.ThrowsAsync<AwsApiException>(() => cw.ListMetricsAsync(new ListMetricsRequest { Namespace = "?" }, CancellationToken.None));

        Assert.Equal("InvalidParameterValue", e.ErrorCode);
        Assert.Equal(AwsErrorKind.InvalidRequest, e.Kind);
        Assert.Equal("The parameter Namespace must be a valid namespace.", e.AwsMessage);
        Assert.Single(aws.Requests);
    }

    [Fact]
    public async Task CloudWatchThrottling_IsRetried()
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        aws.Fail("ListMetrics", FakeFault.Throttle(), times: 2);
        var cw = aws.CreateClients().CloudWatch;

        var metrics = await cw.ListMetricsAsync(new ListMetricsRequest { Namespace = "AWS/Bedrock" }, CancellationToken.None);

        Assert.NotEmpty(metrics.Metrics);
        Assert.Equal(3, aws.RequestsFor("ListMetrics").Count);
    }

    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value);

    private sealed class TwoPages : ICloudWatchApi
    {
        public Task<ListMetricsResponse> ListMetricsAsync(ListMetricsRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(new ListMetricsResponse([], null));

        public Task<GetMetricDataResponse> GetMetricDataAsync(GetMetricDataRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(request.NextToken is null
                ? new GetMetricDataResponse([new MetricDataResult("q", "a", [0], [1], "PartialData")], "page/2+==")
                : new GetMetricDataResponse([new MetricDataResult("q", "a", [3600], [2], "Complete")], null));
    }
}
