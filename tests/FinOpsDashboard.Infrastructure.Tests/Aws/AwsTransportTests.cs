using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using FinOpsDashboard.Infrastructure.Aws;
using FinOpsDashboard.Infrastructure.Aws.Credentials;
using FinOpsDashboard.Infrastructure.Aws.CostExplorer;
using FinOpsDashboard.Infrastructure.Aws.Http;

namespace FinOpsDashboard.Infrastructure.Tests.AwsApi;

/// <summary>Retries, timeouts and error translation, shown through Cost Explorer (the shared transport is the same for all).</summary>
public sealed class AwsTransportTests
{
    private const string Op = "GetTags";
    private static readonly GetTagsRequest Tags = new() { TimePeriod = new DateInterval("2026-11-01", "2026-11-22"), TagKey = "team" };

    [Fact]
    public async Task LimitExceeded_IsRetried_ThenSucceeds()
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        aws.Fail(Op, FakeFault.Throttle(), times: 2);
        var attempts = new List<AwsCallAttempt>();
        var ce = aws.CreateClients(onAttempt: attempts.Add).CostExplorer;

        var tags = await ce.GetTagsAsync(Tags, CancellationToken.None);

        Assert.NotEmpty(tags.Tags);
        Assert.Equal(3, aws.RequestsFor(Op).Count);
        Assert.Equal([(1, 400, "LimitExceededException"), (2, 400, "LimitExceededException"), (3, 200, null)], attempts.Select(a => (a.Attempt, a.HttpStatus, a.ErrorCode)));
        Assert.All(attempts, a => Assert.Equal(("ce", Op), (a.Service, a.Operation)));
    }

    [Fact]
    public async Task InternalFailure_IsRetried_ThenSucceeds()
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        aws.Fail(Op, FakeFault.InternalFailure());
        var ce = aws.CreateClients().CostExplorer;

        await ce.GetTagsAsync(Tags, CancellationToken.None);

        Assert.Equal(2, aws.RequestsFor(Op).Count);
    }

    [Fact]
    public async Task Throttling_ThatOutlastsMaxAttempts_IsARetryableAwsApiException()
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        aws.Fail(Op, FakeFault.Throttle(), times: 10);
        var ce = aws.CreateClients(o => o.MaxAttempts = 4).CostExplorer;

        var e = await Assert.ThrowsAsync<AwsApiException>(() => ce.GetTagsAsync(Tags, CancellationToken.None));

        Assert.Equal(4, aws.RequestsFor(Op).Count);
        Assert.Equal((AwsErrorKind.Throttling, true, 4, "LimitExceededException"), (e.Kind, e.IsRetryable, e.Attempts, e.ErrorCode));
        Assert.Contains("throttling", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ExpiredToken_FailsAtOnce_WithWhatToDo()
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        aws.Fail(Op, FakeFault.ExpiredToken());
        var ce = aws.CreateClients().CostExplorer;

        var e = await Assert.ThrowsAsync<AwsApiException>(() => ce.GetTagsAsync(Tags, CancellationToken.None));

        Assert.Single(aws.RequestsFor(Op));
        Assert.Equal(("ce", Op, 400, "ExpiredTokenException", false, AwsErrorKind.ExpiredCredentials), (e.Service, e.Operation, e.HttpStatus, e.ErrorCode, e.IsRetryable, e.Kind));
        Assert.StartsWith("AWS ce GetTags: AWS credentials have expired: refresh the session (aws sso login", e.Message, StringComparison.Ordinal);
        Assert.Equal("The security token included in the request is expired", e.AwsMessage);
        Assert.False(string.IsNullOrEmpty(e.RequestId));
        Assert.Contains(e.RequestId!, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccessDenied_NamesTheIamPermission()
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        aws.Fail("GetCostAndUsage", FakeFault.AccessDenied());
        var ce = aws.CreateClients().CostExplorer;

        var e = await Assert.ThrowsAsync<AwsApiException>(() => ce.GetCostAndUsageAsync(
            new GetCostAndUsageRequest { TimePeriod = Tags.TimePeriod, Metrics = ["UnblendedCost"] }, CancellationToken.None));

        Assert.Equal((AwsErrorKind.AccessDenied, "AccessDeniedException", false), (e.Kind, e.ErrorCode, e.IsRetryable));
        Assert.Contains("ce:GetCostAndUsage", e.Message, StringComparison.Ordinal);
        Assert.Single(aws.Requests);
    }

    [Fact]
    public async Task GarbageBodyOn200_IsAnAwsApiException_NotANullReference()
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        aws.Fail(Op, FakeFault.Garbage());
        var ce = aws.CreateClients().CostExplorer;

        var e = await Assert.ThrowsAsync<AwsApiException>(() => ce.GetTagsAsync(Tags, CancellationToken.None));

        Assert.Equal((AwsErrorKind.UnreadableResponse, 200, "UnreadableResponse"), (e.Kind, e.HttpStatus, e.ErrorCode));
        Assert.Contains("not the expected JSON", e.Message, StringComparison.Ordinal);
        Assert.Contains("Please sign in to the proxy", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("[1,2]")]
    public async Task EmptyOrWrongJsonOn200_IsAnAwsApiException(string body)
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        aws.Fail(Op, FakeFault.Respond(new FakeAwsResponse(200, body, "application/x-amz-json-1.1")));
        var ce = aws.CreateClients().CostExplorer;

        var e = await Assert.ThrowsAsync<AwsApiException>(() => ce.GetTagsAsync(Tags, CancellationToken.None));

        Assert.Equal(AwsErrorKind.UnreadableResponse, e.Kind);
    }

    [Fact]
    public async Task SlowAnswer_TimesOut_AndTheRetrySucceeds()
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        aws.Fail(Op, FakeFault.Delay(TimeSpan.FromSeconds(30)));
        // Long enough for a loaded CI machine to answer the retry, short enough to keep the test quick.
        var ce = aws.CreateClients(o => o.RequestTimeoutSeconds = 1.5).CostExplorer;

        var tags = await ce.GetTagsAsync(Tags, CancellationToken.None);

        Assert.NotEmpty(tags.Tags);
        Assert.Equal(2, aws.RequestsFor(Op).Count);
    }

    [Fact]
    public async Task SlowAnswers_OnEveryAttempt_AreATimeoutException()
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        aws.Fail(Op, FakeFault.Delay(TimeSpan.FromSeconds(30)), times: 2);
        var ce = aws.CreateClients(o => (o.RequestTimeoutSeconds, o.MaxAttempts) = (0.2, 2)).CostExplorer;

        var e = await Assert.ThrowsAsync<AwsApiException>(() => ce.GetTagsAsync(Tags, CancellationToken.None));

        Assert.Equal((AwsErrorKind.Timeout, true, null, 2), (e.Kind, e.IsRetryable, e.HttpStatus, e.Attempts));
        Assert.Contains("no answer within 0.2 s", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallersCancellation_IsNotATimeout()
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        aws.Fail(Op, FakeFault.Delay(TimeSpan.FromSeconds(30)));
        var ce = aws.CreateClients().CostExplorer;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ce.GetTagsAsync(Tags, cancel.Token));

        Assert.Single(aws.Requests);
    }

    [Fact]
    public async Task MachineClockAhead_IsRejected_WithAClockMessage()
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        var ce = aws.CreateClients(clock: new SkewedClock(TimeSpan.FromMinutes(20))).CostExplorer;

        var e = await Assert.ThrowsAsync<AwsApiException>(() => ce.GetTagsAsync(Tags, CancellationToken.None));

        Assert.Equal((AwsErrorKind.ClockSkew, false), (e.Kind, e.IsRetryable));
        Assert.Contains("check the machine clock", e.Message, StringComparison.Ordinal);
        Assert.Contains("Signature not yet current", e.AwsMessage, StringComparison.Ordinal);
        Assert.Single(aws.Requests);
    }

    [Fact]
    public async Task SignatureExpired_IsAClockProblem()
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        aws.Fail(Op, FakeFault.ClockSkew());
        var ce = aws.CreateClients().CostExplorer;

        var e = await Assert.ThrowsAsync<AwsApiException>(() => ce.GetTagsAsync(Tags, CancellationToken.None));

        Assert.Equal((AwsErrorKind.ClockSkew, "InvalidSignatureException"), (e.Kind, e.ErrorCode));
        Assert.Contains("check the machine clock", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongSecretKey_IsRejectedByTheFake_AndNotRetried()
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        var wrong = new StaticAwsCredentialSource(new ImmutableCredentials(FakeAwsServer.AccessKeyId, "not-the-secret", null));
        var ce = aws.CreateClients(credentials: wrong).CostExplorer;

        var e = await Assert.ThrowsAsync<AwsApiException>(() => ce.GetTagsAsync(Tags, CancellationToken.None));

        Assert.Equal((403, "SignatureDoesNotMatch", AwsErrorKind.InvalidSignature), (e.HttpStatus, e.ErrorCode, e.Kind));
        Assert.Single(aws.Requests);
    }

    [Fact]
    public async Task UnknownAccessKey_IsInvalidCredentials()
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        var unknown = new StaticAwsCredentialSource(new ImmutableCredentials("AKIAUNKNOWN", "x", null));
        var ce = aws.CreateClients(credentials: unknown).CostExplorer;

        var e = await Assert.ThrowsAsync<AwsApiException>(() => ce.GetTagsAsync(Tags, CancellationToken.None));

        Assert.Equal(("UnrecognizedClientException", AwsErrorKind.InvalidCredentials), (e.ErrorCode, e.Kind));
        Assert.Contains("AWS_ACCESS_KEY_ID", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingListening_IsANetworkError_AfterRetries()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        await using var aws = await FakeAwsServer.StartAsync();
        var ce = aws.CreateClients(o => (o.Endpoints.CostExplorer, o.MaxAttempts) = ($"http://127.0.0.1:{port}", 2)).CostExplorer;

        var e = await Assert.ThrowsAsync<AwsApiException>(() => ce.GetTagsAsync(Tags, CancellationToken.None));

        Assert.Equal((AwsErrorKind.Network, true, 2), (e.Kind, e.IsRetryable, e.Attempts));
        Assert.Contains("Aws:Endpoints:CostExplorer", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 100)]
    [InlineData(3, 400)]
    [InlineData(20, 20_000)]
    public void Backoff_IsFullJitterUnderADoublingCeiling(int attempt, double ceilingMs)
    {
        for (var i = 0; i < 200; i++)
        {
            var delay = AwsRequestSender.Backoff(attempt, TimeSpan.FromMilliseconds(100));
            Assert.InRange(delay.TotalMilliseconds, 0, ceilingMs);
        }
    }
}
