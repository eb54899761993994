using System.Collections.Concurrent;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using FinOpsDashboard.Infrastructure.Aws.Http;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Aws.Credentials;

/// <summary>
/// AWS's default credential chain (AWSSDK.Core: environment, shared profile incl. SSO, web identity, container
/// and instance roles), exchanged through STS AssumeRole for accounts that name a role. Assumed credentials are
/// reused until five minutes before they expire.
/// </summary>
public sealed class AwsCredentialSource : IAwsCredentialSource, IDisposable
{
    public const string SessionName = "finops-dashboard";
    private static readonly TimeSpan RefreshBeforeExpiry = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan SessionDuration = TimeSpan.FromHours(1);

    private readonly AwsOptions _options;
    private readonly TimeProvider _clock;
    private readonly Func<CancellationToken, Task<ImmutableCredentials>> _baseCredentials;
    private readonly ConcurrentDictionary<string, (ImmutableCredentials Credentials, DateTime ExpiresUtc)> _assumed = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _assumeLock = new(1, 1);

    public AwsCredentialSource(IOptions<AwsOptions> options, TimeProvider clock)
        : this(options.Value, clock, DefaultChainAsync)
    {
    }

    /// <summary>With another base identity than the default chain (it is also the one that calls STS): tests pass fixed keys.</summary>
    public AwsCredentialSource(AwsOptions options, TimeProvider clock, Func<CancellationToken, Task<ImmutableCredentials>> baseCredentials)
    {
        _options = options;
        _clock = clock;
        _baseCredentials = baseCredentials;
    }

    public async Task<ImmutableCredentials> GetAsync(AwsAccountOptions? account, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(account?.RoleArn))
        {
            return await _baseCredentials(cancellationToken);
        }

        var key = $"{account.RoleArn}|{account.ExternalId}";
        if (Fresh(key) is { } cached)
        {
            return cached;
        }

        await _assumeLock.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(key) is { } again)
            {
                return again;
            }

            var assumed = await AssumeRoleAsync(account, cancellationToken);
            _assumed[key] = assumed;
            return assumed.Credentials;
        }
        finally
        {
            _assumeLock.Release();
        }
    }

    public void Dispose() => _assumeLock.Dispose();

    private ImmutableCredentials? Fresh(string key) =>
        _assumed.TryGetValue(key, out var entry) && _clock.GetUtcNow().UtcDateTime < entry.ExpiresUtc - RefreshBeforeExpiry
            ? entry.Credentials
            : null;

    private async Task<(ImmutableCredentials Credentials, DateTime ExpiresUtc)> AssumeRoleAsync(AwsAccountOptions account, CancellationToken cancellationToken)
    {
        var caller = await _baseCredentials(cancellationToken);
        var endpoint = AwsServices.Resolve(AwsServices.Sts, _options.Region, _options.Endpoints);
        using var sts = StsClients.Create(_options, caller);
        try
        {
            var response = await sts.AssumeRoleAsync(
                new AssumeRoleRequest
                {
                    RoleArn = account.RoleArn,
                    RoleSessionName = SessionName,
                    ExternalId = string.IsNullOrWhiteSpace(account.ExternalId) ? null : account.ExternalId,
                    DurationSeconds = (int)SessionDuration.TotalSeconds,
                },
                cancellationToken);
            var c = response.Credentials
                ?? throw new AwsApiException("sts", "AssumeRole", AwsErrorKind.UnreadableResponse, $"STS returned no credentials for {account.RoleArn}", (int)response.HttpStatusCode);
            var expires = c.Expiration?.ToUniversalTime() ?? _clock.GetUtcNow().UtcDateTime.Add(SessionDuration);
            return (new ImmutableCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken), expires);
        }
        catch (AmazonServiceException e)
        {
            var (kind, retryable) = AwsErrors.Classify((int)e.StatusCode, e.ErrorCode ?? "", e.Message);
            var advice = kind == AwsErrorKind.AccessDenied
                ? $"cannot assume {account.RoleArn}: check its trust policy allows the dashboard's identity (and the ExternalId, if the role requires one)"
                : AwsErrors.Advice(kind, endpoint, "AssumeRole", e.ErrorCode ?? "", _options.MaxAttempts);
            throw new AwsApiException("sts", "AssumeRole", kind, advice, (int)e.StatusCode, e.ErrorCode, e.Message, e.RequestId, retryable, innerException: e);
        }
        catch (AmazonClientException e)
        {
            throw new AwsApiException("sts", "AssumeRole", AwsErrorKind.Network, $"could not call STS at {endpoint.BaseUri.Host} to assume {account.RoleArn}: {e.Message}", isRetryable: true, innerException: e);
        }
    }

    private static async Task<ImmutableCredentials> DefaultChainAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var credentials = await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(null);
            return await credentials.GetCredentialsAsync();
        }
        catch (AmazonClientException e)
        {
            var expired = e.Message.Contains("expired", StringComparison.OrdinalIgnoreCase);
            throw new AwsApiException(
                "credentials",
                "ResolveCredentials",
                expired ? AwsErrorKind.ExpiredCredentials : AwsErrorKind.NoCredentials,
                expired
                    ? $"AWS credentials have expired: refresh the session (aws sso login) and run again. {e.Message}"
                    : $"no AWS credentials found: set AWS_PROFILE (and run aws sso login) or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run with a container or instance role. {e.Message}",
                innerException: e);
        }
    }
}
