using System.Globalization;
using FinOpsDashboard.Domain.Classification;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.AttributionRules;
using FinOpsDashboard.Infrastructure.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace FinOpsDashboard.Infrastructure.Files;

/// <summary>What the store knows about an earlier version of a location.</summary>
internal sealed record PriorRecord(long Id, string Location, string ContentHash, string Status, string? Format, string? AccountIds, string? BillingPeriods);

/// <summary>One file's row in imported_files, with its refused rows.</summary>
internal sealed record FileRecord(string SourceKind, string Location, string ContentHash, long SizeBytes, string Status, string? Error, FileStats Stats);

/// <summary>Everything a unit writes, in one transaction: file records, cost facts (replacing their periods), log hours.</summary>
internal sealed record UnitWrite(
    IReadOnlyList<FileRecord> Files,
    BillingAggregator? Billing,
    IReadOnlyDictionary<string, Dictionary<LogGrain, LogSums>>? LogsByLocation,
    IReadOnlyList<PriorRecord> Superseded,
    DateTime Now,
    long? JobRunId);

/// <summary>
/// Raw ADO.NET writes in one transaction per unit, cost facts through <see cref="CostFactWriter"/>'s prepared INSERT
/// (an order of magnitude faster than EF's change tracker for bulk facts). Values are written exactly as the EF model stores them (ADR-006):
/// money as nano-dollars, quantities as thousandths, dates 'yyyy-MM-dd', timestamps 'yyyy-MM-dd HH:mm:ss.FFFFFFF'.
/// Team and feature are resolved from the raw inputs with the attribution rules read inside the write transaction; the
/// spend rollup of the days written is rebuilt in it too.
/// </summary>
internal sealed class ImportStore(IDbContextFactory<FinOpsDbContext> dbFactory, AttributionRuleStore attributionRules)
{
    private const string DateFormat = CostFactWriter.DateFormat;
    private const string TimestampFormat = CostFactWriter.TimestampFormat;

    public async Task<Dictionary<string, List<PriorRecord>>> PriorAsync(IReadOnlyCollection<string> locations, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, List<PriorRecord>>(StringComparer.Ordinal);
        if (locations.Count == 0)
        {
            return result;
        }

        // Plain SQL: the importer must not pay EF's model build and query compilation on its first file.
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        foreach (var chunk in locations.Chunk(200))
        {
            await using var command = Command(connection, null, $"""
                SELECT "Id", "Location", "ContentHash", "Status", "Format", "AccountIds", "BillingPeriods" FROM "imported_files"
                WHERE "Location" IN ({string.Join(", ", chunk.Select((_, i) => "$l" + i.ToString(CultureInfo.InvariantCulture)))})
                """);
            for (var i = 0; i < chunk.Length; i++)
            {
                command.Parameters.AddWithValue("$l" + i.ToString(CultureInfo.InvariantCulture), chunk[i]);
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = new PriorRecord(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6));
                if (!result.TryGetValue(row.Location, out var list))
                {
                    result[row.Location] = list = [];
                }

                list.Add(row);
            }
        }

