using FinOpsDashboard.Domain.Anomalies;
using FinOpsDashboard.Domain.Attribution;
using FinOpsDashboard.Infrastructure.Anomalies;
using FinOpsDashboard.Infrastructure.AttributionRules;
using FinOpsDashboard.Infrastructure.Aws;
using FinOpsDashboard.Infrastructure.Aws.Credentials;
using FinOpsDashboard.Infrastructure.Budgets;
using FinOpsDashboard.Infrastructure.Data;
using FinOpsDashboard.Infrastructure.Demo;
using FinOpsDashboard.Infrastructure.Files;
using FinOpsDashboard.Infrastructure.Ingestion;
using FinOpsDashboard.Infrastructure.Jobs;
using FinOpsDashboard.Infrastructure.Pricing;
using FinOpsDashboard.Infrastructure.Reporting;
using FinOpsDashboard.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure;

public static class DependencyInjection
{
    /// <summary>Store, ingestion, demo workload, reporting: everything the web app and the CLI share.</summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section);
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.Section);
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section);
        services.AddOptions<AwsOptions>().BindConfiguration(AwsOptions.Section);
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section);
        services.AddOptions<AnomalySettings>().BindConfiguration(AnomalySettings.Section);
        services.AddAwsClients();
        services.AddSingleton<AwsAccountResolver>();
        services.AddSingleton(TimeProvider.System);

        services.AddDbContextFactory<FinOpsDbContext>((provider, builder) =>
        {
            var path = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.ResolvedPath();
            builder.UseSqlite(SqliteConnectionSetup.ConnectionString(path))
                .AddInterceptors(new SqliteConnectionSetup.Interceptor());
        });
        services.AddSingleton(provider =>
            new SqlMigrator(SqliteConnectionSetup.ConnectionString(provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.ResolvedPath())));

        services.AddSingleton(provider => AttributionKeysFrom(
            provider.GetRequiredService<IOptions<IngestionOptions>>().Value, provider.GetRequiredService<IOptions<ImportOptions>>().Value));
        services.AddSingleton<AttributionRuleStore>();
        services.AddSingleton<ReattributionService>();
        services.AddSingleton<IngestionSourceProvider>();
        services.AddSingleton<CostIngestionService>();
        services.AddSingleton<MetricIngestionService>();
        services.AddSingleton<ProvisionedThroughputSyncService>();
        services.AddSingleton<AnomalyIngestionService>();
        services.AddSingleton<InferenceProfileSyncService>();
        services.AddSingleton<DemoSeeder>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<SpendReports>();
        services.AddSingleton<OverviewQuery>();
        services.AddSingleton<ShowbackQuery>();
        services.AddSingleton<FilterOptionsCache>();
        services.AddSingleton<DataQualityQuery>();
        services.AddSingleton<ImportsQuery>();
        services.AddSingleton<PriceCatalogStore>();
        services.AddSingleton<ReconciliationQuery>();
        services.AddSingleton<WeeklyReviewQuery>();
        services.AddSingleton<ImportSourceRegistry>();
        services.AddSingleton<JobMonitor>();
        services.AddSingleton<JobRunRecorder>();
        services.AddSingleton<JobHistoryQuery>();
        services.AddSingleton<Analytics.AnalyticsRunner>();
        services.AddOptions<Domain.Recommendations.RecommendationSettings>().BindConfiguration(Domain.Recommendations.RecommendationSettings.Section);
        services.AddSingleton<Recommendations.PtSettingsStore>();
        services.AddSingleton<Recommendations.RecommendationInputsQuery>();
        services.AddSingleton<Recommendations.RecommendationStore>();
        services.AddSingleton<Recommendations.PtGaugesQuery>();
        services.AddSingleton<Recommendations.RecommendationsStep>();
        services.AddSingleton<Analytics.IAnalyticsStep>(p => p.GetRequiredService<Recommendations.RecommendationsStep>());
        services.AddSingleton<Analytics.IAnalyticsStep, AnomalyDetectionStep>();
        services.AddSingleton<AnomalyQuery>();
        services.AddSingleton<AnomalyReview>();
        AddBudgets(services);
        foreach (var job in JobCatalog.All)
        {
            services.AddTransient(job.JobType);
        }

        Files.FileImportsServiceCollectionExtensions.AddFileImports(services);
        return services;
    }

    /// <summary>Budgets, their evaluation step, the alert centre and outbox, and the AWS Budgets sync.</summary>
    private static void AddBudgets(IServiceCollection services)
    {
        services.AddOptions<BudgetOptions>().BindConfiguration(BudgetOptions.Section);
        services.AddOptions<AlertingOptions>().BindConfiguration(AlertingOptions.Section);
        services.AddHttpClient(AlertDeliveryService.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<AlertNotifier>();
        services.AddSingleton<BudgetEvaluationService>();
        services.AddSingleton<BudgetService>();
        services.AddSingleton<BudgetQuery>();
        services.AddSingleton<AlertCentre>();
        services.AddSingleton<IAlertEmailSender, SmtpAlertEmailSender>();
        services.AddSingleton<AlertDeliveryService>();
        services.AddSingleton<AwsBudgetSyncService>();
        services.AddSingleton<Analytics.IAnalyticsStep, BudgetEvaluationStep>();
        services.AddSingleton<Analytics.IAnalyticsStep, AwsBudgetSyncStep>();
    }

    /// <summary>
    /// The keys whose values are stored with the facts, by the names attribution rules use: the team and feature tags
    /// (Ingestion:TeamTagKey / FeatureTagKey; CUR and FOCUS imports read them through Imports:TeamTagKeys / FeatureTagKeys)
    /// and the first team and feature requestMetadata keys (Imports:TeamMetadataKeys / FeatureMetadataKeys).
    /// </summary>
    public static AttributionKeys AttributionKeysFrom(IngestionOptions ingestion, ImportOptions imports) => new(
        ingestion.TeamTagKey, ingestion.FeatureTagKey, imports.EffectiveTeamMetadataKeys[0], imports.EffectiveFeatureMetadataKeys[0]);

    /// <summary>The Quartz scheduler as a hosted service (the web app; the CLI runs jobs directly).</summary>
    public static IServiceCollection AddJobScheduler(this IServiceCollection services)
    {
        services.AddSingleton<SchedulerHostedService>();
        services.AddSingleton<IJobScheduler>(p => p.GetRequiredService<SchedulerHostedService>());
        services.AddHostedService(p => p.GetRequiredService<SchedulerHostedService>());
        return services;
    }

    /// <summary>
    /// Creates the database folder, applies pending migrations and seeds the price catalog when it is empty (idempotent):
    /// called before anything reads the store.
    /// </summary>
    public static async Task<MigrationOutcome> MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var path = services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ResolvedPath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var outcome = await services.GetRequiredService<SqlMigrator>().MigrateAsync(cancellationToken: cancellationToken);
        await services.GetRequiredService<PriceCatalogStore>().SeedIfEmptyAsync(cancellationToken);
        await services.GetRequiredService<Recommendations.PtSettingsStore>().SeedIfEmptyAsync(cancellationToken);
        return outcome;
    }
}
