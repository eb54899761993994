using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.Tests.Data;

/// <summary>
/// The raw cost-fact writer (CUR import, Cost Explorer ingestion) must store what EF Core stores for the same fact,
/// byte for byte: the pages, rollups and re-attribution read rows from either path alike.
/// </summary>
public sealed class CostFactWriterTests
{
    [Fact]
    public async Task WrittenRows_AreByteForByteTheRowsEfStores_IncludingRoundingMidpointsNullsAndTimestamps()
    {
        await using var viaEf = await TestDatabase.MigratedAsync();
        await using var viaWriter = await TestDatabase.MigratedAsync();

        await using (var context = viaEf.Context())
        {
            context.CostFacts.AddRange(EdgeFacts());
            await context.SaveChangesAsync();
        }

        await using (var context = viaWriter.Context())
        {
            await context.Database.OpenConnectionAsync();
            await using var transaction = await context.Database.BeginWriteTransactionAsync(CancellationToken.None);
            using (var writer = new CostFactWriter((SqliteConnection)context.Database.GetDbConnection()))
            {
                foreach (var fact in EdgeFacts())
                {
                    writer.Insert(fact, CancellationToken.None);
                }
            }

            await transaction.CommitAsync();
        }

        var expected = await RawRowsAsync(viaEf);
        Assert.Equal(EdgeFacts().Count, expected.Count);
        Assert.Equal(expected, await RawRowsAsync(viaWriter));
    }

    [Fact]
    public async Task WritingOutsideATransaction_IsRefused()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await using var connection = new SqliteConnection(db.ConnectionString);
        await connection.OpenAsync();

        var error = Assert.Throws<InvalidOperationException>(() => new CostFactWriter(connection));

        Assert.Contains("transaction", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancellationDuringABulkWrite_Stops_AndTheRolledBackTransactionLeavesNoRow()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await using var context = db.Context();
        await context.Database.OpenConnectionAsync();
        var cancelled = new CancellationToken(canceled: true);

        await using (var transaction = await context.Database.BeginWriteTransactionAsync(CancellationToken.None))
        {
            using var writer = new CostFactWriter((SqliteConnection)context.Database.GetDbConnection());
            Assert.Throws<OperationCanceledException>(() =>
            {
                for (var i = 0; i < 10_000; i++)
                {
                    writer.Insert(Fact(new DateOnly(2026, 1, 1).AddDays(i / 1000), usageType: $"USE1-Type{i}"), cancelled);
                }
            });
            Assert.InRange(writer.Written, 1, 9_999);
        }

        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM cost_facts"));
    }

    [Fact]
    public async Task TheSameGrainTwice_FailsOnTheUniqueIndex()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await using var context = db.Context();
        await context.Database.OpenConnectionAsync();
        await using var transaction = await context.Database.BeginWriteTransactionAsync(CancellationToken.None);
        using var writer = new CostFactWriter((SqliteConnection)context.Database.GetDbConnection());
        writer.Insert(Fact(new DateOnly(2026, 1, 1)), CancellationToken.None);

