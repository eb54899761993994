using Amazon.Runtime;

namespace FinOpsDashboard.Infrastructure.Aws.Credentials;

/// <summary>Credentials to sign one account's requests with; asked before every attempt, so implementations cache.</summary>
public interface IAwsCredentialSource
{
    /// <summary>Keys for <paramref name="account"/>; null means the default chain's own identity.</summary>
    Task<ImmutableCredentials> GetAsync(AwsAccountOptions? account, CancellationToken cancellationToken);
}

/// <summary>Fixed keys for every account: tests, and tools that already hold credentials.</summary>
public sealed class StaticAwsCredentialSource(ImmutableCredentials credentials) : IAwsCredentialSource
{
    public Task<ImmutableCredentials> GetAsync(AwsAccountOptions? account, CancellationToken cancellationToken) => Task.FromResult(credentials);
}
