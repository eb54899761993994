namespace FinOpsDashboard.Infrastructure.Aws.Http;

/// <summary>
/// How to reach and sign for one AWS service. <paramref name="GlobalRegion"/> is set for services with a single
/// endpoint (Cost Explorer, Budgets): they are always signed for that region, whatever region is asked.
/// </summary>
public sealed record AwsService(
    string SigningName,
    string IamPrefix,
    string? GlobalRegion,
    Func<string, string> DefaultHost,
    Func<AwsEndpointOptions, string?> Override,
    string OverrideName);

/// <summary>A service's resolved base URL and signing scope for one region.</summary>
public sealed record AwsEndpoint(AwsService Service, Uri BaseUri, string SigningRegion)
{
    /// <summary>Appends <paramref name="pathAndQuery"/> to the base, keeping any path prefix the override has.</summary>
    public Uri Resolve(string pathAndQuery) => new(BaseUri.AbsoluteUri.TrimEnd('/') + pathAndQuery);
}

public static class AwsServices
{
    public static readonly AwsService CostExplorer = new(
        "ce", "ce", "us-east-1", _ => "ce.us-east-1.amazonaws.com", e => e.CostExplorer, "Aws:Endpoints:CostExplorer");

    public static readonly AwsService CloudWatch = new(
        "monitoring", "cloudwatch", null, r => $"monitoring.{r}.amazonaws.com", e => e.CloudWatch, "Aws:Endpoints:CloudWatch");

    public static readonly AwsService Budgets = new(
        "budgets", "budgets", "us-east-1", _ => "budgets.amazonaws.com", e => e.Budgets, "Aws:Endpoints:Budgets");

    public static readonly AwsService Bedrock = new(
        "bedrock", "bedrock", null, r => $"bedrock.{r}.amazonaws.com", e => e.Bedrock, "Aws:Endpoints:Bedrock");

    public static readonly AwsService Sts = new(
        "sts", "sts", null, r => $"sts.{r}.amazonaws.com", e => e.Sts, "Aws:Endpoints:Sts");

    /// <summary>The configured override, else the real regional (or global) host over HTTPS.</summary>
    public static AwsEndpoint Resolve(AwsService service, string region, AwsEndpointOptions endpoints)
    {
        var signingRegion = service.GlobalRegion ?? region;
        var configured = service.Override(endpoints);
        if (string.IsNullOrWhiteSpace(configured))
        {
            return new AwsEndpoint(service, new Uri($"https://{service.DefaultHost(signingRegion)}/"), signingRegion);
        }

        if (!Uri.TryCreate(configured.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"{service.OverrideName} must be an absolute http(s) URL, such as http://127.0.0.1:9000; it is '{configured}'.");
        }

        return new AwsEndpoint(service, uri, signingRegion);
    }
}