        var error = Assert.Throws<SqliteException>(() => writer.Insert(Fact(new DateOnly(2026, 1, 1)), CancellationToken.None));

        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
    }

    /// <summary>Every column of every row as SQLite's storage class and bytes, in Id order; the column list is read from the schema.</summary>
    private static async Task<List<string>> RawRowsAsync(TestDatabase db)
    {
        await using var connection = new SqliteConnection(db.ConnectionString);
        await connection.OpenAsync();
        var columns = new List<string>();
        await using (var info = connection.CreateCommand())
        {
            info.CommandText = "SELECT name FROM pragma_table_info('cost_facts') ORDER BY cid";
            await using var reader = await info.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add(reader.GetString(0));
            }
        }

        Assert.Equal(25, columns.Count);
        await using var select = connection.CreateCommand();
        select.CommandText = $"""SELECT {string.Join(" || '|' || ", columns.Select(c => $"'{c}=' || typeof(\"{c}\") || ':' || hex(\"{c}\")"))} FROM cost_facts ORDER BY "Id" """;
        var rows = new List<string>();
        await using var rowsReader = await select.ExecuteReaderAsync();
        while (await rowsReader.ReadAsync())
        {
            rows.Add(rowsReader.GetString(0));
        }

        return rows;
    }

    /// <summary>Built afresh for each path: EF sets Id on the instances it saves.</summary>
    private static List<CostFact> EdgeFacts() =>
    [
        // Sub-nano midpoints round half to even, both signs; quantities to thousandths the same way.
        Fact(new DateOnly(2026, 11, 20), unblended: 0.0000000005m, amortized: 0.0000000015m, quantity: 0.0005m),
        Fact(new DateOnly(2026, 11, 20), usageType: "USE1-b", unblended: -1.2345678905m, amortized: -0.0000000025m, quantity: 1234567.0015m),
        Fact(new DateOnly(2026, 11, 20), usageType: "USE1-c", unblended: 8_000_000_000.123456789m, amortized: 0m, quantity: -0.0025m),

        // Nulls, flags, unicode and empty raw inputs.
        Fact(new DateOnly(2026, 11, 21), cacheTtl: null, classified: false, estimated: true, team: "données-é", teamTag: "", featureTag: "🚀 launch"),
        Fact(new DateOnly(2026, 11, 21), usageType: "USE1-cache-write", cacheTtl: "1h", resourceId: "arn:aws:bedrock:us-east-1:1:application-inference-profile/x",
            principal: "arn:aws:iam::1:role/app"),

        // Timestamps: a whole second (no fraction written), a tenth, all seven digits, and a non-UTC kind (stored as is).
        Fact(new DateOnly(2026, 11, 22), usageType: "USE1-t1", ingestedAt: new DateTime(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc)),
        Fact(new DateOnly(2026, 11, 22), usageType: "USE1-t2", ingestedAt: new DateTime(2026, 11, 22, 8, 0, 0, 100, DateTimeKind.Utc)),
        Fact(new DateOnly(2026, 11, 22), usageType: "USE1-t3", ingestedAt: new DateTime(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc).AddTicks(1_234_567)),
        Fact(new DateOnly(2026, 11, 22), usageType: "USE1-t4", ingestedAt: new DateTime(2026, 11, 22, 23, 59, 59, DateTimeKind.Unspecified).AddTicks(9_999_999)),

        // Dates at the ends of the range, and back to an earlier day (the writer caches the last day's text).
        Fact(new DateOnly(1, 1, 1)),
        Fact(new DateOnly(9999, 12, 31)),
        Fact(new DateOnly(2026, 11, 20), usageType: "USE1-d"),
    ];

    private static CostFact Fact(
        DateOnly date,
        string usageType = "USE1-NovaPro-input-tokens",
        decimal unblended = 1.5m,
        decimal amortized = 1.25m,
        decimal quantity = 1000m,
        string? cacheTtl = null,
        bool classified = true,
        bool estimated = false,
        string team = "search",
        string teamTag = "search",
        string featureTag = "chat",
        string resourceId = "",
        string principal = "",
        DateTime? ingestedAt = null) => new()
    {
        Date = date,
        AccountId = "123456789012",
        Region = "us-east-1",
        Service = "Amazon Bedrock",
        UsageType = usageType,
        Model = "Nova Pro",
        PricingMode = "on-demand",
        TokenDirection = "input",
        CrossRegion = "none",
        CacheTtl = cacheTtl,
        IsClassified = classified,
        Team = team,
        Feature = "chat",
        Quantity = quantity,
        Unit = "tokens",
        UnblendedCost = unblended,
        AmortizedCost = amortized,
        IsEstimated = estimated,
        Source = "cost-explorer",
        IngestedAt = ingestedAt ?? new DateTime(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc).AddTicks(7_607_053),
        TeamTag = teamTag,
        FeatureTag = featureTag,
        ResourceId = resourceId,
        Principal = principal,
    };
}
