using System.Diagnostics;
using FinOpsDashboard.Domain.Attribution;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.AttributionRules;
using FinOpsDashboard.Infrastructure.Data;
using FinOpsDashboard.Infrastructure.Demo;
using FinOpsDashboard.Infrastructure.Ingestion;
using FinOpsDashboard.Infrastructure.Tests.Demo;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace FinOpsDashboard.Infrastructure.Tests.Faults;

/// <summary>
/// Storage faults during ingestion (issue #8): another process holding the write lock, and the disk filling up under the
/// database. Each must fail the run with a clear error, leave the stored days exactly as they were, and let the next run
/// complete to the ledger's money.
/// </summary>
public sealed class StorageFaultTests(ITestOutputHelper output)
{
    private static readonly DateOnly Anchor = new(2026, 11, 21);

    [Fact]
    public async Task DatabaseLockedByAnotherWriter_FailsTheRunClearly_ChangesNothing_AndTheNextRunCompletes()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var clock = new FixedTimeProvider(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
        var (workload, source, service, window) = Setup(db.Factory(), clock);
        await service.IngestAsync(source, window, 1, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None);
        var before = await SnapshotAsync(db.Factory());

        // Three days later another process (a backup tool, a second app instance) holds the write lock throughout the run.
        clock.Now = clock.Now.AddDays(3);
        var later = new DateWindow(window.Start, Anchor.AddDays(4));
        await using (var other = new SqliteConnection(db.ConnectionString))
        {
            await other.OpenAsync();
            await using (var begin = other.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE; INSERT INTO app_settings (Key, Value, UpdatedAt) VALUES ('lock-holder', 'x', '2026-11-25');";
                await begin.ExecuteNonQueryAsync();
            }

            var watch = Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<SqliteException>(() =>
                service.IngestAsync(source, later, 2, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None));
            output.WriteLine($"Locked: failed after {watch.Elapsed.TotalSeconds:N1} s with: {error.Message}");
            Assert.Equal(5, error.SqliteErrorCode); // SQLITE_BUSY, after the busy timeout
            Assert.Contains("locked", error.Message, StringComparison.OrdinalIgnoreCase);
            Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(SqliteConnectionSetup.BusyTimeoutMilliseconds / 1000.0 * 0.9), "it waited for the lock first");

            await using var rollback = other.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }

        Assert.Equal(before, await SnapshotAsync(db.Factory()));

