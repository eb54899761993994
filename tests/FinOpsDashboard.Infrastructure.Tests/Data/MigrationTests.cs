using FinOpsDashboard.Infrastructure.Data;
using Microsoft.Data.Sqlite;

namespace FinOpsDashboard.Infrastructure.Tests.Data;

public sealed class MigrationTests
{
    [Fact]
    public async Task FreshDatabaseMigratedToHead_MatchesTheEfModelExactly()
    {
        await using var migrated = await TestDatabase.MigratedAsync();
        await using var fromModel = new TestDatabase("model.db");
        await using (var context = fromModel.Context())
        {
            await context.Database.EnsureCreatedAsync();
        }

        var expected = await SchemaOf(fromModel.ConnectionString);
        var actual = await SchemaOf(migrated.ConnectionString);

        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var table in expected.Keys)
        {
            Assert.Equal(expected[table].Columns, actual[table].Columns);
            Assert.Equal(expected[table].Indexes, actual[table].Indexes);
        }
    }

    [Fact]
    public async Task MigratingADatabaseWithDataFromTheFirstVersion_KeepsEveryRow()
    {
        await using var db = new TestDatabase();
        var migrator = new SqlMigrator(db.ConnectionString);
        await migrator.MigrateAsync(targetVersion: 1);
        await db.ExecuteAsync("""
            INSERT INTO cost_facts (Date, AccountId, Region, Service, UsageType, Model, PricingMode, TokenDirection, CrossRegion, CacheTtl,
                IsClassified, Team, Feature, Quantity, Unit, UnblendedCost, AmortizedCost, IsEstimated, Source, IngestedAt)
            VALUES ('2026-05-01', '111122223333', 'us-east-1', 'Amazon Bedrock', 'USE1-NovaPro-input-tokens', 'Nova Pro', 'on-demand', 'input', 'none', NULL,
                1, 'search', 'semantic-search', 1500000000, 'tokens', 1234567890123, 1234567890123, 0, 'demo', '2026-05-02 06:15:00');
            INSERT INTO job_runs (JobName, Trigger, Attempt, StartedAt, FinishedAt, Status, RowsWritten, Error, Message)
            VALUES ('cost-ingestion', 'scheduled', 1, '2026-05-02 06:15:00', '2026-05-02 06:15:09', 'succeeded', 1, NULL, 'ok');
            """);

        var outcome = await migrator.MigrateAsync();

        Assert.Equal(1, outcome.FromVersion);
        Assert.Equal(migrator.LatestVersion, outcome.ToVersion);
        await using var context = db.Context();
        var fact = Assert.Single(context.CostFacts);
        Assert.Equal(1234.567890123m, fact.UnblendedCost);
        Assert.Equal(1_500_000m, fact.Quantity);
        Assert.Equal(new DateOnly(2026, 5, 1), fact.Date);
        var run = Assert.Single(context.JobRuns);
        Assert.Equal("succeeded", run.Status);
        Assert.Equal(0, run.CostExplorerRequests);
    }

    [Fact]
    public async Task MigratingTwice_AppliesNothingTheSecondTime()
    {
        await using var db = new TestDatabase();
        var migrator = new SqlMigrator(db.ConnectionString);
        var first = await migrator.MigrateAsync();
        var second = await migrator.MigrateAsync();

        Assert.Equal(SqlMigrator.Embedded.Count, first.Applied.Count);
        Assert.Empty(second.Applied);
        Assert.Equal(SqlMigrator.Embedded.Count, await db.ScalarAsync("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task AnAppliedScriptThatWasEdited_IsRefusedWithAClearMessage()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await db.ExecuteAsync("UPDATE schema_migrations SET Checksum = 'ABC' WHERE Version = 1");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new SqlMigrator(db.ConnectionString).MigrateAsync());

        Assert.Contains("0001_initial.sql was edited after it was applied", error.Message);
    }

    [Fact]
    public async Task ADatabaseFromANewerBuild_IsRefusedNotDowngraded()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await db.ExecuteAsync("INSERT INTO schema_migrations VALUES (999, 'future', 'X', '2030-01-01')");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new SqlMigrator(db.ConnectionString).MigrateAsync());

        Assert.Contains("newer than this build knows", error.Message);
    }

    [Fact]
    public async Task AFileDatabase_IsInWalModeAfterMigration()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await using var connection = new SqliteConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public void EmbeddedMigrations_AreNumberedWithoutGaps()
    {
        var versions = SqlMigrator.Embedded.Select(m => m.Version).ToList();
        Assert.Equal(Enumerable.Range(1, versions.Count), versions);
    }

    private sealed record TableSchema(string Columns, string Indexes);

    /// <summary>Columns (name, type, not null, pk position) and indexes (name, unique, columns) per table, as comparable text.</summary>
    private static async Task<Dictionary<string, TableSchema>> SchemaOf(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        var tables = await Strings(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('schema_migrations', 'sqlite_sequence') ORDER BY name");
        var schema = new Dictionary<string, TableSchema>();
        foreach (var table in tables)
        {
            var columns = await Strings(connection, $"SELECT name || ' ' || type || ' notnull=' || \"notnull\" || ' pk=' || pk FROM pragma_table_info('{table}') ORDER BY name");
            var indexes = await Strings(connection, $"""
                SELECT il.name || ' unique=' || il."unique" || ' (' || (SELECT group_concat(ii.name, ',') FROM (SELECT name FROM pragma_index_info(il.name) ORDER BY seqno) ii) || ')'
                FROM pragma_index_list('{table}') il WHERE il.origin <> 'pk' ORDER BY il.name
                """);
            schema[table] = new TableSchema(string.Join("\n", columns), string.Join("\n", indexes));
        }

        return schema;
    }

    private static async Task<List<string>> Strings(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
