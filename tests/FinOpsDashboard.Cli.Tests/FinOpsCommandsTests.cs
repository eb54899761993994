using System.Globalization;
using System.Text.Json;
using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Data;
using FinOpsDashboard.Infrastructure.Reporting;
using FinOpsDashboard.Infrastructure.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FinOpsDashboard.Cli.Tests;

public sealed class FinOpsCommandsTests
{
    [Fact]
    public async Task DbMigrate_OnAFreshPath_CreatesTheDatabaseAtTheLatestVersion()
    {
        await using var db = new TestDatabase();

        var (exit, stdout, _) = await RunAsync(db, "db", "migrate");

        Assert.Equal(0, exit);
        var latest = SqlMigrator.Embedded[^1].Version;
        Assert.Contains($"schema version {latest} (applied 0001_initial, 0002_ingestion_tracking, ", stdout);
        Assert.Equal(latest, await db.ScalarAsync("SELECT max(Version) FROM schema_migrations"));
    }

    [Fact]
    public async Task DbMigrate_WhileAnotherProcessHoldsTheWriteLockPastTheBusyTimeout_FailsWithOneClearLine_AndChangesNothing()
    {
        await using var db = new TestDatabase();
        await new SqlMigrator(db.ConnectionString).MigrateAsync(targetVersion: 12);
        // Not pooled: a pooled connection would keep the raw BEGIN's lock after disposal.
        await using (var holder = new Microsoft.Data.Sqlite.SqliteConnection(db.ConnectionString + ";Pooling=False"))
        {
            await holder.OpenAsync();
            await using var hold = holder.CreateCommand();
            hold.CommandText = "BEGIN IMMEDIATE";
            await hold.ExecuteNonQueryAsync();

            var (exit, stdout, stderr) = await RunAsync(db, "db", "migrate");

            Assert.Equal(75, exit);
            Assert.Equal("", stdout);
            Assert.Equal(
                $"error: {db.Path}: the database is busy: another process (a migration, import, ingestion or the web app's job) held its write lock "
                + "longer than the 10 s busy timeout. Run the command again when it has finished. Nothing this command was writing was kept.",
                stderr.Trim());
        }

        Assert.Equal(12, await db.ScalarAsync("SELECT max(Version) FROM schema_migrations"));
        var (retryExit, retryOut, _) = await RunAsync(db, "db", "migrate");
        Assert.Equal(0, retryExit);
        Assert.Contains("(applied 0013_weekly_usage_rollup)", retryOut);
    }

    [Fact]
    public async Task Report_NeverSeedsDemoData_OnAnEmptyDatabase()
    {
        await using var db = new TestDatabase();

        var (exit, stdout, _) = await RunAsync(db, "report", "--by", "model", "--from", "2026-11-01", "--to", "2026-11-22");

        Assert.Equal(0, exit);
        Assert.Equal("key,cost_usd", stdout.Trim());
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM cost_facts"));
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM app_settings"));
    }

    [Fact]
    public async Task DemoThenReport_RowsSumToTheStoredTotal_InCsvAndJson()
    {
        await using var db = new TestDatabase();
        var (seedExit, seedOut, _) = await RunAsync(db, "demo", "--days", "40");
        Assert.Equal(0, seedExit);
        Assert.Contains("Demo organisation seeded (seed 42, Standard, 40 days", seedOut);

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var window = new DateWindow(today.AddDays(-30), today);
        var from = window.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = window.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var stored = await new SpendReports(db.Factory()).TotalAsync(new SpendFilter(window), AccessScope.Everything, CancellationToken.None);

        var (csvExit, csv, _) = await RunAsync(db, "report", "--by", "team", "--from", from, "--to", to);
        var (jsonExit, json, _) = await RunAsync(db, "report", "--by", "pricing-mode", "--from", from, "--to", to, "--format", "json");

        Assert.Equal((0, 0), (csvExit, jsonExit));
        var csvRows = csv.Trim().Split('\n').Skip(1).Select(l => decimal.Parse(l[(l.LastIndexOf(',') + 1)..], CultureInfo.InvariantCulture)).ToList();
        Assert.True(csvRows.Count >= 5, "the demo has at least 5 teams");
        Assert.Equal(stored, csvRows.Sum());
        var jsonRows = JsonSerializer.Deserialize<List<JsonElement>>(json)!;
        Assert.Equal(stored, jsonRows.Sum(r => r.GetProperty("costUsd").GetDecimal()));
        Assert.Contains(jsonRows, r => r.GetProperty("key").GetString() == "batch");
        await using var context = db.Context();
        // One seeding run, then the analytics refresh `demo` runs after it (anomalies included).
        Assert.Equal(
            ["analytics-refresh", "demo-seed"],
            await context.JobRuns.Where(r => r.Trigger == "cli" && r.Status == "succeeded").Select(r => r.JobName).OrderBy(n => n).ToListAsync());
    }

    [Theory]
    [InlineData("no arguments", new string[0], "Usage:")]
    [InlineData("unknown command", new[] { "frobnicate" }, "Unknown command 'frobnicate'")]
    [InlineData("missing --by", new[] { "report", "--from", "2026-11-01", "--to", "2026-11-02" }, "--by is required")]
    [InlineData("unknown dimension", new[] { "report", "--by", "colour", "--from", "2026-11-01", "--to", "2026-11-02" }, "Unknown dimension 'colour'")]
    [InlineData("bad date", new[] { "report", "--by", "model", "--from", "01/11/2026", "--to", "2026-11-02" }, "--from must be a date as YYYY-MM-DD")]
    [InlineData("unknown option", new[] { "report", "--by", "model", "--from", "2026-11-01", "--to", "2026-11-02", "--colour", "red" }, "Unknown option(s): --colour")]
    [InlineData("bad format", new[] { "report", "--by", "model", "--from", "2026-11-01", "--to", "2026-11-02", "--format", "xml" }, "--format must be csv or json")]
    [InlineData("bad scale", new[] { "demo", "--scale", "huge" }, "--scale must be standard or large")]
    public async Task WrongWords_ExitWithCode2_AndSayWhatIsWrong(string name, string[] args, string message)
    {
        _ = name;
        await using var db = new TestDatabase();

        var (exit, stdout, stderr) = await RunAsync(db, args);

        Assert.Equal(2, exit);
        Assert.Contains(message, stdout + stderr);
    }

    [Fact]
    public async Task Report_WithToBeforeFrom_IsAnErrorNotAnEmptyReport()
    {
        await using var db = new TestDatabase();

        var (exit, _, stderr) = await RunAsync(db, "report", "--by", "model", "--from", "2026-11-10", "--to", "2026-11-01");

        Assert.Equal(1, exit);
        Assert.Contains("before its start", stderr);
    }

    [Theory]
    [InlineData("plain", "Nova Pro", "Nova Pro")]
    [InlineData("comma quoted", "a,b", "\"a,b\"")]
    [InlineData("quote doubled", "say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("formula neutralised", "=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("at sign neutralised", "@team", "'@team")]
    public void CsvFields_AreQuotedAndSafeForSpreadsheets(string name, string value, string expected)
    {
        _ = name;
        Assert.Equal(expected, Csv.Field(value));
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(TestDatabase db, params string[] args)
    {
        using var host = CliHost.Build(new Dictionary<string, string?> { ["Database:Path"] = db.Path });
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await host.Services.GetRequiredService<FinOpsCommands>().RunAsync(args, stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
