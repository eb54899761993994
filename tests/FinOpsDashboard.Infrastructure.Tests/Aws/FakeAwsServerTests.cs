using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FinOpsDashboard.Infrastructure.Aws.Http;

namespace FinOpsDashboard.Infrastructure.Tests.AwsApi;

/// <summary>The fake must refuse what AWS refuses, or the client tests prove nothing.</summary>
public sealed class FakeAwsServerTests
{
    private const string Target = "AWSInsightsIndexService.GetTags";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"TimePeriod":{"Start":"2026-11-01","End":"2026-11-22"},"TagKey":"team"}""");

    [Fact]
    public async Task Unsigned_IsIncompleteSignature()
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        using var http = new HttpClient();
        using var request = Request(aws);

        using var response = await http.SendAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("IncompleteSignatureException", await TypeOf(response));
    }

    [Fact]
    public async Task CorrectlySigned_IsAnswered()
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        using var http = new HttpClient();
        using var request = Request(aws);
        SigV4Signer.Sign(request, Body, FakeAwsServer.Credentials, "us-east-1", "ce", DateTime.UtcNow);

        using var response = await http.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.NotNull(response.Headers.GetValues("x-amzn-RequestId").Single());
    }

    [Fact]
    public async Task TargetAddedAfterSigning_MustBeSigned()
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        using var http = new HttpClient();
        using var request = Request(aws, withTarget: false);
        SigV4Signer.Sign(request, Body, FakeAwsServer.Credentials, "us-east-1", "ce", DateTime.UtcNow);
        request.Headers.Add("X-Amz-Target", Target);

        using var response = await http.SendAsync(request);

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal("SignatureDoesNotMatch", await TypeOf(response));
    }

    [Theory]
    [InlineData("tampered body")]
    [InlineData("wrong service")]
    [InlineData("stale date")]
    public async Task BadSignatures_AreRejected(string change)
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        using var http = new HttpClient();
        using var request = Request(aws);
        SigV4Signer.Sign(
            request, Body, FakeAwsServer.Credentials, "us-east-1", change == "wrong service" ? "monitoring" : "ce",
            change == "stale date" ? DateTime.UtcNow.AddMinutes(-6) : DateTime.UtcNow);
        if (change == "tampered body")
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"TimePeriod":{"Start":"2026-01-01","End":"2026-11-22"},"TagKey":"team"}"""));
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");
        }

        using var response = await http.SendAsync(request);

        Assert.InRange((int)response.StatusCode, 400, 403);
        Assert.Equal(change == "stale date" ? "InvalidSignatureException" : "SignatureDoesNotMatch", await TypeOf(response));
    }

    [Fact]
    public async Task ExtraJsonOperations_CanBeMapped_ForExampleBudgets()
    {
        await using var aws = await FakeAwsServer.StartAsync();
        aws.MapJson<DescribeBudgets, DescribeBudgetsAnswer>(
            AwsServices.Budgets, AwsJsonProtocol.Budgets, "DescribeBudgets",
            (r, _) => Task.FromResult(new DescribeBudgetsAnswer([$"{r.AccountId}-monthly"], null)));
        var budgets = aws.CreateFactory().CreateJsonClient(AwsServices.Budgets, AwsJsonProtocol.Budgets, region: "eu-west-1");

        var answer = await budgets.InvokeAsync<DescribeBudgets, DescribeBudgetsAnswer>("DescribeBudgets", new DescribeBudgets("111122223333"), CancellationToken.None);

        Assert.Equal(["111122223333-monthly"], answer.Names);
        var call = Assert.Single(aws.Requests);
        Assert.Equal("AWSBudgetServiceGateway.DescribeBudgets", call.Header("X-Amz-Target"));
        Assert.Equal(("budgets", "us-east-1"), (call.Authorization!.Service, call.Authorization.Region));
    }

    private static HttpRequestMessage Request(FakeAwsServer aws, bool withTarget = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, aws.BaseUri) { Content = new ByteArrayContent(Body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");
        if (withTarget)
        {
            request.Headers.Add("X-Amz-Target", Target);
        }

        return request;
    }

    private static async Task<string?> TypeOf(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("__type").GetString();
    }

    private sealed record DescribeBudgets(string AccountId);

    private sealed record DescribeBudgetsAnswer(IReadOnlyList<string> Names, string? NextToken);
}
