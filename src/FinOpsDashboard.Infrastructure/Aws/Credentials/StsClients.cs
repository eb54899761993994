using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using FinOpsDashboard.Infrastructure.Aws.Http;

namespace FinOpsDashboard.Infrastructure.Aws.Credentials;

/// <summary>The SDK's STS client, configured from <see cref="AwsOptions"/> (endpoint override, retries, timeout).</summary>
internal static class StsClients
{
    public static AmazonSecurityTokenServiceClient Create(AwsOptions options, ImmutableCredentials caller)
    {
        var config = new AmazonSecurityTokenServiceConfig
        {
            MaxErrorRetry = Math.Max(0, options.MaxAttempts - 1),
            Timeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds),
        };
        var endpoint = AwsServices.Resolve(AwsServices.Sts, options.Region, options.Endpoints);
        if (string.IsNullOrWhiteSpace(options.Endpoints.Sts))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(endpoint.SigningRegion);
        }
        else
        {
            config.ServiceURL = endpoint.BaseUri.AbsoluteUri;
            config.AuthenticationRegion = endpoint.SigningRegion;
        }

        AWSCredentials credentials = caller.UseToken
            ? new SessionAWSCredentials(caller.AccessKey, caller.SecretKey, caller.Token)
            : new BasicAWSCredentials(caller.AccessKey, caller.SecretKey);
        return new AmazonSecurityTokenServiceClient(credentials, config);
    }
}
