using FinOpsDashboard.Infrastructure.Aws;
using FinOpsDashboard.Infrastructure.Aws.Credentials;
using FinOpsDashboard.Infrastructure.Data;
using FinOpsDashboard.Infrastructure.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Ingestion;

/// <summary>
/// Which sources ingestion reads. With AWS configured (credentials in the standard places, accounts listed, or
/// Ingestion:Source=aws) that is every account with its regions, through signed HTTP clients; otherwise the
/// demo workload, rebuilt from the seed and anchor stored when it was seeded (ADR-007).
/// </summary>
public sealed class IngestionSourceProvider(
    IDbContextFactory<FinOpsDbContext> dbFactory,
    IOptions<IngestionOptions> ingestion,
    IOptions<AwsOptions> aws,
    AwsClientFactory awsClients,
    AwsAccountResolver awsAccounts,
    TimeProvider clock)
{
    public const string DemoSourceName = "demo";
    public const string AwsSourceName = "cost-explorer";

    public const string DemoRegion = "us-east-1";

    /// <summary>True while no AWS account is configured: the app shows (and says it shows) demo data.</summary>
    public bool IsDemoMode => ingestion.Value.Source.Trim().ToLowerInvariant() switch
    {
        "demo" => true,
        "aws" => false,
        "auto" or "" => !aws.Value.IsConfigured(),
        var other => throw new InvalidOperationException($"Ingestion:Source is '{other}': use auto, demo or aws."),
    };

    public async Task<IReadOnlyList<IngestionSource>> GetSourcesAsync(CancellationToken cancellationToken) =>
        IsDemoMode ? await DemoSourcesAsync(cancellationToken) : await AwsSourcesAsync(null, cancellationToken);

    /// <summary>The AWS accounts (optionally one), whatever the mode: `finops ingest aws` asks for them explicitly.</summary>
    public async Task<IReadOnlyList<IngestionSource>> AwsSourcesAsync(string? onlyAccountId, CancellationToken cancellationToken)
    {
        var accounts = await awsAccounts.AccountsAsync(cancellationToken);
        if (onlyAccountId is not null)
        {
            accounts = accounts.Where(a => a.AccountId == onlyAccountId).ToList();
            if (accounts.Count == 0)
            {
                throw new InvalidOperationException($"Account {onlyAccountId} is not among the configured accounts.");
            }
        }

        return accounts.Select(account =>
        {
            // Cost Explorer and Cost Anomaly Detection are global: one client, signed for us-east-1.
            var global = awsClients.Create(account);
            var regions = aws.Value.RegionsOf(account)
                .Select(region => awsClients.Create(account, region))
                .Select(c => new RegionalApis(c.Region, c.CloudWatch, c.Bedrock, c.InferenceProfiles))
                .ToList();
            return new IngestionSource(AwsSourceName, account.AccountId, IsDemo: false, global.CostExplorer, global.CostAnomalies, regions);
        }).ToList();
    }

    public IngestionSource Demo(DemoSettings settings)
    {
        var workload = new DemoWorkload(
            new DemoWorkloadOptions
            {
                Seed = settings.Seed,
                AnchorDay = settings.AnchorDay,
                HistoryDays = settings.HistoryDays,
                Scale = settings.Scale,
            },
            clock);
        return new IngestionSource(DemoSourceName, DemoWorkload.AccountId, IsDemo: true, workload, workload, [new RegionalApis(DemoRegion, workload, workload, workload)]);
    }

    private async Task<IReadOnlyList<IngestionSource>> DemoSourcesAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var settings = await DemoSettings.LoadAsync(db, cancellationToken);
        return settings is null ? [] : [Demo(settings)];
    }
}