        // The lock is gone: the retry completes, to the ledger's money.
        await service.IngestAsync(source, later, 3, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None);
        await AssertMatchesLedgerAsync(db.Factory(), workload, later);
    }

    [Fact]
    public async Task DiskFullOnTheDatabasePath_FailsTheRunClearly_ChangesNothing_AndTheNextRunCompletesOnceThereIsSpace()
    {
        // A real small filesystem under the database (tmpfs), filled up by another file so the ingestion's writes hit
        // ENOSPC. Needs root (as CI and the dev machines have); refuses clearly otherwise.
        var mountPoint = Directory.CreateTempSubdirectory("finops-full-").FullName;
        Mount($"-t tmpfs -o size=6m tmpfs {mountPoint}");
        try
        {
            var path = Path.Combine(mountPoint, "finops.db");
            var connectionString = SqliteConnectionSetup.ConnectionString(path);
            await new SqlMigrator(connectionString).MigrateAsync();
            var factory = new Factory(connectionString);
            var clock = new FixedTimeProvider(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
            var (workload, source, service, window) = Setup(factory, clock);
            var before = await SnapshotAsync(factory);

            // Leave ~64 KB free: far less than the window's facts need.
            var filler = Path.Combine(mountPoint, "filler.bin");
            await FillAsync(filler, mountPoint, leaveBytes: 64 * 1024);

            var error = await Assert.ThrowsAsync<SqliteException>(() =>
                service.IngestAsync(source, window, 1, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None));
            output.WriteLine($"Disk full: {error.Message}");
            Assert.Equal(13, error.SqliteErrorCode); // SQLITE_FULL: "database or disk is full"
            SqliteConnection.ClearAllPools();
            Assert.Equal(before, await SnapshotAsync(factory));

            File.Delete(filler);
            await service.IngestAsync(source, window, 2, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None);
            await AssertMatchesLedgerAsync(factory, workload, window);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Mount($"-l {mountPoint}", command: "umount");
        }
    }

    private static (DemoWorkload Workload, IngestionSource Source, CostIngestionService Service, DateWindow Window) Setup(IDbContextFactory<FinOpsDbContext> factory, TimeProvider clock)
    {
        var workload = new DemoWorkload(new DemoWorkloadOptions { Seed = 42, AnchorDay = Anchor, HistoryDays = 30 }, clock);
        var source = new IngestionSource("demo", DemoWorkload.AccountId, true, workload, workload, [new RegionalApis("us-east-1", workload, workload, workload)]);
        var service = new CostIngestionService(factory, Options.Create(new IngestionOptions()), new AttributionRuleStore(factory, AttributionKeys.Default, clock), clock);
        return (workload, source, service, new DateWindow(Anchor.AddDays(-29), Anchor.AddDays(1)));
    }

    /// <summary>Every stored fact and ingested day, as text: equal snapshots mean nothing changed.</summary>
    private static async Task<string> SnapshotAsync(IDbContextFactory<FinOpsDbContext> factory)
    {
        await using var context = await factory.CreateDbContextAsync();
        var facts = await context.CostFacts.OrderBy(f => f.Date).ThenBy(f => f.Service).ThenBy(f => f.UsageType).ThenBy(f => f.Team).ThenBy(f => f.Feature)
            .Select(f => $"{f.Date}|{f.UsageType}|{f.Team}|{f.Feature}|{f.UnblendedCost}|{f.IsEstimated}")
            .ToListAsync();
        var days = await context.IngestedDays.OrderBy(d => d.Date).Select(d => $"{d.Date}|{d.IsEstimated}").ToListAsync();
        return $"{facts.Count} facts, {days.Count} days\n{string.Join('\n', facts)}\n{string.Join('\n', days)}";
    }

    /// <summary>Each day of the window holds exactly what Cost Explorer shows for it now: no day partial, none twice.</summary>
    private static async Task AssertMatchesLedgerAsync(IDbContextFactory<FinOpsDbContext> factory, DemoWorkload workload, DateWindow window)
    {
        await using var context = await factory.CreateDbContextAsync();
        var stored = (await context.CostFacts.Select(f => new { f.Date, f.UnblendedCost }).ToListAsync())
            .GroupBy(f => f.Date).ToDictionary(g => g.Key, g => Math.Round(g.Sum(f => f.UnblendedCost), 2));
        var ledger = workload.Ledger(window).GroupBy(l => l.Date).ToDictionary(g => g.Key, g => Math.Round(g.Sum(l => l.UnblendedCost), 2));
        Assert.Equal(ledger.Keys.Order(), stored.Keys.Order());
        foreach (var (day, cost) in ledger)
        {
            Assert.True(cost == stored[day], $"{day}: ledger {cost}, stored {stored[day]}");
        }
    }

    private static async Task FillAsync(string path, string mountPoint, long leaveBytes)
    {
        var free = new DriveInfo(mountPoint).AvailableFreeSpace;
        var buffer = new byte[64 * 1024];
        await using var stream = File.Create(path);
        for (long written = 0; written < free - leaveBytes; written += buffer.Length)
        {
            await stream.WriteAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, free - leaveBytes - written)));
        }
    }

    private static void Mount(string arguments, string command = "mount")
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{command} {arguments}` failed ({process.ExitCode}): {error}. The disk-full check needs root to mount a small tmpfs.");
        }
    }
}
