using FinOpsDashboard.Infrastructure.Aws.Bedrock;
using FinOpsDashboard.Infrastructure.Aws.CloudWatch;
using FinOpsDashboard.Infrastructure.Aws.Credentials;
using FinOpsDashboard.Infrastructure.Aws.CostExplorer;
using FinOpsDashboard.Infrastructure.Aws.Http;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Aws;

/// <summary>The real AWS clients for one account and region (Cost Explorer ones are global: same answers in every region).</summary>
public sealed record AwsClients(
    AwsAccountOptions? Account,
    string Region,
    ICostExplorerApi CostExplorer,
    ICostAnomalyApi CostAnomalies,
    ICloudWatchApi CloudWatch,
    IBedrockApi Bedrock,
    IBedrockInferenceProfileApi InferenceProfiles);

/// <summary>Builds signed HTTP clients for an account and region from <see cref="AwsOptions"/>.</summary>
public sealed class AwsClientFactory
{
    /// <summary>The named HttpClient (IHttpClientFactory) the clients send through.</summary>
    public const string HttpClientName = "aws";

    private readonly Func<HttpClient> _httpClient;
    private readonly IAwsCredentialSource _credentials;
    private readonly Func<AwsOptions> _options;
    private readonly TimeProvider _clock;

    public AwsClientFactory(IHttpClientFactory httpClientFactory, IAwsCredentialSource credentials, IOptions<AwsOptions> options, TimeProvider clock)
        : this(() => httpClientFactory.CreateClient(HttpClientName), credentials, () => options.Value, clock)
    {
    }

    /// <summary>For tests and tools: one shared HttpClient (its own Timeout should be infinite; attempts time out on their own).</summary>
    public AwsClientFactory(HttpClient httpClient, IAwsCredentialSource credentials, AwsOptions options, TimeProvider? clock = null)
        : this(() => httpClient, credentials, () => options, clock ?? TimeProvider.System)
    {
    }

    private AwsClientFactory(Func<HttpClient> httpClient, IAwsCredentialSource credentials, Func<AwsOptions> options, TimeProvider clock)
    {
        _httpClient = httpClient;
        _credentials = credentials;
        _options = options;
        _clock = clock;
    }

    /// <param name="account">Null: the default chain's identity, no role.</param>
    /// <param name="region">Null: <see cref="AwsOptions.Region"/>.</param>
    /// <param name="onAttempt">Called after every attempt (including retried ones), e.g. to count or log calls.</param>
    public AwsClients Create(AwsAccountOptions? account = null, string? region = null, Action<AwsCallAttempt>? onAttempt = null)
    {
        var (sender, options, resolvedRegion) = Sender(account, region, onAttempt);
        var costExplorer = new CostExplorerClient(
            new AwsJsonClient(sender, AwsServices.Resolve(AwsServices.CostExplorer, resolvedRegion, options.Endpoints), AwsJsonProtocol.CostExplorer));
        var cloudWatch = new CloudWatchClient(
            new AwsJsonClient(sender, AwsServices.Resolve(AwsServices.CloudWatch, resolvedRegion, options.Endpoints), AwsJsonProtocol.CloudWatch));
        var bedrock = new BedrockClient(new AwsRestJsonClient(sender, AwsServices.Resolve(AwsServices.Bedrock, resolvedRegion, options.Endpoints)));
        return new AwsClients(account, resolvedRegion, costExplorer, costExplorer, cloudWatch, bedrock, bedrock);
    }

    /// <summary>A signed JSON-protocol client for another service, e.g. Budgets: <c>CreateJsonClient(AwsServices.Budgets, AwsJsonProtocol.Budgets)</c>.</summary>
    public AwsJsonClient CreateJsonClient(
        AwsService service, AwsJsonProtocol protocol, AwsAccountOptions? account = null, string? region = null, Action<AwsCallAttempt>? onAttempt = null)
    {
        var (sender, options, resolvedRegion) = Sender(account, region, onAttempt);
        return new AwsJsonClient(sender, AwsServices.Resolve(service, resolvedRegion, options.Endpoints), protocol);
    }

    private (AwsRequestSender Sender, AwsOptions Options, string Region) Sender(AwsAccountOptions? account, string? region, Action<AwsCallAttempt>? onAttempt)
    {
        var options = _options();
        var resolved = string.IsNullOrWhiteSpace(region) ? options.Region : region.Trim();
        return (new AwsRequestSender(_httpClient(), _credentials, account, options, _clock, onAttempt), options, resolved);
    }
}
