namespace FinOpsDashboard.Infrastructure.Aws;

/// <summary>
/// Bound from "Aws". Credentials are never configured here: they come from AWS's default chain (environment,
/// shared profile incl. SSO, web identity, container or instance role), optionally exchanged per account for
/// an assumed role.
/// </summary>
public sealed class AwsOptions
{
    public const string Section = "Aws";

    /// <summary>Optional base URLs replacing the real AWS hosts (VPC endpoints, proxies, test servers).</summary>
    public AwsEndpointOptions Endpoints { get; set; } = new();

    /// <summary>The region used when an account lists none, and for STS. Default: AWS_REGION, AWS_DEFAULT_REGION, else us-east-1.</summary>
    public string Region { get; set; } = DefaultRegion(Environment.GetEnvironmentVariable);

    /// <summary>Accounts to read. Empty: the default chain's own account, in <see cref="Region"/>.</summary>
    public List<AwsAccountOptions> Accounts { get; set; } = [];

    /// <summary>Tries per request, the first included; throttling and 5xx answers are retried with jittered backoff.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>First backoff ceiling; it doubles per retry (full jitter picks a delay between 0 and the ceiling).</summary>
    public int BaseRetryDelayMilliseconds { get; set; } = 500;

    /// <summary>Per attempt, not per call: a retried call can take MaxAttempts times this.</summary>
    public double RequestTimeoutSeconds { get; set; } = 60;

    /// <summary>
    /// True when accounts are listed or the environment carries credentials the default chain will find
    /// (access keys, a profile, web identity, container credentials). An EC2 instance role alone is not
    /// detectable without calling the metadata service: set <c>Ingestion:Source=aws</c> for that case.
    /// </summary>
    public bool IsConfigured(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        return Accounts.Count > 0 || CredentialVariables.Any(name => !string.IsNullOrWhiteSpace(environment(name)));
    }

    /// <summary>The regions to read for one account: its own list, else <see cref="Region"/>.</summary>
    public IReadOnlyList<string> RegionsOf(AwsAccountOptions? account) =>
        account is { Regions.Count: > 0 } ? account.Regions : [Region];

    internal static string DefaultRegion(Func<string, string?> environment) =>
        new[] { "AWS_REGION", "AWS_DEFAULT_REGION" }.Select(environment).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim()
        ?? "us-east-1";

    private static readonly string[] CredentialVariables =
    [
        "AWS_ACCESS_KEY_ID",
        "AWS_PROFILE",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    ];
}

/// <summary>Each an absolute URL such as <c>http://127.0.0.1:9000</c>; CloudWatch and Bedrock overrides apply to every region.</summary>
public sealed class AwsEndpointOptions
{
    public string? CostExplorer { get; set; }
    public string? CloudWatch { get; set; }
    public string? Budgets { get; set; }
    public string? Bedrock { get; set; }
    public string? Sts { get; set; }
}

public sealed class AwsAccountOptions
{
    public string AccountId { get; set; } = "";

    public string? Name { get; set; }

    /// <summary>When set, the default chain's identity assumes this role (session "finops-dashboard") to read the account.</summary>
    public string? RoleArn { get; set; }

    public string? ExternalId { get; set; }

    /// <summary>Regions whose CloudWatch metrics and Bedrock resources are read; Cost Explorer is global.</summary>
    public List<string> Regions { get; set; } = [];
}
