using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.Tests;

/// <summary>A real SQLite file in a temp folder, migrated to head unless asked otherwise; deleted on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("finops-test-").FullName;

    public TestDatabase(string name = "finops.db")
    {
        Path = System.IO.Path.Combine(_folder, name);
        ConnectionString = SqliteConnectionSetup.ConnectionString(Path);
    }

    public string Path { get; }
    public string ConnectionString { get; }

    public static async Task<TestDatabase> MigratedAsync()
    {
        var db = new TestDatabase();
        await new SqlMigrator(db.ConnectionString).MigrateAsync();
        return db;
    }

    public IDbContextFactory<FinOpsDbContext> Factory() => new Factory(ConnectionString);

    public FinOpsDbContext Context() => Factory().CreateDbContext();

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Derives metric_daily_sums from metric_facts as metric ingestion (and migration 0008) does: for tests that
    /// insert hourly points directly instead of ingesting them.
    /// </summary>
    public Task DeriveMetricDailySumsAsync() => ExecuteAsync("""
        DELETE FROM metric_daily_sums;
        INSERT INTO metric_daily_sums (Date, Source, AccountId, Region, ModelId, Model, MetricName, Value)
        SELECT date(Timestamp), Source, AccountId, Region, ModelId, MAX(Model), MetricName, SUM(Value)
        FROM metric_facts WHERE Stat = 'Sum' GROUP BY date(Timestamp), Source, AccountId, Region, ModelId, MetricName;
        """);

    /// <summary>
    /// Rebuilds daily_spend and monthly_spend from cost_facts with the production code, as every write path does in its
    /// transaction: for tests that insert facts directly instead of ingesting or importing them.
    /// </summary>
    public async Task DeriveSpendRollupAsync()
    {
        await using var context = Context();
        await using var transaction = await context.Database.BeginTransactionAsync();
        var first = await context.CostFacts.MinAsync(f => (DateOnly?)f.Date);
        var last = await context.CostFacts.MaxAsync(f => (DateOnly?)f.Date);
        await context.Database.ExecuteSqlRawAsync("DELETE FROM daily_spend; DELETE FROM monthly_spend; DELETE FROM weekly_usage;");
        if (first is { } start && last is { } end)
        {
            await SpendRollup.RebuildAsync(context, new DateWindow(start, end.AddDays(1)), CancellationToken.None);
        }

        await transaction.CommitAsync();
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow finalizer is harmless in a temp folder.
        }

        return ValueTask.CompletedTask;
    }
}

internal sealed class Factory(string connectionString) : IDbContextFactory<FinOpsDbContext>
{
    public FinOpsDbContext CreateDbContext() => new(new DbContextOptionsBuilder<FinOpsDbContext>()
        .UseSqlite(connectionString)
        .AddInterceptors(new SqliteConnectionSetup.Interceptor())
        .Options);
}
