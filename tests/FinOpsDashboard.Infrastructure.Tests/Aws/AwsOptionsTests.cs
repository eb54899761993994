using FinOpsDashboard.Infrastructure.Aws;
using FinOpsDashboard.Infrastructure.Aws.Credentials;
using FinOpsDashboard.Infrastructure.Aws.CostExplorer;
using FinOpsDashboard.Infrastructure.Aws.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FinOpsDashboard.Infrastructure.Tests.AwsApi;

public sealed class AwsOptionsTests
{
    [Theory]
    [InlineData("nothing set", null, null, false)]
    [InlineData("access key", "AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", true)]
    [InlineData("profile", "AWS_PROFILE", "finops", true)]
    [InlineData("web identity", "AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/token", true)]
    [InlineData("container, full uri", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://169.254.170.23/v1/credentials", true)]
    [InlineData("container, relative uri", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/x", true)]
    [InlineData("blank value", "AWS_PROFILE", "  ", false)]
    [InlineData("region alone", "AWS_REGION", "eu-west-1", false)]
    public void IsConfigured_FromTheEnvironment(string name, string? variable, string? value, bool configured)
    {
        var options = new AwsOptions();

        Assert.True(configured == options.IsConfigured(v => v == variable ? value : null), name);
    }

    [Fact]
    public void IsConfigured_WhenAccountsAreListed() =>
        Assert.True(new AwsOptions { Accounts = [new AwsAccountOptions { AccountId = "111122223333" }] }.IsConfigured(_ => null));

    [Theory]
    [InlineData("eu-west-1", "us-west-2", "eu-west-1")]
    [InlineData(null, "us-west-2", "us-west-2")]
    [InlineData(null, null, "us-east-1")]
    public void Region_DefaultsFromTheEnvironment(string? awsRegion, string? awsDefaultRegion, string expected) =>
        Assert.Equal(expected, AwsOptions.DefaultRegion(v => v switch { "AWS_REGION" => awsRegion, "AWS_DEFAULT_REGION" => awsDefaultRegion, _ => null }));

    [Fact]
    public void BindsFromTheAwsSection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aws:Endpoints:CostExplorer"] = "http://127.0.0.1:9000",
            ["Aws:Region"] = "eu-central-1",
            ["Aws:MaxAttempts"] = "7",
            ["Aws:RequestTimeoutSeconds"] = "12.5",
            ["Aws:Accounts:0:AccountId"] = "444455556666",
            ["Aws:Accounts:0:RoleArn"] = "arn:aws:iam::444455556666:role/FinOpsReadOnly",
            ["Aws:Accounts:0:Regions:0"] = "us-east-1",
            ["Aws:Accounts:0:Regions:1"] = "us-west-2",
            ["Aws:Accounts:1:AccountId"] = "777788889999",
        }).Build();

        var options = configuration.GetSection(AwsOptions.Section).Get<AwsOptions>()!;

        Assert.Equal("http://127.0.0.1:9000", options.Endpoints.CostExplorer);
        Assert.Equal(("eu-central-1", 7, 12.5, 500), (options.Region, options.MaxAttempts, options.RequestTimeoutSeconds, options.BaseRetryDelayMilliseconds));
        Assert.Equal(["us-east-1", "us-west-2"], options.RegionsOf(options.Accounts[0]));
        Assert.Equal(["eu-central-1"], options.RegionsOf(options.Accounts[1]));
    }

    [Fact]
    public void Endpoints_DefaultToTheRealHosts_CostExplorerAlwaysInUsEast1()
    {
        var none = new AwsEndpointOptions();

        var ce = AwsServices.Resolve(AwsServices.CostExplorer, "eu-west-1", none);
        var cw = AwsServices.Resolve(AwsServices.CloudWatch, "eu-west-1", none);
        var bedrock = AwsServices.Resolve(AwsServices.Bedrock, "us-west-2", none);
        var budgets = AwsServices.Resolve(AwsServices.Budgets, "eu-west-1", none);

        Assert.Equal(("https://ce.us-east-1.amazonaws.com/", "us-east-1"), (ce.BaseUri.AbsoluteUri, ce.SigningRegion));
        Assert.Equal(("https://monitoring.eu-west-1.amazonaws.com/", "eu-west-1"), (cw.BaseUri.AbsoluteUri, cw.SigningRegion));
        Assert.Equal(("https://bedrock.us-west-2.amazonaws.com/", "us-west-2"), (bedrock.BaseUri.AbsoluteUri, bedrock.SigningRegion));
        Assert.Equal(("https://budgets.amazonaws.com/", "us-east-1"), (budgets.BaseUri.AbsoluteUri, budgets.SigningRegion));
    }

    [Fact]
    public void Overrides_ApplyToEveryRegion_AndKeepTheRegionForSigning()
    {
        var endpoints = new AwsEndpointOptions { CloudWatch = "http://127.0.0.1:9000/cw" };

        var east = AwsServices.Resolve(AwsServices.CloudWatch, "us-east-1", endpoints);
        var west = AwsServices.Resolve(AwsServices.CloudWatch, "us-west-2", endpoints);

        Assert.Equal("http://127.0.0.1:9000/cw/", east.Resolve("/").AbsoluteUri);
        Assert.Equal(east.BaseUri, west.BaseUri);
        Assert.Equal("us-west-2", west.SigningRegion);
    }

    [Fact]
    public void Override_ThatIsNotAnAbsoluteUrl_NamesTheSetting()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            AwsServices.Resolve(AwsServices.Bedrock, "us-east-1", new AwsEndpointOptions { Bedrock = "bedrock.local:9000" }));

        Assert.Contains("Aws:Endpoints:Bedrock", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAwsClients_BuildsClientsThatUseTheConfiguredEndpoints()
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        var services = new ServiceCollection();
        services.AddOptions<AwsOptions>().Configure(o => (o.Endpoints, o.BaseRetryDelayMilliseconds) = (aws.Endpoints, 1));
        services.AddAwsClients();
        services.AddSingleton<IAwsCredentialSource>(new StaticAwsCredentialSource(FakeAwsServer.Credentials));
        await using var provider = services.BuildServiceProvider();

        var clients = provider.GetRequiredService<AwsClientFactory>().Create(region: "ap-northeast-1");
        var tags = await clients.CostExplorer.GetTagsAsync(
            new GetTagsRequest { TimePeriod = new DateInterval("2026-11-01", "2026-11-22"), TagKey = "team" }, CancellationToken.None);
        await clients.CloudWatch.ListMetricsAsync(new() { Namespace = "AWS/Bedrock" }, CancellationToken.None);

        Assert.NotEmpty(tags.Tags);
        Assert.Equal("ap-northeast-1", clients.Region);
        Assert.Equal([("ce", "us-east-1"), ("monitoring", "ap-northeast-1")], aws.Requests.Select(r => (r.Authorization!.Service, r.Authorization.Region)));
    }
}
