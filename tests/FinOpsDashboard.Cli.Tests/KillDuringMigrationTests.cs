using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using FinOpsDashboard.Infrastructure.Data;
using FinOpsDashboard.Infrastructure.Tests;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace FinOpsDashboard.Cli.Tests;

/// <summary>
/// Fault check (issue #8): the real `finops` process is killed (SIGKILL) while it migrates an older database, then
/// started again. The database is built at schema version 8 with enough cost facts that 0009 (the spend rollups,
/// which re-sums every cost fact) takes a measurable time, and the kill is aimed at that script's transaction.
/// </summary>
public sealed class KillDuringMigrationTests(ITestOutputHelper output)
{
    /// <summary>The version before 0009_daily_spend_rollup, the first script that does real work on stored data.</summary>
    private const int OlderSchema = 8;

    /// <summary>
    /// WAL bytes that mean 0009 is under way: its transaction spills rollup pages to the WAL once the 2 MB page cache
    /// is full, and nothing else writes before it (the WAL is emptied after the database is built).
    /// </summary>
    private const long MidMigrationWalBytes = 1024 * 1024;

    private const string Rollup = "0009_daily_spend_rollup";

    [Fact]
    public async Task KilledMidMigration_LeavesTheOlderSchemaAndEveryRow_AndTheRestartMigratesToHeadWithTheRollupsOnce()
    {
        // A kill that lands after 0009 committed proves nothing: try again with twice the data, and fail if it never lands.
        for (var (facts, attempt) = (100_000, 1); ; (facts, attempt) = (facts * 2, attempt + 1))
        {
            await using var db = new TestDatabase();
            await BuildOlderDatabaseAsync(db, facts);
            var before = await DigestAsync(db, tables: null);

            var kill = await KillWhileMigratingAsync(db);
            output.WriteLine($"Attempt {attempt}, {facts:N0} cost facts: killed {kill.AfterMs} ms after start, WAL {kill.Wal.Bytes:N0} bytes = " +
                $"{kill.Wal.Frames} frames, {kill.Wal.CommitFrames} commit frame(s){(kill.Exited ? "; the migration had finished" : "")}");
            if (kill.Wal.CommitFrames > 0 || kill.Exited)
            {
                Assert.True(attempt < 3, $"The kill landed after 0009 committed even with {facts:N0} cost facts: the test proves nothing.");
                continue;
            }

            // The kill landed inside 0009's transaction: its pages were in the WAL, none of them committed.
            Assert.True(kill.Wal.Frames > 0, "0009 had written nothing when it was killed");
            Assert.Equal("ok", await TextAsync(db, "PRAGMA integrity_check"));
            Assert.Equal(Enumerable.Range(1, OlderSchema), await HistoryAsync(db));
            Assert.Equal(before.Rows, (await DigestAsync(db, tables: null)).Rows); // the same tables (no rollup table), each row intact

            var restart = await RunMigrateAsync(db);
            output.WriteLine(restart);
            Assert.Contains($"schema version {SqlMigrator.Embedded[^1].Version} (applied {Rollup}", restart);
            Assert.Equal("ok", await TextAsync(db, "PRAGMA integrity_check"));
            Assert.Equal(before.Rows, (await DigestAsync(db, tables: before.Tables)).Rows);
            await AssertHistoryIsEveryEmbeddedScriptOnceAsync(db);
            await AssertRollupsHoldEveryFactOnceAsync(db, facts);
            return;
        }
    }

