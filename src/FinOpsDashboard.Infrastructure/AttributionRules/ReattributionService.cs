using System.Diagnostics;
using System.Globalization;
using FinOpsDashboard.Domain.Attribution;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Data;
using FinOpsDashboard.Infrastructure.Ingestion;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace FinOpsDashboard.Infrastructure.AttributionRules;

/// <summary>What one re-attribution changed: facts and log hours whose team or feature moved, and the distinct raw-input combinations looked at.</summary>
public sealed record ReattributionResult(int Version, long CostFactsChanged, long LogHoursChanged, int CostCombinations, int LogCombinations, TimeSpan Elapsed)
{
    public long RowsChanged => CostFactsChanged + LogHoursChanged;

    public string Summary =>
        $"Rules v{Version}: {CostFactsChanged.ToString("N0", CultureInfo.InvariantCulture)} cost fact(s) and {LogHoursChanged.ToString("N0", CultureInfo.InvariantCulture)} invocation-log hour(s) re-attributed " +
        $"({CostCombinations.ToString("N0", CultureInfo.InvariantCulture)} + {LogCombinations.ToString("N0", CultureInfo.InvariantCulture)} distinct raw-input combinations checked)";
}

/// <summary>Spend that would move from one team (or feature) to another under edited rules.</summary>
public sealed record AttributionMove(string Target, string From, string To, decimal Cost);

/// <summary>The last days' spend attributed by the active rules and by edited ones, from stored raw inputs; nothing is written.</summary>
public sealed record AttributionPreview(
    DateWindow Window, int ActiveVersion, AttributionCoverage Current, AttributionCoverage Edited, decimal CostChanging, IReadOnlyList<AttributionMove> TopMoves);

/// <summary>
/// Applies the active rule version to facts already stored. Per table, the distinct raw-input combinations (with the
/// team and feature they hold now) are read in one GROUP BY; each combination is resolved once; the combinations whose
/// team or feature changes go into a temporary table, and one UPDATE ... FROM joins the facts to it; the spend rollup of
/// the days changed is re-summed. Everything runs in one transaction that holds SQLite's write lock, so ingestion (which
/// resolves inside its own write transaction) can never interleave: a fact is either written before and re-attributed
/// here, or written after with the new rules.
/// </summary>
public sealed class ReattributionService(IDbContextFactory<FinOpsDbContext> dbFactory, AttributionRuleStore rules, TimeProvider clock)
{
    public const int PreviewDays = 30;
    private const int TopMovesShown = 8;

