using FinOpsDashboard.Infrastructure.Aws.Credentials;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Aws;

public static class AwsServiceCollectionExtensions
{
    /// <summary>
    /// The AWS transport: a named HttpClient, the default credential chain with per-account AssumeRole, and
    /// <see cref="AwsClientFactory"/>. Binding <see cref="AwsOptions"/> from "Aws" is the caller's job.
    /// </summary>
    public static IServiceCollection AddAwsClients(this IServiceCollection services)
    {
        // Attempts carry their own timeout (Aws:RequestTimeoutSeconds); HttpClient's 100 s default would cut it short.
        services.AddHttpClient(AwsClientFactory.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAwsCredentialSource>(p =>
            new AwsCredentialSource(p.GetRequiredService<IOptions<AwsOptions>>(), p.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(p => new AwsClientFactory(
            p.GetRequiredService<IHttpClientFactory>(),
            p.GetRequiredService<IAwsCredentialSource>(),
            p.GetRequiredService<IOptions<AwsOptions>>(),
            p.GetRequiredService<TimeProvider>()));
        return services;
    }
}