    [Fact]
    public async Task TwoProcessesMigratingTheSameOlderDatabaseAtOnce_ApplyEachScriptOnce_AndBothSucceed()
    {
        // The second waits on the write lock (BEGIN IMMEDIATE, 10 s busy timeout: 0009 takes ~2 s here, 5 s on the large
        // demo) and re-reads the history under it. Both then seed the empty PT settings at the same moment.
        await using var db = new TestDatabase();
        await BuildOlderDatabaseAsync(db, 100_000);
        var before = await DigestAsync(db, tables: null);

        var runs = await Task.WhenAll(RunMigrateAsync(db), RunMigrateAsync(db));
        output.WriteLine(string.Join('\n', runs));

        // Both report the head version, and every pending script was applied by exactly one of them.
        Assert.All(runs, run => Assert.Contains($"schema version {SqlMigrator.Embedded[^1].Version} (", run));
        var applied = runs.Select(run => Regex.Match(run, @"\(applied (.+)\)"))
            .SelectMany(match => match.Success ? match.Groups[1].Value.Split(", ") : []).Order();
        Assert.Equal(SqlMigrator.Embedded.Where(m => m.Version > OlderSchema).Select(m => $"{m.Version:D4}_{m.Name}"), applied);
        Assert.Equal(before.Rows, (await DigestAsync(db, tables: before.Tables)).Rows);
        await AssertHistoryIsEveryEmbeddedScriptOnceAsync(db);
        await AssertRollupsHoldEveryFactOnceAsync(db, 100_000);
    }

    /// <summary>
    /// A database as an older release left it: schema version 8, a year of cost facts over 2 accounts, 20 models, 6
    /// teams and features (about two facts per rollup row), metric points, ingested days, an admin's price and a setting.
    /// </summary>
    private static async Task BuildOlderDatabaseAsync(TestDatabase db, int facts)
    {
        await new SqlMigrator(db.ConnectionString).MigrateAsync(OlderSchema);
        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // Bulk-loaded without the WAL (one write instead of two) and put back in WAL mode, emptied, before the kill run.
        command.CommandText = $"""
            PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF; PRAGMA cache_size = -100000;
            BEGIN;
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {facts - 1})
            INSERT INTO cost_facts (Date, AccountId, Region, Service, UsageType, Model, PricingMode, TokenDirection, CrossRegion, CacheTtl,
                IsClassified, Team, Feature, Quantity, Unit, UnblendedCost, AmortizedCost, IsEstimated, Source, IngestedAt, TeamTag, FeatureTag, ResourceId, Principal)
            SELECT date('2025-01-01', '+' || (i % 365) || ' days'), '11112222333' || (i / 365 % 2), 'us-east-1', 'Amazon Bedrock',
                'USE1-Model' || (i / 730 % 20) || iif(i / 14600 % 2 = 0, '-input-tokens', '-output-tokens'), 'Model ' || (i / 730 % 20),
                'on-demand', iif(i / 14600 % 2 = 0, 'input', 'output'), 'none', NULL, 1, 'team-' || (i / 29200 % 6), 'feature-' || (i / 29200 % 6),
                i * 10, 'tokens', i * 1000 + 17, i * 1000 + 11, 0, 'cur', '2025-12-31 00:00:00', 'team-' || (i / 29200 % 6), '', '', ''
            FROM n;
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 20000 - 1)
            INSERT INTO metric_facts (Timestamp, PeriodSeconds, AccountId, Region, ModelId, Model, MetricName, Stat, Value, Source, IngestedAt)
            SELECT datetime('2025-01-01', '+' || (i % 5000) || ' hours'), 3600, '111122223330', 'us-east-1', 'model-' || (i / 5000), 'Model ' || (i / 5000),
                'InputTokenCount', 'Sum', i * 1.5, 'cloudwatch', '2025-12-31 00:00:00'
            FROM n;
            INSERT INTO metric_daily_sums (Date, Source, AccountId, Region, ModelId, Model, MetricName, Value)
            SELECT date(Timestamp), Source, AccountId, Region, ModelId, MAX(Model), MetricName, SUM(Value) FROM metric_facts GROUP BY 1, 2, 3, 4, 5, 7;
            INSERT INTO ingested_days (Source, AccountId, Date, IsEstimated, FactCount, UnblendedCost, IngestedAt, JobRunId)
            SELECT Source, AccountId, Date, 0, count(*), sum(UnblendedCost), '2025-12-31 00:00:00', 1 FROM cost_facts GROUP BY 1, 2, 3;
            INSERT INTO price_catalog_entries (Model, Region, Direction, PricingMode, CrossRegion, CacheTtl, UsdPerMillion, EffectiveFrom, EffectiveTo,
                Provenance, Note, IsRepresentative, CreatedAt, CreatedBy, UpdatedAt, UpdatedBy)
            VALUES ('Model 1', NULL, 'input', 'on-demand', 'none', NULL, 300000000, '2025-01-01', NULL, 'admin', NULL, 0, '2025-01-01', 'admin', '2025-01-01', 'admin');
            INSERT INTO app_settings (Key, Value, UpdatedAt) VALUES ('older-release', 'kept', '2025-12-31');
            COMMIT;
            PRAGMA journal_mode = WAL;
            PRAGMA wal_checkpoint(TRUNCATE);
            """;
        await command.ExecuteNonQueryAsync();
        SqliteConnection.ClearAllPools();
    }

