using System.Diagnostics;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Demo;
using FinOpsDashboard.Infrastructure.Tests;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FinOpsDashboard.Cli.Tests;

/// <summary>
/// Fault check (issue #8): the process is killed (SIGKILL, no clean-up) in the middle of ingesting, then the next
/// ingestion run resumes. No day may be partial, none duplicated, and the resumed history equals the source's.
/// </summary>
public sealed class KillDuringIngestionTests(ITestOutputHelper output)
{
    // Ten 31-day Cost Explorer windows: with the demo source in-process and fast inserts, three windows (80 days)
    // could all commit back to back before the kill landed.
    private const int HistoryDays = 300;

    [Fact]
    public async Task KilledMidIngestion_LeavesOnlyWholeDays_AndTheNextRunResumesToTheSourcesMoney()
    {
        await using var db = new TestDatabase();
        var info = new ProcessStartInfo(CliExecutable(), ["demo", "--days", HistoryDays.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["Database__Path"] = db.Path;
        using var process = Process.Start(info)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();

        // Kill as soon as a Cost Explorer window has committed, while later windows are in flight. The test looks while
        // holding the write lock, so once a window is seen the process is killed before it can commit another.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!await KillOnceAWindowIsStoredAsync(db, process))
        {
            Assert.True(DateTime.UtcNow < deadline, "ingestion never committed a window");
            Assert.False(process.HasExited, "the demo finished before it could be interrupted");
            await Task.Delay(10);
        }

        await process.WaitForExitAsync();
        var afterKill = await IngestedDaysAsync(db);
        output.WriteLine($"Killed with {afterKill} of {HistoryDays} days stored");
        Assert.InRange(afterKill, 1, HistoryDays - 1);
        var settings = await SettingsAsync(db);
        var workload = new DemoWorkload(new DemoWorkloadOptions { Seed = settings.Seed, AnchorDay = settings.AnchorDay, HistoryDays = settings.HistoryDays }, TimeProvider.System);
        await AssertStoredDaysEqualTheSourceAsync(db, workload);

        // The next scheduled run (here from the CLI, as the scheduler would) fetches what is missing.
        // It looks back further than the history, so every day the kill left out is in its window.
        using (var host = CliHost.Build(new Dictionary<string, string?> { ["Database:Path"] = db.Path, ["Ingestion:CostBackfillDays"] = "320" }))
        {
            var stdout = new StringWriter();
            var exit = await host.Services.GetRequiredService<FinOpsCommands>().RunAsync(["jobs", "run", "cost-ingestion"], stdout, new StringWriter(), CancellationToken.None);
            output.WriteLine(stdout.ToString());
            Assert.Equal(0, exit);
        }

        // Every day of the history is there, plus the empty days the job's look-back reaches before it.
        Assert.True(await IngestedDaysAsync(db) >= HistoryDays);
        Assert.Equal(HistoryDays, await db.ScalarAsync("SELECT count(DISTINCT Date) FROM cost_facts"));
        await AssertStoredDaysEqualTheSourceAsync(db, workload);
    }

    /// <summary>Every stored day holds exactly the source's money for that day (so none is partial or doubled).</summary>
    private static async Task AssertStoredDaysEqualTheSourceAsync(TestDatabase db, DemoWorkload workload)
    {
        await using var context = db.Context();
        var stored = context.CostFacts.Select(f => new { f.Date, f.UnblendedCost }).AsEnumerable()
            .GroupBy(f => f.Date).ToDictionary(g => g.Key, g => Math.Round(g.Sum(f => f.UnblendedCost), 2));
        var days = context.IngestedDays.Select(d => d.Date).ToList();
        Assert.All(stored.Keys, day => Assert.Contains(day, days)); // no fact outside a day recorded as ingested
        foreach (var day in days)
        {
            var source = Math.Round(workload.Ledger(new DateWindow(day, day.AddDays(1))).Sum(l => l.UnblendedCost), 2);
            var held = stored.GetValueOrDefault(day);
            Assert.True(source == held, $"{day}: source {source}, stored {held}");
        }

        Assert.Equal(
            await db.ScalarAsync("SELECT count(*) FROM cost_facts"),
            await db.ScalarAsync("SELECT count(*) FROM (SELECT DISTINCT Source, AccountId, Date, Service, UsageType, Team, Feature FROM cost_facts)"));
    }

    /// <summary>
    /// Takes the write lock (BEGIN IMMEDIATE), so nothing can commit while it looks; if a window is stored, kills the
    /// process before releasing it. Lock waits are short: the CLI's busy timeout (10 s) is never reached.
    /// </summary>
    private static async Task<bool> KillOnceAWindowIsStoredAsync(TestDatabase db, Process process)
    {
        if (!File.Exists(db.Path))
        {
            return false;
        }

        await using var connection = new SqliteConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        await begin.ExecuteNonQueryAsync();
        try
        {
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT count(*) FROM ingested_days";
            if ((long)(await count.ExecuteScalarAsync())! == 0)
            {
                return false;
            }

            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return true;
        }
        catch (SqliteException)
        {
            return false; // not migrated yet
        }
        finally
        {
            await using var rollback = connection.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }
    }

    private static async Task<long> IngestedDaysAsync(TestDatabase db)
    {
        if (!File.Exists(db.Path))
        {
            return 0;
        }

        try
        {
            return await db.ScalarAsync("SELECT count(*) FROM ingested_days");
        }
        catch (SqliteException)
        {
            return 0; // not migrated yet
        }
    }

    private static async Task<DemoSettings> SettingsAsync(TestDatabase db)
    {
        await using var context = db.Context();
        return await DemoSettings.LoadAsync(context, CancellationToken.None) ?? throw new InvalidOperationException("demo settings were not stored");
    }

    private static string CliExecutable()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FinOpsDashboard.sln")))
        {
            dir = dir.Parent;
        }

        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(dir!.FullName, "src", "FinOpsDashboard.Cli", "bin", configuration, "net9.0", "linux-x64", "finops");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build the solution first: {path} is missing.");
    }
}
