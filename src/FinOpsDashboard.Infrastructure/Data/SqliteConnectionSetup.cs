using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FinOpsDashboard.Infrastructure.Data;

/// <summary>Per-file and per-connection SQLite settings: WAL so pages read while a job writes, and a busy timeout.</summary>
public static class SqliteConnectionSetup
{
    public const int BusyTimeoutMilliseconds = 10_000;

    public static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        DefaultTimeout = BusyTimeoutMilliseconds / 1000,
    }.ToString();

    /// <summary>journal_mode is stored in the file: set once when the schema is migrated.</summary>
    public static async Task ApplyFileSettingsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = connection.DataSource is ":memory:" or ""
            ? $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};"
            : $"PRAGMA journal_mode = WAL; PRAGMA busy_timeout = {BusyTimeoutMilliseconds};";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>busy_timeout and synchronous are per connection: applied on every open.</summary>
    public sealed class Interceptor : DbConnectionInterceptor
    {
        private const string PerConnection = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;";

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var command = connection.CreateCommand();
            command.CommandText = PerConnection;
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = PerConnection;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