        return result;
    }

    /// <summary>Writes a unit; returns the imported_files ids by location.</summary>
    public async Task<Dictionary<string, long>> WriteAsync(UnitWrite write, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();

        return await CostFactWriter.WithLargeCacheAsync(connection, () => WriteInTransactionAsync(db, connection, write, cancellationToken), cancellationToken);
    }

    private async Task<Dictionary<string, long>> WriteInTransactionAsync(FinOpsDbContext db, SqliteConnection connection, UnitWrite write, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var sqlite = (SqliteTransaction)transaction.GetDbTransaction();

        // Under the write lock: a rule version saved before this commit is applied here; one saved after re-attributes us.
        var attribution = await attributionRules.AttributorAsync(db, cancellationToken);

        foreach (var prior in write.Superseded)
        {
            await ExecuteAsync(connection, sqlite, """UPDATE "imported_files" SET "Status" = $status WHERE "Id" = $id""", cancellationToken, ("$status", ImportStatus.Superseded), ("$id", prior.Id));
            await ExecuteAsync(connection, sqlite, """DELETE FROM "import_rejections" WHERE "ImportedFileId" = $id""", cancellationToken, ("$id", prior.Id));
            await ExecuteAsync(connection, sqlite, """DELETE FROM "invocation_log_hourly" WHERE "ImportedFileId" = $id""", cancellationToken, ("$id", prior.Id));
        }

        if (write.Billing is { } billing && (!billing.IsEmpty || write.Superseded.Count > 0))
        {
            var days = await ReplaceCostFactsAsync(connection, sqlite, billing, write.Superseded, attribution, write.Now, cancellationToken);
            await SpendRollup.RebuildAsync(db, days, cancellationToken);
        }

        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var file in write.Files)
        {
            var id = await UpsertFileAsync(connection, sqlite, file, write.Now, write.JobRunId, cancellationToken);
            ids[file.Location] = id;
            await InsertRejectionsAsync(connection, sqlite, id, file, write.Now, cancellationToken);
            if (file.Status is ImportStatus.Imported or ImportStatus.ImportedWithRejections && write.LogsByLocation?.TryGetValue(file.Location, out var hours) == true)
            {
                await InsertLogHoursAsync(connection, sqlite, id, hours, attribution, write.Now, cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return ids;
    }

    /// <summary>
    /// A billing period is replaced as a whole: every fact of the unit's (source, account) in its periods (and in the
    /// days its lines fell on) is deleted, including accounts and periods only an earlier version of these files had.
    /// Returns the days whose facts were deleted or written: their spend rollup is rebuilt in the same transaction.
    /// </summary>
    private static async Task<IReadOnlyList<DateWindow>> ReplaceCostFactsAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        BillingAggregator billing,
        IReadOnlyList<PriorRecord> superseded,
        FactAttributor attribution,
        DateTime now,
        CancellationToken cancellationToken)
    {
        var ranges = new HashSet<(string Source, string AccountId, DateOnly Start, DateOnly End)>();
        foreach (var ((source, account), coverage) in billing.Scope)
        {
            foreach (var period in coverage.Periods)
            {
                ranges.Add((source, account, period.Start, period.End));
            }

            ranges.Add((source, account, coverage.FirstDay, coverage.LastDay.AddDays(1)));
        }

        foreach (var prior in superseded)
        {
            var source = prior.Format switch
            {
                { } f when f.StartsWith("cur", StringComparison.Ordinal) => "cur",
                { } f when f.StartsWith("focus", StringComparison.Ordinal) => "focus",
                _ => null,
            };
            var wasWritten = prior.Status is ImportStatus.Imported or ImportStatus.ImportedWithRejections;
            if (source is null || !wasWritten || string.IsNullOrEmpty(prior.AccountIds) || string.IsNullOrEmpty(prior.BillingPeriods))
            {
                continue;
            }

            foreach (var account in prior.AccountIds.Split(','))
            {
                foreach (var period in prior.BillingPeriods.Split(','))
                {
                    if (DateOnly.TryParseExact(period + "-01", DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
                    {
                        ranges.Add((source, account, start, start.AddMonths(1)));
                    }
                }
            }
        }

        await using (var delete = Command(connection, transaction, """
            DELETE FROM "cost_facts" WHERE "Source" = $source AND "AccountId" = $account AND "Date" >= $start AND "Date" < $end
            """))
        {
            var (source, account, start, end) = (delete.Parameters.Add("$source", SqliteType.Text), delete.Parameters.Add("$account", SqliteType.Text),
                delete.Parameters.Add("$start", SqliteType.Text), delete.Parameters.Add("$end", SqliteType.Text));
            foreach (var range in ranges)
            {
                source.Value = range.Source;
                account.Value = range.AccountId;
                start.Value = range.Start.ToString(DateFormat, CultureInfo.InvariantCulture);
                end.Value = range.End.ToString(DateFormat, CultureInfo.InvariantCulture);
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        var touched = ranges.Select(r => new DateWindow(r.Start, r.End)).ToList();

        // By day first: four of cost_facts' five indexes start with Date, so their B-trees grow at one end instead of
        // splitting pages all over (the unique grain index still sees runs per account).
        var ordered = billing.Facts.ToArray();
        Array.Sort(ordered, static (a, b) =>
        {
            var x = a.Key;
            var y = b.Key;
            var c = x.Date.CompareTo(y.Date);
            c = c != 0 ? c : string.CompareOrdinal(x.Source, y.Source);
            c = c != 0 ? c : string.CompareOrdinal(x.AccountId, y.AccountId);
            c = c != 0 ? c : string.CompareOrdinal(x.Service, y.Service);
            c = c != 0 ? c : string.CompareOrdinal(x.UsageType, y.UsageType);
            c = c != 0 ? c : string.CompareOrdinal(x.TeamTag, y.TeamTag);
            c = c != 0 ? c : string.CompareOrdinal(x.FeatureTag, y.FeatureTag);
            c = c != 0 ? c : string.CompareOrdinal(x.ResourceId, y.ResourceId);
            return c != 0 ? c : string.CompareOrdinal(x.Principal, y.Principal);
        });

        // The connection's transaction is open (BEGIN was issued on it): the writer's statement runs inside it. One
        // CostFact is refilled per row (the writer keeps nothing): ~80,000 short-lived objects a month are 30 MB of garbage.
        using var writer = new CostFactWriter(connection);
        var row = new CostFact
        {
            AccountId = string.Empty, Region = string.Empty, Service = string.Empty, UsageType = string.Empty, Model = string.Empty,
            PricingMode = string.Empty, TokenDirection = string.Empty, Team = string.Empty, Feature = string.Empty, Unit = string.Empty,
            Source = string.Empty, IsEstimated = false, IngestedAt = now,
        };
        foreach (var (grain, sums) in ordered)
        {
            var c = sums.Classification;
            var attributed = attribution.ForCost(grain.AccountId, grain.TeamTag, grain.FeatureTag, grain.ResourceId, grain.Principal);
            row.Date = grain.Date;
            row.AccountId = grain.AccountId;
            row.Region = sums.Region;
            row.Service = grain.Service;
            row.UsageType = grain.UsageType;
            row.Model = c.Model;
            row.PricingMode = c.PricingMode;
            row.TokenDirection = c.Direction;
            row.CrossRegion = c.CrossRegion;
            row.CacheTtl = c.CacheTtl;
            row.IsClassified = c.Classified;
            row.Team = attributed.Team;
            row.Feature = attributed.Feature;
            row.Quantity = sums.Quantity;
            row.Unit = sums.Unit.Unit;
            row.UnblendedCost = sums.UnblendedCost;
            row.AmortizedCost = sums.AmortizedCost;
            row.Source = grain.Source;
            row.TeamTag = grain.TeamTag;
            row.FeatureTag = grain.FeatureTag;
            row.ResourceId = grain.ResourceId;
            row.Principal = grain.Principal;
            writer.Insert(row, cancellationToken);
        }

        if (ordered.Length > 0)
        {
            touched.Add(new DateWindow(ordered[0].Key.Date, ordered[^1].Key.Date.AddDays(1)));
        }

        return touched;
    }

    private static async Task<long> UpsertFileAsync(
        SqliteConnection connection, SqliteTransaction transaction, FileRecord file, DateTime now, long? jobRunId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, """
            INSERT INTO "imported_files" ("SourceKind", "Location", "ContentHash", "SizeBytes", "Format", "BillingPeriods", "AccountIds", "RowsRead",
                "RowsKept", "RowsSkipped", "RowsRejected", "UnknownUnitRows", "Status", "Error", "ImportedAt", "JobRunId")
            VALUES ($kind, $location, $hash, $size, $format, $periods, $accounts, $read, $kept, $skipped, $rejected, $unknownUnits, $status, $error, $at, $run)
            ON CONFLICT ("Location", "ContentHash") DO UPDATE SET
                "SourceKind" = excluded."SourceKind", "SizeBytes" = excluded."SizeBytes", "Format" = excluded."Format",
                "BillingPeriods" = excluded."BillingPeriods", "AccountIds" = excluded."AccountIds", "RowsRead" = excluded."RowsRead",
                "RowsKept" = excluded."RowsKept", "RowsSkipped" = excluded."RowsSkipped", "RowsRejected" = excluded."RowsRejected",
                "UnknownUnitRows" = excluded."UnknownUnitRows", "Status" = excluded."Status", "Error" = excluded."Error",
                "ImportedAt" = excluded."ImportedAt", "JobRunId" = excluded."JobRunId"
            RETURNING "Id"
            """);
        var stats = file.Stats;
        Add(command, "$kind", file.SourceKind);
        Add(command, "$location", file.Location);
        Add(command, "$hash", file.ContentHash);
        Add(command, "$size", file.SizeBytes);
        Add(command, "$format", stats.Format);
        Add(command, "$periods", stats.Periods.Count == 0 ? null : string.Join(',', stats.Periods.Select(Parsing.Period).Distinct()));
        Add(command, "$accounts", stats.Accounts.Count == 0 ? null : string.Join(',', stats.Accounts));
        Add(command, "$read", stats.RowsRead);
        Add(command, "$kept", stats.RowsKept);
        Add(command, "$skipped", stats.RowsSkipped);
        Add(command, "$rejected", stats.RowsRejected);
        Add(command, "$unknownUnits", stats.UnknownUnitRows);
        Add(command, "$status", file.Status);
        Add(command, "$error", file.Error);
        Add(command, "$at", now.ToString(TimestampFormat, CultureInfo.InvariantCulture));
        Add(command, "$run", jobRunId);
        var id = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);

        // A retried version replaces its own earlier rejections and hours.
        await ExecuteAsync(connection, transaction, """DELETE FROM "import_rejections" WHERE "ImportedFileId" = $id""", cancellationToken, ("$id", id));
        await ExecuteAsync(connection, transaction, """DELETE FROM "invocation_log_hourly" WHERE "ImportedFileId" = $id""", cancellationToken, ("$id", id));
        return id;
    }

    private static async Task InsertRejectionsAsync(
        SqliteConnection connection, SqliteTransaction transaction, long fileId, FileRecord file, DateTime now, CancellationToken cancellationToken)
    {
        // A file that could not be read to its end has no trustworthy rows: its error says why.
        if (file.Stats.Rejections.Count == 0 || file.Status == ImportStatus.Failed)
        {
            return;
        }

        await using var insert = Command(connection, transaction, """
            INSERT INTO "import_rejections" ("ImportedFileId", "Location", "LineNumber", "Column", "Reason", "RawLine", "RejectedAt")
            VALUES ($file, $location, $line, $column, $reason, $raw, $at)
            """);
        var line = insert.Parameters.Add("$line", SqliteType.Integer);
        var column = insert.Parameters.Add("$column", SqliteType.Text);
        var reason = insert.Parameters.Add("$reason", SqliteType.Text);
        var raw = insert.Parameters.Add("$raw", SqliteType.Text);
        Add(insert, "$file", fileId);
        Add(insert, "$location", file.Location);
        Add(insert, "$at", now.ToString(TimestampFormat, CultureInfo.InvariantCulture));
        foreach (var rejection in file.Stats.Rejections)
        {
            line.Value = rejection.LineNumber;
            column.Value = (object?)rejection.Column ?? DBNull.Value;
            reason.Value = rejection.Reason;
            raw.Value = (object?)rejection.RawLine ?? DBNull.Value;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task InsertLogHoursAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        long fileId,
        Dictionary<LogGrain, LogSums> hours,
        FactAttributor attribution,
        DateTime now,
        CancellationToken cancellationToken)
    {
        await using var insert = Command(connection, transaction, """
            INSERT INTO "invocation_log_hourly" ("ImportedFileId", "HourStart", "AccountId", "Region", "ModelId", "Model", "Operation", "Team", "Feature",
                "Caller", "RequestCount", "InputTokens", "OutputTokens", "CacheReadInputTokens", "CacheWriteInputTokens", "IngestedAt", "TeamMetadata", "FeatureMetadata")
            VALUES ($file, $hour, $account, $region, $modelId, $model, $operation, $team, $feature, $caller, $requests, $input, $output, $cacheRead, $cacheWrite, $at,
                $teamMetadata, $featureMetadata)
            """);
        var text = new[] { "$hour", "$account", "$region", "$modelId", "$model", "$operation", "$team", "$feature", "$caller", "$teamMetadata", "$featureMetadata" }
            .ToDictionary(n => n, n => insert.Parameters.Add(n, SqliteType.Text), StringComparer.Ordinal);
        var numbers = new[] { "$requests", "$input", "$output", "$cacheRead", "$cacheWrite" }
            .ToDictionary(n => n, n => insert.Parameters.Add(n, SqliteType.Integer), StringComparer.Ordinal);
        Add(insert, "$file", fileId);
        Add(insert, "$at", now.ToString(TimestampFormat, CultureInfo.InvariantCulture));
        insert.Prepare();
        var models = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (grain, sums) in hours)
        {
            if (!models.TryGetValue(grain.ModelId, out var model))
            {
                models[grain.ModelId] = model = ModelCatalog.FromModelId(grain.ModelId);
            }

            text["$hour"].Value = grain.HourStart.ToString(TimestampFormat, CultureInfo.InvariantCulture);
            text["$account"].Value = grain.AccountId;
            text["$region"].Value = grain.Region;
            text["$modelId"].Value = grain.ModelId;
            text["$model"].Value = model;
            text["$operation"].Value = grain.Operation;
            var attributed = attribution.ForLog(grain.AccountId, grain.ModelId, grain.Caller, grain.TeamMetadata, grain.FeatureMetadata);
            text["$team"].Value = attributed.Team;
            text["$feature"].Value = attributed.Feature;
            text["$caller"].Value = grain.Caller;
            text["$teamMetadata"].Value = grain.TeamMetadata;
            text["$featureMetadata"].Value = grain.FeatureMetadata;
            numbers["$requests"].Value = sums.Requests;
            numbers["$input"].Value = sums.InputTokens;
            numbers["$output"].Value = sums.OutputTokens;
            numbers["$cacheRead"].Value = sums.CacheReadInputTokens;
            numbers["$cacheWrite"].Value = sums.CacheWriteInputTokens;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Add(SqliteCommand command, string name, object? value) => command.Parameters.AddWithValue(name, value ?? DBNull.Value);

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
