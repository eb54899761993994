using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace FinOpsDashboard.Infrastructure.Data;

/// <summary>One versioned, forward-only schema script from migrations/ (file name NNNN_description.sql).</summary>
public sealed record SqlMigration(int Version, string Name, string Sql)
{
    public string Checksum { get; } = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));
}

public sealed record MigrationOutcome(int FromVersion, int ToVersion, IReadOnlyList<SqlMigration> Applied);

/// <summary>
/// Applies the SQL scripts in migrations/ in version order, each in its own transaction, and records them in
/// schema_migrations with a checksum so an edited script is caught instead of silently diverging (ADR-004).
/// </summary>
public sealed class SqlMigrator(string connectionString)
{
    private const string HistoryTable = "schema_migrations";

    public static IReadOnlyList<SqlMigration> Embedded { get; } = LoadEmbedded();

    public int LatestVersion => Embedded[^1].Version;

    public async Task<MigrationOutcome> MigrateAsync(int? targetVersion = null, CancellationToken cancellationToken = default)
    {
        var target = targetVersion ?? LatestVersion;
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await SqliteConnectionSetup.ApplyFileSettingsAsync(connection, cancellationToken);

        await ExecuteAsync(connection, null, $"""
            CREATE TABLE IF NOT EXISTS "{HistoryTable}" (
                "Version" INTEGER NOT NULL PRIMARY KEY,
                "Name" TEXT NOT NULL,
                "Checksum" TEXT NOT NULL,
                "AppliedAt" TEXT NOT NULL)
            """, cancellationToken);

        var applied = await ReadAppliedAsync(connection, null, cancellationToken);
        VerifyHistory(applied);
        var from = applied.Count == 0 ? 0 : applied.Keys.Max();
        var done = new List<SqlMigration>();

        foreach (var migration in Embedded.Where(m => m.Version <= target && !applied.ContainsKey(m.Version)))
        {
            // BEGIN IMMEDIATE takes the write lock first, so a web app and a CLI starting together cannot both
            // apply the same script; the history is re-read under the lock.
            await using var transaction = BeginImmediate(connection);
            var appliedNow = await ReadAppliedAsync(connection, transaction, cancellationToken);
            if (appliedNow.ContainsKey(migration.Version))
            {
                await transaction.RollbackAsync(cancellationToken);
                continue;
            }

            try
            {
                await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
                await using var record = connection.CreateCommand();
                record.Transaction = transaction;
                record.CommandText = $"""INSERT INTO "{HistoryTable}" ("Version", "Name", "Checksum", "AppliedAt") VALUES ($v, $n, $c, $a)""";
                record.Parameters.AddWithValue("$v", migration.Version);
                record.Parameters.AddWithValue("$n", migration.Name);
                record.Parameters.AddWithValue("$c", migration.Checksum);
                record.Parameters.AddWithValue("$a", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
                await record.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (SqliteException ex)
            {
                await transaction.RollbackAsync(cancellationToken);
                throw new InvalidOperationException(
                    $"Migration {migration.Version:D4}_{migration.Name}.sql failed and was rolled back; the database stays at version {from}: {ex.Message}", ex);
            }

            done.Add(migration);
        }

        // Re-read rather than derived from what this process applied: another one migrating at the same time may have
        // applied the later scripts, and `db migrate` must report the version the database is really at.
        var to = (await ReadAppliedAsync(connection, null, cancellationToken)).Keys.DefaultIfEmpty(0).Max();
        return new MigrationOutcome(from, to, done);
    }

    /// <summary>
    /// BEGIN IMMEDIATE, reported as SQLITE_BUSY when another process keeps the write lock past the busy timeout. Without
    /// this the caller saw "cannot start a transaction within a transaction": the failed BEGIN leaves the connection
    /// outside autocommit, and Microsoft.Data.Sqlite's busy retry then issues a second BEGIN (found by the CLI's busy test).
    /// </summary>
    private static SqliteTransaction BeginImmediate(SqliteConnection connection)
    {
        try
        {
            return connection.BeginTransaction(deferred: false);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is raw.SQLITE_BUSY or raw.SQLITE_LOCKED || raw.sqlite3_get_autocommit(connection.Handle) == 0)
        {
            if (raw.sqlite3_get_autocommit(connection.Handle) == 0)
            {
                using var rollback = connection.CreateCommand();
                rollback.CommandText = "ROLLBACK";
                rollback.ExecuteNonQuery();
            }

            throw new SqliteException(
                "database is locked: another process held the write lock past the busy timeout while this one waited to migrate", raw.SQLITE_BUSY);
        }
    }

    public async Task<int> CurrentVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = connection.CreateCommand();
        exists.CommandText = $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{HistoryTable}'";
        if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0)
        {
            return 0;
        }

        var applied = await ReadAppliedAsync(connection, null, cancellationToken);
        return applied.Count == 0 ? 0 : applied.Keys.Max();
    }

    private static void VerifyHistory(IReadOnlyDictionary<int, string> applied)
    {
        foreach (var (version, checksum) in applied)
        {
            var known = Embedded.FirstOrDefault(m => m.Version == version)
                ?? throw new InvalidOperationException(
                    $"The database is at schema version {version}, newer than this build knows ({Embedded[^1].Version}). Migrations are forward-only: run a newer build.");
            if (!string.Equals(known.Checksum, checksum, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"Migration {version:D4}_{known.Name}.sql was edited after it was applied to this database. Add a new migration instead of changing an applied one.");
            }
        }
    }

    private static async Task<Dictionary<int, string>> ReadAppliedAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""SELECT "Version", "Checksum" FROM "{HistoryTable}" """;
        var applied = new Dictionary<int, string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetInt32(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<SqlMigration> LoadEmbedded()
    {
        var assembly = typeof(SqlMigrator).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("migrations/", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Parse(assembly, n))
            .OrderBy(m => m.Version)
            .ToList();
        if (migrations.Count == 0)
        {
            throw new InvalidOperationException("No migrations are embedded in the Infrastructure assembly.");
        }

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? migrations
            : throw new InvalidOperationException($"Two migrations share version {duplicate.Key}: {string.Join(", ", duplicate.Select(m => m.Name))}.");
    }

    private static SqlMigration Parse(Assembly assembly, string resourceName)
    {
        var fileName = resourceName["migrations/".Length..^".sql".Length];
        var separator = fileName.IndexOf('_', StringComparison.Ordinal);
        if (separator <= 0 || !int.TryParse(fileName[..separator], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"Migration file '{fileName}.sql' must be named NNNN_description.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resourceName)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return new SqlMigration(version, fileName[(separator + 1)..], reader.ReadToEnd());
    }
}
