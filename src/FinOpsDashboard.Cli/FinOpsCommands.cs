using System.Globalization;
using System.Text.Json;
using FinOpsDashboard.Domain;
using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Classification;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure;
using FinOpsDashboard.Infrastructure.Aws;
using FinOpsDashboard.Infrastructure.Budgets;
using FinOpsDashboard.Infrastructure.Data;
using FinOpsDashboard.Infrastructure.Analytics;
using FinOpsDashboard.Infrastructure.Demo;
using FinOpsDashboard.Infrastructure.Ingestion;
using FinOpsDashboard.Infrastructure.Jobs;
using FinOpsDashboard.Infrastructure.Reporting;
using FinOpsDashboard.Infrastructure.Security;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Cli;

/// <summary>The `finops` commands. Each migrates the database first; none seeds demo data unless asked (`finops demo`).</summary>
public sealed partial class FinOpsCommands(IServiceProvider services, IOptions<DatabaseOptions> database)
{
    public const string Usage = """
        finops — FinOps dashboard for Amazon Bedrock, command line

        Usage:
          finops db migrate                         apply pending schema migrations
          finops demo [--seed N] [--days N] [--scale standard|large]
                                                    (re)create the demo organisation, ingest it, run analytics
          finops analyze                            recompute recommendations, anomalies and budgets from stored facts
          finops recommendations [--status open|accepted|dismissed|done] [--lever L] [--user NAME] [--format json|text]
                                                    recommendations ranked by $ / month (levers: right-size, prompt-caching,
                                                    batch, output-cap, context-trim, pt-commit, pt-underused, pt-throttled,
                                                    distillation, embeddings, attribution-coverage)
          finops pt [--format json|text]            provisioned-throughput utilization and effective cost per 1M tokens
          finops report --by model|team|feature|pricing-mode|account --from YYYY-MM-DD --to YYYY-MM-DD [--format csv|json]
                 [--user NAME] [--team A,B] [--model M] [--feature F] [--pricing-mode P] [--account ID]
                                                    unblended spend per key; --to is exclusive; with --user, only
                                                    what that user may see (a manager: their teams)
          finops anomalies --from YYYY-MM-DD --to YYYY-MM-DD [--user NAME] [--format json|csv]
                                                    anomaly flags (ours and AWS Cost Anomaly Detection's) dated
                                                    in the window (--to exclusive), with actual vs expected, severity
                                                    and the explanation (volume, unit price, mix, cache, mode)
          finops budgets [--user NAME] [--format text|json]
                                                    each budget with its latest evaluation: actual, forecast for the
                                                    period, projected date it reaches the amount, thresholds crossed,
                                                    AWS sync state; with --user, only the budgets that user may see
          finops users list | reset-password NAME   local accounts; reset prints a new generated password
          finops jobs run <job-name>                run one job now (cost-ingestion, metric-ingestion, ...)
          finops import <path-or-s3-url> [--reject-whole-file]   import CUR 2.0 / FOCUS CSV and invocation logs (file, folder or S3)
          finops ingest aws [--account ID] --from YYYY-MM-DD --to YYYY-MM-DD [--no-metrics]
                                                    fetch missing and estimated days from AWS (--to exclusive)
          finops usage-type "<usage type>" [--service "<service name>"]
                                                    how a Bedrock usage type is classified, as JSON

        The database is Database:Path (environment Database__Path), default data/finops.db.
        """;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var line = new CommandLine(args);
        try
        {
            if (line.Positional.Count == 0 || line.Flag("help"))
            {
                await stdout.WriteLineAsync(Usage);
                return line.Positional.Count == 0 && !line.Flag("help") ? 2 : 0;
            }

            // Classifying a string needs no database: don't create one as a side effect.
            var outcome = line.Positional[0] == "usage-type" ? null : await services.MigrateDatabaseAsync(cancellationToken);
            return line.Positional[0] switch
            {
                "db" when line.Positional.ElementAtOrDefault(1) == "migrate" => await MigrateAsync(outcome!, stdout),
                "demo" => await DemoAsync(line, stdout, cancellationToken),
                "analyze" => await AnalyzeAsync(line, stdout, cancellationToken),
                "recommendations" => await RecommendationsAsync(line, stdout, cancellationToken),
                "pt" => await ProvisionedThroughputAsync(line, stdout, cancellationToken),
                "report" => await ReportAsync(line, stdout, cancellationToken),
                "anomalies" => await new AnomaliesCommand(services, ScopeOptionAsync).RunAsync(line, stdout, cancellationToken),
                "budgets" => await BudgetsAsync(line, stdout, cancellationToken),
                "users" => await UsersAsync(line, stdout, cancellationToken),
                "jobs" when line.Positional.ElementAtOrDefault(1) == "run" => await RunJobAsync(line, stdout, cancellationToken),
                "import" => await new ImportCommand(services).RunAsync(line, stdout, stderr, cancellationToken),
                "usage-type" => await UsageTypeAsync(line, stdout),
                "ingest" => await new IngestCommand(services).RunAsync(line, stdout, cancellationToken),
                _ => throw new UsageException($"Unknown command '{string.Join(' ', line.Positional)}'."),
            };
        }
        catch (UsageException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}\n");
            await stderr.WriteLineAsync(Usage);
            return 2;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or AwsApiException or ValidationFailedException or BudgetValidationException or PermissionDeniedException)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
        catch (SqliteException ex) when (StorageProblem(ex) is { } problem)
        {
            // The failed statement's transaction rolled back: say what happened to the database and what to do, not a stack trace.
            await stderr.WriteLineAsync($"error: {database.Value.ResolvedPath()}: {problem.Message} Nothing this command was writing was kept.");
            return problem.ExitCode;
        }
    }

    /// <summary>Exit code 75 (EX_TEMPFAIL) for a database another process holds: a script may simply run the command again.</summary>
    private static (string Message, int ExitCode)? StorageProblem(SqliteException ex) => ex.SqliteErrorCode switch
    {
        5 or 6 => ("the database is busy: another process (a migration, import, ingestion or the web app's job) held its write lock "
            + "longer than the 10 s busy timeout. Run the command again when it has finished.", 75),
        13 => ("the disk holding the database is full. Free space, then run the command again.", 1),
        8 => ("the database is read-only for this user. Check the file's and its folder's permissions.", 1),
        14 => ("the database file cannot be opened. Check that its folder exists and is writable.", 1),
        11 or 26 => ("the file is not a valid SQLite database or is damaged. Restore it from a backup.", 1),
        _ => null,
    };

    private async Task<int> MigrateAsync(MigrationOutcome outcome, TextWriter stdout)
    {
        var applied = outcome.Applied.Count == 0 ? "already up to date" : $"applied {string.Join(", ", outcome.Applied.Select(m => $"{m.Version:D4}_{m.Name}"))}";
        await stdout.WriteLineAsync($"{database.Value.ResolvedPath()}: schema version {outcome.ToVersion} ({applied})");
        return 0;
    }

    private async Task<int> DemoAsync(CommandLine line, TextWriter stdout, CancellationToken cancellationToken)
    {
        Reject(line, "seed", "days", "scale");
        var seed = IntOption(line, "seed", DemoSeeder.DefaultSeed);
        var scale = line.Option("scale") is { } s
            ? Enum.TryParse<DemoScale>(s, ignoreCase: true, out var parsed) ? parsed : throw new UsageException($"--scale must be standard or large, not '{s}'.")
            : DemoScale.Standard;
        var days = IntOption(line, "days", scale == DemoScale.Large ? 365 : 120);
        if (days is < 7 or > 730)
        {
            throw new UsageException("--days must be between 7 and 730.");
        }

        var seeder = services.GetRequiredService<DemoSeeder>();
        var ingestion = services.GetRequiredService<IOptions<IngestionOptions>>().Value;
        var job = new CliRun(services.GetRequiredService<JobRunRecorder>(), JobNames.DemoSeed);
        var result = await job.RunAsync(
            (context, ct) => seeder.SeedAsync(seed, days, scale, ingestion.MetricBackfillDays, context.RunId, context.Calls, context.Progress, ct),
            r => new JobOutcome(r.CostFacts + r.MetricPoints + r.Reservations, $"Seeded demo (seed {r.Settings.Seed}, {r.Settings.Scale}, {r.Settings.HistoryDays} days)"),
            cancellationToken);
        await stdout.WriteLineAsync(
            $"Demo organisation seeded (seed {seed}, {scale}, {days} days through {result.Settings.AnchorDay:yyyy-MM-dd}): " +
            $"{result.CostFacts:N0} cost facts totalling {Money.Usd(result.UnblendedCost)}, {result.MetricPoints:N0} metric points, {result.Reservations} PT reservation(s).");
        await RunAnalyticsAsync(stdout, cancellationToken);
        return 0;
    }

    private async Task<int> AnalyzeAsync(CommandLine line, TextWriter stdout, CancellationToken cancellationToken)
    {
        Reject(line);
        await RunAnalyticsAsync(stdout, cancellationToken);
        return 0;
    }

    /// <summary>The same refresh the scheduler runs after ingestion: recommendations, anomalies, budgets.</summary>
    private async Task RunAnalyticsAsync(TextWriter stdout, CancellationToken cancellationToken)
    {
        var runner = services.GetRequiredService<AnalyticsRunner>();
        var job = new CliRun(services.GetRequiredService<JobRunRecorder>(), AnalyticsRefreshJob.Name);
        var result = await job.RunAsync((context, ct) => runner.RunAsync(context.Progress, ct), r => new JobOutcome(r.RowsWritten, r.Summary, r.RowsWritten > 0), cancellationToken);
        await stdout.WriteLineAsync($"Analytics refreshed: {result.Summary}");
    }

    private async Task<int> ReportAsync(CommandLine line, TextWriter stdout, CancellationToken cancellationToken)
    {
        Reject(line, "by", "from", "to", "format", "user", "team", "model", "feature", "pricing-mode", "account");
        SpendDimension by;
        try
        {
            by = SpendDimensions.Parse(line.Required("by"));
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        var window = new DateWindow(DateOption(line, "from"), DateOption(line, "to"));
        var format = (line.Option("format") ?? "csv").ToLowerInvariant();
        var filter = new SpendFilter(window)
        {
            Teams = ListOption(line, "team"),
            Models = ListOption(line, "model"),
            Features = ListOption(line, "feature"),
            PricingModes = ListOption(line, "pricing-mode"),
            Accounts = ListOption(line, "account"),
        };
        var rows = await services.GetRequiredService<SpendReports>().ByAsync(by, filter, await ScopeOptionAsync(line, cancellationToken), cancellationToken);
        switch (format)
        {
            case "csv":
                await stdout.WriteLineAsync("key,cost_usd");
                foreach (var row in rows)
                {
                    await stdout.WriteLineAsync($"{Csv.Field(row.Key)},{Csv.Amount(row.Cost)}");
                }

                break;
            case "json":
                await stdout.WriteLineAsync(JsonSerializer.Serialize(rows.Select(r => new { r.Key, CostUsd = r.Cost }), Json));
                break;
            default:
                throw new UsageException($"--format must be csv or json, not '{format}'.");
        }

        return 0;
    }

    /// <summary>
    /// The stored evaluations (as the pages show them; `finops analyze` recomputes them). forecastUsd is the forecast
    /// for the whole period (actual so far + the remaining days), the figure AWS calls ForecastedSpend.
    /// </summary>
    private async Task<int> BudgetsAsync(CommandLine line, TextWriter stdout, CancellationToken cancellationToken)
    {
        Reject(line, "user", "format");
        var format = (line.Option("format") ?? "text").ToLowerInvariant();
        if (format is not ("text" or "json"))
        {
            throw new UsageException($"--format must be text or json, not '{format}'.");
        }

        var views = await services.GetRequiredService<BudgetQuery>().ListAsync(await ScopeOptionAsync(line, cancellationToken), null, cancellationToken);
        var rows = views.Select(v => new
        {
            v.Budget.Id,
            v.Budget.Name,
            Scope = new { Kind = v.Budget.ScopeKind, Value = v.Budget.ScopeValue },
            v.Budget.Period,
            PeriodKey = v.Evaluation?.PeriodKey,
            AmountUsd = v.Budget.Amount,
            DataThrough = v.Evaluation?.DataThrough,
            ActualUsd = v.Evaluation?.Actual,
            ForecastUsd = v.Evaluation?.ProjectedTotal,
            ForecastRemainingUsd = v.Evaluation?.Forecast,
            ProjectedExceedDate = v.Evaluation?.ProjectedExceedDate,
            ForecastMethod = v.Evaluation?.Method,
            Thresholds = v.Thresholds.Count > 0
                ? v.Thresholds.Select(t => new { t.Percent, t.Basis, ThresholdUsd = (decimal?)t.ThresholdAmount, t.Crossed, t.ReachedOn, t.IsProjected }).ToList()
                : v.Budget.ThresholdRules.Select(t => new { t.Percent, t.Basis, ThresholdUsd = (decimal?)null, Crossed = false, ReachedOn = (DateOnly?)null, IsProjected = false }).ToList(),
            NewAlerts = v.NewAlerts,
            Sync = new
            {
                Enabled = v.Budget.SyncToAws,
                State = v.Budget.AwsSyncState,
                AwsBudgetName = v.Budget.AwsBudgetName,
                Error = v.Budget.AwsSyncError,
                AwsActualUsd = v.Budget.AwsActualSpend,
                AwsForecastUsd = v.Budget.AwsForecastedSpend,
                SyncedAt = v.Budget.AwsSyncedAt,
            },
        }).ToList();
        if (format == "json")
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(rows, Json));
            return 0;
        }

        if (rows.Count == 0)
        {
            await stdout.WriteLineAsync("No budgets.");
        }

        foreach (var r in rows)
        {
            var figures = r.ActualUsd is { } actual
                ? $"actual {Money.Usd(actual)} · forecast {Money.Usd(r.ForecastUsd!.Value)} of {Money.Usd(r.AmountUsd)} ({r.PeriodKey}, data through {r.DataThrough:yyyy-MM-dd})"
                  + (r.ProjectedExceedDate is { } day ? $" · reaches the amount {day:yyyy-MM-dd}" : " · within budget")
                : $"{Money.Usd(r.AmountUsd)} · not evaluated yet (finops analyze)";
            var crossed = r.Thresholds.Where(t => t.Crossed).Select(t => $"{t.Percent}% {t.Basis}").ToList();
            await stdout.WriteLineAsync($"#{r.Id} {r.Name} [{r.Scope.Kind}{(r.Scope.Value is null ? "" : ":" + r.Scope.Value)}, {r.Period}]: {figures}"
                + (crossed.Count > 0 ? $" · crossed: {string.Join(", ", crossed)}" : "")
                + (r.Sync.Enabled ? $" · AWS sync {r.Sync.State}{(r.Sync.Error is null ? "" : ": " + r.Sync.Error)}" : ""));
        }

        return 0;
    }

    /// <summary>--user NAME: the scope that user has in the UI; without it, the operator at the console sees everything.</summary>
    private async Task<AccessScope> ScopeOptionAsync(CommandLine line, CancellationToken cancellationToken)
    {
        if (line.Option("user") is not { } name)
        {
            return AccessScope.Everything;
        }

        var user = await services.GetRequiredService<UserDirectory>().FindByNameAsync(name, cancellationToken);
        if (user is null || user.IsDisabled)
        {
            throw new UsageException($"No active user named '{name}'.");
        }

        return UserDirectory.ScopeOf(user);
    }

    /// <summary>"--team a,b" → [a, b]; absent → null (no filter).</summary>
    private static List<string>? ListOption(CommandLine line, string name) =>
        line.Option(name)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    private async Task<int> UsersAsync(CommandLine line, TextWriter stdout, CancellationToken cancellationToken)
    {
        Reject(line);
        var users = services.GetRequiredService<UserDirectory>();
        switch (line.Positional.ElementAtOrDefault(1))
        {
            case "list":
                foreach (var user in await users.ListAsync(cancellationToken))
                {
                    var teams = user.Teams.Count == 0 ? "" : " teams=" + string.Join(",", user.Teams.Select(t => t.Team).Order(StringComparer.Ordinal));
                    var state = user.IsDisabled ? " disabled" : user.IsDemo ? " demo" : "";
                    await stdout.WriteLineAsync($"{user.UserName}\t{user.Role}{teams}{state}");
                }

                return 0;
            case "reset-password":
                var name = line.Positional.ElementAtOrDefault(2) ?? throw new UsageException("Name the user: finops users reset-password NAME.");
                var found = await users.FindByNameAsync(name, cancellationToken) ?? throw new UsageException($"No user named '{name}'.");
                var password = await users.ResetPasswordAsync(found.Id, null, "cli", cancellationToken);
                await stdout.WriteLineAsync($"New password for {found.UserName}: {password}");
                return 0;
            default:
                throw new UsageException("Use 'finops users list' or 'finops users reset-password NAME'.");
        }
    }

    private static async Task<int> UsageTypeAsync(CommandLine line, TextWriter stdout)
    {
        Reject(line, "service");
        var usageType = line.Positional.ElementAtOrDefault(1) ?? throw new UsageException("Give the usage type, e.g. finops usage-type \"USE1-NovaPro-input-tokens\".");
        var c = UsageTypeClassifier.Classify(usageType, line.Option("service"));
        var shown = new
        {
            c.UsageType,
            Model = c.Classified || c.Model != UsageTypeClassifier.UnknownModel ? c.Model : null,
            c.Region,
            c.Direction,
            c.PricingMode,
            c.CrossRegion,
            c.CacheTtl,
            c.Commitment,
            c.Classified,
        };
        await stdout.WriteLineAsync(JsonSerializer.Serialize(shown, Json));
        return 0;
    }

    private async Task<int> RunJobAsync(CommandLine line, TextWriter stdout, CancellationToken cancellationToken)
    {
        var name = line.Positional.ElementAtOrDefault(2) ?? throw new UsageException("Name the job: " + string.Join(", ", JobCatalog.All.Select(j => j.Name)));
        var definition = JobCatalog.All.FirstOrDefault(j => j.Name == name) ?? throw new UsageException($"Unknown job '{name}'. Known: {string.Join(", ", JobCatalog.All.Select(j => j.Name))}.");
        var job = (TrackedJob)services.GetRequiredService(definition.JobType);
        var run = await job.RunTrackedAsync("cli", 1, scheduler: null, cancellationToken);
        await stdout.WriteLineAsync($"{name}: {run.Status} in {run.Duration?.TotalSeconds:0.0} s, {run.RowsWritten:N0} rows. {run.Error ?? run.Message}");
        return run.Status == Domain.Facts.JobRunStatus.Succeeded ? 0 : 1;
    }

    private static void Reject(CommandLine line, params string[] known)
    {
        var unknown = line.UnknownOptions(known).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"Unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}.");
        }
    }

    private static DateOnly DateOption(CommandLine line, string name)
    {
        var value = line.Required(name);
        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new UsageException($"--{name} must be a date as YYYY-MM-DD, not '{value}'.");
    }

    private static int IntOption(CommandLine line, string name, int fallback) => line.Option(name) is { } value
        ? int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw new UsageException($"--{name} must be a whole number, not '{value}'.")
        : fallback;
}