    private sealed record Kill(long AfterMs, bool Exited, WalContents Wal);

    /// <summary>Starts `finops db migrate` and SIGKILLs it once 0009's transaction is spilling pages to the WAL.</summary>
    private static async Task<Kill> KillWhileMigratingAsync(TestDatabase db)
    {
        var wal = new FileInfo(db.Path + "-wal");
        var watch = Stopwatch.StartNew();
        using var process = Start(db);
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        while (!process.HasExited)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromMinutes(2), "the migration never started writing");
            wal.Refresh();
            if (wal.Exists && wal.Length >= MidMigrationWalBytes)
            {
                break;
            }

            await Task.Delay(2);
        }

        var exited = process.HasExited;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        // Read before anything opens the database: the WAL as the killed process left it.
        return new Kill(watch.ElapsedMilliseconds, exited, WalContents.Read(wal.FullName));
    }

    /// <summary>Frames of the current WAL generation (salts matching the header) and how many of them end a transaction.</summary>
    private sealed record WalContents(long Bytes, int Frames, int CommitFrames)
    {
        public static WalContents Read(string path)
        {
            var bytes = File.Exists(path) ? File.ReadAllBytes(path) : [];
            if (bytes.Length < 32)
            {
                return new WalContents(bytes.Length, 0, 0);
            }

            var pageSize = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8));
            var salts = bytes.AsSpan(16, 8).ToArray();
            var (frames, commits) = (0, 0);
            for (var offset = 32; offset + 24 + pageSize <= bytes.Length; offset += 24 + pageSize)
            {
                if (!bytes.AsSpan(offset + 8, 8).SequenceEqual(salts))
                {
                    break;
                }

                frames++;
                commits += BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset + 4)) != 0 ? 1 : 0;
            }

            return new WalContents(bytes.Length, frames, commits);
        }
    }

    /// <summary>A SHA-256 of every row of each table (in rowid order), so equal digests mean no row changed.</summary>
    private sealed record Digest(IReadOnlyList<string> Tables, string Rows);

    /// <summary>
    /// The digest of the given tables, or of every table there is (so a new one shows up as a difference), except the
    /// migration history, which is checked on its own.
    /// </summary>
    private static async Task<Digest> DigestAsync(TestDatabase db, IReadOnlyList<string>? tables)
    {
        await using var connection = new SqliteConnection(db.ConnectionString);
        await connection.OpenAsync();
        tables ??= await ColumnAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var summary = new StringBuilder();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""SELECT * FROM "{table}" ORDER BY rowid""";
            await using var reader = await command.ExecuteReaderAsync();
            var rows = 0;
            while (await reader.ReadAsync())
            {
                rows++;
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    hash.AppendData(Encoding.UTF8.GetBytes(Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) + "\u001f"));
                }
            }

            summary.Append(CultureInfo.InvariantCulture, $"{table}: {rows} rows; ");
        }

        SqliteConnection.ClearAllPools();
        return new Digest(tables, $"{summary}{Convert.ToHexString(hash.GetHashAndReset())}");
    }

    private static async Task AssertHistoryIsEveryEmbeddedScriptOnceAsync(TestDatabase db)
    {
        await using var connection = new SqliteConnection(db.ConnectionString);
        await connection.OpenAsync();
        var history = await ColumnAsync(connection, """SELECT printf('%04d_%s %s', "Version", "Name", "Checksum") FROM schema_migrations ORDER BY "Version" """);
        Assert.Equal(SqlMigrator.Embedded.Select(m => $"{m.Version:D4}_{m.Name} {m.Checksum}"), history);
    }

    /// <summary>daily_spend is exactly cost_facts grouped (no row missing, partial or counted twice), monthly_spend the same per month.</summary>
    private static async Task AssertRollupsHoldEveryFactOnceAsync(TestDatabase db, int facts)
    {
        const string Grouped = """
            SELECT Date, AccountId, Model, Team, Feature, PricingMode, sum(UnblendedCost), sum(AmortizedCost), count(*)
            FROM cost_facts GROUP BY Date, AccountId, Model, Team, Feature, PricingMode
            """;
        const string Daily = "SELECT Date, AccountId, Model, Team, Feature, PricingMode, UnblendedCost, AmortizedCost, FactCount FROM daily_spend";
        Assert.Equal(0, await db.ScalarAsync($"SELECT count(*) FROM ({Grouped} EXCEPT {Daily})"));
        Assert.Equal(0, await db.ScalarAsync($"SELECT count(*) FROM ({Daily} EXCEPT {Grouped})"));
        Assert.Equal(await db.ScalarAsync($"SELECT count(*) FROM ({Grouped})"), await db.ScalarAsync("SELECT count(*) FROM daily_spend"));
        Assert.Equal(facts, await db.ScalarAsync("SELECT sum(FactCount) FROM daily_spend"));
        Assert.Equal(facts, await db.ScalarAsync("SELECT sum(FactCount) FROM monthly_spend"));
        Assert.Equal(await db.ScalarAsync("SELECT sum(UnblendedCost) FROM cost_facts"), await db.ScalarAsync("SELECT sum(UnblendedCost) FROM monthly_spend"));
        Assert.Equal(0, await db.ScalarAsync("""
            SELECT count(*) FROM (
                SELECT substr(Date, 1, 8) || '01' AS Month, AccountId, Model, Team, Feature, PricingMode, sum(UnblendedCost), sum(AmortizedCost), count(*)
                FROM cost_facts GROUP BY 1, 2, 3, 4, 5, 6
                EXCEPT SELECT Month, AccountId, Model, Team, Feature, PricingMode, UnblendedCost, AmortizedCost, FactCount FROM monthly_spend)
            """));
    }

    private static async Task<IReadOnlyList<int>> HistoryAsync(TestDatabase db)
    {
        await using var connection = new SqliteConnection(db.ConnectionString);
        await connection.OpenAsync();
        return (await ColumnAsync(connection, """SELECT "Version" FROM schema_migrations ORDER BY "Version" """)).Select(int.Parse).ToList();
    }

    private static async Task<string> TextAsync(TestDatabase db, string sql)
    {
        await using var connection = new SqliteConnection(db.ConnectionString);
        await connection.OpenAsync();
        return string.Join('\n', await ColumnAsync(connection, sql));
    }

    private static async Task<List<string>> ColumnAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    private static async Task<string> RunMigrateAsync(TestDatabase db)
    {
        using var process = Start(db);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"finops db migrate exited {process.ExitCode}:\n{await stderr}\n{await stdout}");
        return await stdout;
    }

    private static Process Start(TestDatabase db)
    {
        var binary = Path.Combine(AppContext.BaseDirectory, "finops");
        Assert.True(File.Exists(binary), $"The finops apphost was not copied next to the tests: {binary}");
        var info = new ProcessStartInfo(binary, ["db", "migrate"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["Database__Path"] = db.Path;
        return Process.Start(info)!;
    }
}