    public async Task<ReattributionResult> ReattributeAsync(IJobProgress progress, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var sqlite = (SqliteTransaction)transaction.GetDbTransaction();
        var attributor = await rules.AttributorAsync(db, cancellationToken);

        progress.Report($"Re-attributing cost facts with rules v{attributor.Version}", 0.1);
        var costs = await ReattributeTableAsync(
            connection, sqlite, "cost_facts", ["AccountId", "TeamTag", "FeatureTag", "ResourceId", "Principal"],
            raw => attributor.ForCost(raw[0], raw[1], raw[2], raw[3], raw[4]), "Date", cancellationToken);
        if (costs.ChangedDays is { } changedDays)
        {
            progress.Report($"Re-summing daily spend {changedDays}", 0.5);
            await SpendRollup.RebuildAsync(db, changedDays, cancellationToken);
        }

        progress.Report($"Re-attributing invocation-log hours with rules v{attributor.Version}", 0.6);
        var logs = await ReattributeTableAsync(
            connection, sqlite, "invocation_log_hourly", ["AccountId", "ModelId", "Caller", "TeamMetadata", "FeatureMetadata"],
            raw => attributor.ForLog(raw[0], raw[1], raw[2], raw[3], raw[4]), null, cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        return new ReattributionResult(attributor.Version, costs.Changed, logs.Changed, costs.Combinations, logs.Combinations, started.Elapsed);
    }

    /// <summary>
    /// The last <see cref="PreviewDays"/> complete days' unblended spend, attributed by the active rules and by
    /// <paramref name="edited"/>, from the raw inputs stored with each fact.
    /// </summary>
    /// <exception cref="AttributionRulesException">The edited rules do not validate.</exception>
    public async Task<AttributionPreview> PreviewAsync(IReadOnlyList<AttributionRule> edited, CancellationToken cancellationToken)
    {
        var candidate = AttributionRuleSet.Create(edited, rules.Keys);
        var lastDay = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-1);
        var window = DateWindow.Trailing(lastDay, PreviewDays);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var current = await rules.AttributorAsync(db, cancellationToken);
        var proposed = new FactAttributor(0, candidate, rules.Keys);
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = """
            SELECT "AccountId", "TeamTag", "FeatureTag", "ResourceId", "Principal", sum("UnblendedCost")
            FROM "cost_facts" WHERE "Date" >= $start AND "Date" < $end
            GROUP BY "AccountId", "TeamTag", "FeatureTag", "ResourceId", "Principal"
            """;
        ((SqliteCommand)command).Parameters.AddWithValue("$start", window.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        ((SqliteCommand)command).Parameters.AddWithValue("$end", window.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        var before = new List<AttributedSpend>();
        var after = new List<AttributedSpend>();
        var moves = new Dictionary<(string Target, string From, string To), decimal>();
        decimal changing = 0m;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var (account, teamTag, featureTag, resource, principal) = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4));
                var cost = NanoDollarConverter.FromNanos(reader.GetInt64(5));
                var was = current.ForCost(account, teamTag, featureTag, resource, principal);
                var will = proposed.ForCost(account, teamTag, featureTag, resource, principal);
                before.Add(new AttributedSpend(was.Team, was.Feature, cost));
                after.Add(new AttributedSpend(will.Team, will.Feature, cost));
                if (was.Team != will.Team || was.Feature != will.Feature)
                {
                    changing += cost;
                }

                if (was.Team != will.Team)
                {
                    moves[(AttributionTargets.Team, was.Team, will.Team)] = moves.GetValueOrDefault((AttributionTargets.Team, was.Team, will.Team)) + cost;
                }

                if (was.Feature != will.Feature)
                {
                    moves[(AttributionTargets.Feature, was.Feature, will.Feature)] = moves.GetValueOrDefault((AttributionTargets.Feature, was.Feature, will.Feature)) + cost;
                }
            }
        }

        var top = moves.Select(m => new AttributionMove(m.Key.Target, m.Key.From, m.Key.To, m.Value))
            .OrderByDescending(m => Math.Abs(m.Cost)).ThenBy(m => m.Target, StringComparer.Ordinal).ThenBy(m => m.From, StringComparer.Ordinal)
            .Take(TopMovesShown)
            .ToList();
        return new AttributionPreview(window, current.Version, AttributionCoverage.Of(before), AttributionCoverage.Of(after), changing, top);
    }

    /// <summary>
    /// One GROUP BY over the raw inputs, one bulk UPDATE for the combinations that change. Returns rows changed,
    /// combinations seen and, given the table's <paramref name="dateColumn"/>, the days from the first to the last changed row.
    /// </summary>
    private static async Task<(long Changed, int Combinations, DateWindow? ChangedDays)> ReattributeTableAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string table,
        string[] rawColumns,
        Func<string[], AttributionResult> resolve,
        string? dateColumn,
        CancellationToken cancellationToken)
    {
        var raw = string.Join(", ", rawColumns.Select(Quote));
        var changes = new List<(string[] Raw, AttributionResult To)>();
        var pending = new HashSet<string>(StringComparer.Ordinal);
        long expected = 0;
        var combinations = 0;
        await using (var select = Command(connection, transaction, $"""SELECT {raw}, "Team", "Feature", count(*) FROM "{table}" GROUP BY {raw}, "Team", "Feature" """))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                combinations++;
                var values = new string[rawColumns.Length];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = reader.GetString(i);
                }

                var result = resolve(values);
                if (result.Team == reader.GetString(values.Length) && result.Feature == reader.GetString(values.Length + 1))
                {
                    continue;
                }

                expected += reader.GetInt64(values.Length + 2);

                // A raw combination stored under two assignments (e.g. written by two rule versions) is updated once.
                if (pending.Add(string.Join('\u001f', values)))
                {
                    changes.Add((values, result));
                }
            }
        }

        if (changes.Count == 0)
        {
            return (0, combinations, null);
        }

        const string map = "temp.\"reattribution_map\"";
        await ExecuteAsync(connection, transaction, $"DROP TABLE IF EXISTS {map}", cancellationToken);
        await ExecuteAsync(connection, transaction, $"""
            CREATE TABLE {map} ({string.Join(", ", rawColumns.Select(c => Quote(c) + " TEXT NOT NULL"))}, "Team" TEXT NOT NULL, "Feature" TEXT NOT NULL,
                PRIMARY KEY ({raw})) WITHOUT ROWID
            """, cancellationToken);
        await using (var insert = Command(connection, transaction,
            $"INSERT INTO {map} ({raw}, \"Team\", \"Feature\") VALUES ({string.Join(", ", rawColumns.Select((_, i) => "$r" + i.ToString(CultureInfo.InvariantCulture)))}, $team, $feature)"))
        {
            var parameters = rawColumns.Select((_, i) => insert.Parameters.Add("$r" + i.ToString(CultureInfo.InvariantCulture), SqliteType.Text)).ToArray();
            var team = insert.Parameters.Add("$team", SqliteType.Text);
            var feature = insert.Parameters.Add("$feature", SqliteType.Text);
            foreach (var (values, to) in changes)
            {
                for (var i = 0; i < values.Length; i++)
                {
                    parameters[i].Value = values[i];
                }

                team.Value = to.Team;
                feature.Value = to.Feature;
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        var join = string.Join(" AND ", rawColumns.Select(c => $"m.{Quote(c)} = \"{table}\".{Quote(c)}"));
        DateWindow? changedDays = null;
        if (dateColumn is not null)
        {
            await using var span = Command(connection, transaction, $"""
                SELECT min("{table}".{Quote(dateColumn)}), max("{table}".{Quote(dateColumn)}) FROM "{table}" JOIN {map} AS m ON {join}
                WHERE "{table}"."Team" <> m."Team" OR "{table}"."Feature" <> m."Feature"
                """);
            await using var reader = await span.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0))
            {
                var first = DateOnly.ParseExact(reader.GetString(0), "yyyy-MM-dd", CultureInfo.InvariantCulture);
                var last = DateOnly.ParseExact(reader.GetString(1), "yyyy-MM-dd", CultureInfo.InvariantCulture);
                changedDays = new DateWindow(first, last.AddDays(1));
            }
        }

        long changed;
        await using (var update = Command(connection, transaction, $"""
            UPDATE "{table}" SET "Team" = m."Team", "Feature" = m."Feature"
            FROM {map} AS m
            WHERE {join} AND ("{table}"."Team" <> m."Team" OR "{table}"."Feature" <> m."Feature")
            """))
        {
            changed = await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await ExecuteAsync(connection, transaction, $"DROP TABLE {map}", cancellationToken);
        return changed == expected
            ? (changed, combinations, changedDays)
            : throw new InvalidOperationException($"Re-attribution of {table} changed {changed} row(s) where {expected} were expected; rolled back.");
    }

    private static string Quote(string column) => "\"" + column + "\"";

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
