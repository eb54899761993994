using Amazon.SecurityToken.Model;
using FinOpsDashboard.Infrastructure.Aws.Http;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Aws.Credentials;

/// <summary>
/// Which accounts ingestion reads: the configured list, or, with none configured, the one account the default
/// credential chain belongs to (STS GetCallerIdentity: free, and needs no IAM permission).
/// </summary>
public sealed class AwsAccountResolver(IAwsCredentialSource credentials, IOptions<AwsOptions> options)
{
    private AwsAccountOptions? _defaultAccount;

    public async Task<IReadOnlyList<AwsAccountOptions>> AccountsAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.Accounts.Where(a => !string.IsNullOrWhiteSpace(a.AccountId)).ToList();
        if (configured.Count > 0)
        {
            return configured;
        }

        _defaultAccount ??= new AwsAccountOptions { AccountId = await CallerAccountIdAsync(cancellationToken), Name = "default credentials" };
        return [_defaultAccount];
    }

    private async Task<string> CallerAccountIdAsync(CancellationToken cancellationToken)
    {
        var caller = await credentials.GetAsync(null, cancellationToken);
        using var sts = StsClients.Create(options.Value, caller);
        try
        {
            var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken);
            return identity.Account ?? throw new AwsApiException("sts", "GetCallerIdentity", AwsErrorKind.UnreadableResponse, "STS returned no account id for the default credentials");
        }
        catch (Amazon.Runtime.AmazonServiceException e)
        {
            throw new AwsApiException("sts", "GetCallerIdentity", AwsErrorKind.Other,
                $"could not find which account the default credentials belong to: {e.Message}. List the account under Aws:Accounts to skip this call",
                (int)e.StatusCode, e.ErrorCode, e.Message, e.RequestId, isRetryable: false, innerException: e);
        }
    }
}
