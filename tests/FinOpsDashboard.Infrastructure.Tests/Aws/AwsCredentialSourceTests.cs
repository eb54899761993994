using Amazon.Runtime;
using FinOpsDashboard.Infrastructure.Aws;
using FinOpsDashboard.Infrastructure.Aws.Credentials;
using FinOpsDashboard.Infrastructure.Aws.CostExplorer;

namespace FinOpsDashboard.Infrastructure.Tests.AwsApi;

public sealed class AwsCredentialSourceTests
{
    private const string RoleArn = "arn:aws:iam::444455556666:role/FinOpsReadOnly";
    private static readonly GetTagsRequest Tags = new() { TimePeriod = new DateInterval("2026-11-01", "2026-11-22"), TagKey = "team" };

    [Fact]
    public async Task SessionCredentials_SendAndSignTheSecurityToken()
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        aws.AddCredentials("ASIASESSIONEXAMPLE", "session-secret", "session-token/with+chars==");
        var session = new StaticAwsCredentialSource(new ImmutableCredentials("ASIASESSIONEXAMPLE", "session-secret", "session-token/with+chars=="));
        var ce = aws.CreateClients(credentials: session).CostExplorer;

        await ce.GetTagsAsync(Tags, CancellationToken.None);

        var call = Assert.Single(aws.Requests);
        Assert.Equal("session-token/with+chars==", call.Header("X-Amz-Security-Token"));
        Assert.Equal(["content-type", "host", "x-amz-date", "x-amz-security-token", "x-amz-target"], call.Authorization!.SignedHeaders);
    }

    [Fact]
    public async Task AccountWithRole_AssumesItThroughSts_OnceWhileFresh()
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        aws.UseSts();
        var options = aws.ClientOptions();
        using var source = new AwsCredentialSource(options, TimeProvider.System, _ => Task.FromResult(FakeAwsServer.Credentials));
        var account = new AwsAccountOptions { AccountId = "444455556666", RoleArn = RoleArn, ExternalId = "ext-42" };
        var ce = aws.CreateClients(credentials: source, account: account).CostExplorer;

        await ce.GetTagsAsync(Tags, CancellationToken.None);
        await ce.GetTagsAsync(Tags, CancellationToken.None);

        var assume = Assert.Single(aws.RequestsFor("AssumeRole"));
        Assert.Equal(("sts", FakeAwsServer.AccessKeyId), (assume.Authorization!.Service, assume.Authorization.AccessKeyId));
        Assert.Contains("RoleSessionName=finops-dashboard", assume.Body, StringComparison.Ordinal);
        Assert.Contains("ExternalId=ext-42", assume.Body, StringComparison.Ordinal);
        Assert.Contains("RoleArn=" + Uri.EscapeDataString(RoleArn), assume.Body, StringComparison.Ordinal);
        var calls = aws.RequestsFor("GetTags");
        Assert.Equal(2, calls.Count);
        Assert.All(calls, c =>
        {
            Assert.StartsWith("ASIA", c.Authorization!.AccessKeyId, StringComparison.Ordinal);
            Assert.Contains("x-amz-security-token", c.Authorization.SignedHeaders);
        });
    }

    [Fact]
    public async Task AssumedCredentials_CloseToExpiry_AreRenewed()
    {
        await using var aws = await FakeAwsServer.StartAsync();
        aws.UseSts(lifetime: TimeSpan.FromMinutes(4));
        using var source = new AwsCredentialSource(aws.ClientOptions(), TimeProvider.System, _ => Task.FromResult(FakeAwsServer.Credentials));
        var account = new AwsAccountOptions { AccountId = "444455556666", RoleArn = RoleArn };

        var first = await source.GetAsync(account, CancellationToken.None);
        var second = await source.GetAsync(account, CancellationToken.None);

        Assert.NotEqual(first.AccessKey, second.AccessKey);
        Assert.Equal(2, aws.RequestsFor("AssumeRole").Count);
        Assert.DoesNotContain("ExternalId", aws.Requests[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccountWithoutRole_UsesTheBaseIdentity()
    {
        await using var aws = await FakeAwsServer.StartAsync();
        using var source = new AwsCredentialSource(aws.ClientOptions(), TimeProvider.System, _ => Task.FromResult(FakeAwsServer.Credentials));

        var keys = await source.GetAsync(new AwsAccountOptions { AccountId = "111122223333" }, CancellationToken.None);

        Assert.Equal(FakeAwsServer.AccessKeyId, keys.AccessKey);
        Assert.Empty(aws.Requests);
    }

    [Fact]
    public async Task RoleThatCannotBeAssumed_SaysToCheckTheTrustPolicy()
    {
        await using var aws = await FakeAwsServer.StartAsync();
        aws.UseSts();
        aws.Fail("AssumeRole", FakeFault.AccessDenied());
        using var source = new AwsCredentialSource(aws.ClientOptions(), TimeProvider.System, _ => Task.FromResult(FakeAwsServer.Credentials));

        var e = await Assert.ThrowsAsync<AwsApiException>(() =>
            source.GetAsync(new AwsAccountOptions { AccountId = "444455556666", RoleArn = RoleArn }, CancellationToken.None));

        Assert.Equal(("sts", "AssumeRole", AwsErrorKind.AccessDenied), (e.Service, e.Operation, e.Kind));
        Assert.Contains("trust policy", e.Message, StringComparison.Ordinal);
        Assert.Contains(RoleArn, e.Message, StringComparison.Ordinal);
    }
}
