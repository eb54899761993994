using System.Globalization;
using FinOpsDashboard.Domain;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Ingestion;
using FinOpsDashboard.Infrastructure.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Cli;

/// <summary>
/// `finops ingest aws`: the scheduled AWS ingestion, run by hand for a window. Incremental like the job: only
/// days that are missing or still estimated are fetched, so running it twice costs almost nothing the second time.
/// </summary>
public sealed class IngestCommand(IServiceProvider services)
{
    public async Task<int> RunAsync(CommandLine line, TextWriter stdout, CancellationToken cancellationToken)
    {
        if (line.Positional.ElementAtOrDefault(1) != "aws")
        {
            throw new UsageException("Only `finops ingest aws` exists (files come with `finops import`).");
        }

        var unknown = line.UnknownOptions("account", "from", "to", "no-metrics").ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"Unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}.");
        }

        var window = new DateWindow(Date(line, "from"), Date(line, "to"));
        var provider = services.GetRequiredService<IngestionSourceProvider>();
        var costs = services.GetRequiredService<CostIngestionService>();
        var anomalies = services.GetRequiredService<AnomalyIngestionService>();
        var reservations = services.GetRequiredService<ProvisionedThroughputSyncService>();
        var profiles = services.GetRequiredService<InferenceProfileSyncService>();
        var metrics = services.GetRequiredService<MetricIngestionService>();
        var backfillDays = services.GetRequiredService<IOptions<IngestionOptions>>().Value.MetricBackfillDays;
        var withMetrics = !line.Flag("no-metrics");

        var run = new CliRun(services.GetRequiredService<JobRunRecorder>(), JobNames.CostIngestion);
        var (lines, _) = await run.RunAsync(
            async (context, ct) =>
            {
                var report = new List<string>();
                long written = 0;
                foreach (var source in await provider.AwsSourcesAsync(line.Option("account"), ct))
                {
                    var cost = await costs.IngestAsync(source, window, context.RunId, context.Calls, context.Progress, ct);
                    written += cost.FactsWritten;
                    var found = await anomalies.IngestAsync(source, context.Calls, ct);
                    int reserved = 0, profiled = 0;
                    long points = 0;
                    foreach (var region in source.Regions)
                    {
                        reserved += await reservations.SyncAsync(source, region, ct);
                        profiled += await profiles.SyncAsync(source, region, ct);
                        if (withMetrics)
                        {
                            points += (await metrics.IngestAsync(source, region, backfillDays, context.Calls, context.Progress, ct)).PointsWritten;
                        }
                    }

                    report.Add(
                        $"{source.AccountId} ({string.Join(", ", source.Regions.Select(r => r.Region))}): " +
                        $"{cost.DaysWritten} day(s) fetched in {cost.WindowsFetched} window(s), {cost.FactsWritten:N0} cost facts, {Money.Usd(cost.UnblendedCost)}; " +
                        $"{found} AWS anomaly finding(s); {reserved} PT reservation(s); {profiled} application profile(s)" +
                        (withMetrics ? $"; {points:N0} metric points" : ""));
                }

                report.Add(
                    $"AWS calls: {context.Calls.CostExplorerRequests} Cost Explorer requests ({Money.Usd(context.Calls.CostExplorerRequests * JobHistoryQuery.CostExplorerUsdPerRequest)}), " +
                    $"{context.Calls.CloudWatchMetricsRequested:N0} CloudWatch metrics requested");
                return (report, written);
            },
            result => new JobOutcome(result.written, string.Join(" | ", result.report)),
            cancellationToken);

        foreach (var text in lines)
        {
            await stdout.WriteLineAsync(text);
        }

        return 0;
    }

    private static DateOnly Date(CommandLine line, string name)
    {
        var value = line.Required(name);
        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new UsageException($"--{name} must be a date as YYYY-MM-DD, not '{value}'.");
    }
}
