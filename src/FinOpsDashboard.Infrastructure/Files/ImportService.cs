using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.AttributionRules;
using FinOpsDashboard.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Files;

/// <summary>
/// Imports CUR 2.0 / FOCUS 1.x bills and Bedrock invocation logs from a local file or folder or an S3 prefix.
/// Each object is identified by location + ETag (S3) or SHA-256 (local): the same version is never imported twice,
/// a new version replaces the old. Billing files of one export version are read, aggregated to the cost-fact grain and
/// written in one transaction that replaces their billing periods; a log file is one transaction of hourly sums.
/// Bad input never throws: a bad row becomes a rejection, a bad file a rejected or failed file, and nothing stored
/// before is lost.
/// </summary>
public sealed partial class ImportService(
    IDbContextFactory<FinOpsDbContext> dbFactory,
    IOptions<ImportOptions> options,
    IS3ClientFactory s3,
    AttributionRuleStore attributionRules,
    TimeProvider clock,
    ILogger<ImportService> logger)
{
    /// <summary>How many rejections a summary carries (all are counted and, up to a cap per file, stored).</summary>
    public const int FirstRejectionsKept = 20;

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);
    private readonly ImportStore _store = new(dbFactory, attributionRules);

    public Task<ImportSummary> ImportAsync(string pathOrS3Url, IImportProgress progress, CancellationToken cancellationToken) =>
        ImportAsync(pathOrS3Url, new ImportRequest(), progress, cancellationToken);

    /// <exception cref="ImportSourceException">The path does not exist or the S3 prefix cannot be listed.</exception>
    public async Task<ImportSummary> ImportAsync(string pathOrS3Url, ImportRequest request, IImportProgress progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrS3Url);
        var settings = options.Value;
        var run = new RunState(pathOrS3Url, progress, settings.MaxStoredRejectionsPerFile, clock.GetUtcNow().UtcDateTime);
        using var source = OpenSource(pathOrS3Url);
        var objects = await source.ListAsync(cancellationToken);
        var plan = await ImportPlanner.PlanAsync(source, objects, cancellationToken);
        run.FilesTotal = plan.Units.Sum(u => u.AllObjects.Count());
        foreach (var item in plan.SupersededByManifest)
        {
            run.Files.Add(new ImportFileResult(item.Location, "ignored: an older version (not in the current manifest)", null, 0, 0, 0, 0, 0, null));
        }

        var context = new UnitContext(
            source,
            request.RejectWholeFileOnBadRow ?? settings.RejectWholeFileOnBadRow,
            request.JobRunId,
            new TagAttribution(settings.EffectiveTeamTagKeys, settings.EffectiveFeatureTagKeys),
            new InvocationLogReader(settings.EffectiveTeamMetadataKeys, settings.EffectiveFeatureMetadataKeys, settings.MaxLogLineBytes, settings.MaxFieldLength),
            settings);
        var done = 0;
        foreach (var unit in plan.Units)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await ImportUnitAsync(unit, context, run, cancellationToken);
            done += unit.AllObjects.Count();
            run.FilesDone = done;
        }

        run.Report(force: true);
        var summary = run.Summary();
        logger.LogInformation(
            "Imported {Source}: {Imported} file(s) imported, {Skipped} skipped, {Failed} failed, {Rejected} rejected; {Kept} row(s) kept, {RowsSkipped} skipped, {RowsRejected} rejected in {Seconds:0.0} s",
            pathOrS3Url, summary.FilesImported, summary.FilesSkipped, summary.FilesFailed, summary.FilesRejected, summary.RowsKept, summary.RowsSkipped, summary.RowsRejected, summary.Elapsed.TotalSeconds);
        return summary;
    }

    private IImportSource OpenSource(string pathOrS3Url) =>
        pathOrS3Url.StartsWith("s3://", StringComparison.OrdinalIgnoreCase)
            ? new S3ImportSource(pathOrS3Url, s3)
            : new LocalImportSource(pathOrS3Url);

    private async Task ImportUnitAsync(ImportUnit unit, UnitContext context, RunState run, CancellationToken cancellationToken)
    {
        var source = context.Source;
        var items = unit.AllObjects.ToList();
        var priors = await _store.PriorAsync(items.Select(i => i.Location).ToList(), cancellationToken);
        var hashes = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            // A local file already seen must be hashed first to know whether it changed; a new one is hashed while read.
            hashes[item.Location] = unit.Manifest?.Item == item ? unit.Manifest.Hash
                : item.ETag is { } etag ? "etag:" + etag
                : item.Size > context.Limits.MaxFileBytes ? Unread(item)
                : priors.ContainsKey(item.Location) || unit.UnsupportedReason is not null ? await HashOrPlaceholderAsync(source, item, cancellationToken)
                : null;
        }

        if (items.All(i => hashes[i.Location] is { } hash && priors.GetValueOrDefault(i.Location)?.Any(p => p.ContentHash == hash && IsFinal(p.Status)) == true))
        {
            foreach (var item in items)
            {
                run.FilesSkipped++;
                run.Files.Add(new ImportFileResult(item.Location, "skipped: already imported (same content)", null, 0, 0, 0, 0, 0, null));
            }

            return;
        }

        var write = unit switch
        {
            { UnsupportedReason: { } reason } => Rejected(unit.Files[0], context, hashes[unit.Files[0].Location]!, reason, run),
            { Manifest: { Error: { } error } manifest } => ManifestProblem(unit, manifest, context, ImportStatus.Rejected, error, run),
            { Manifest: { Missing.Count: > 0 } manifest } => ManifestProblem(
                unit, manifest, context, ImportStatus.Failed, $"{manifest.Missing.Count} data file(s) the manifest lists were not found: {string.Join(", ", manifest.Missing.Take(3))}", run),
            _ => await ReadUnitAsync(unit, context, hashes, priors, run, cancellationToken),
        };

        try
        {
            await _store.WriteAsync(write, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidDataException or OverflowException)
        {
            // Sums beyond the storable range: the unit is refused as a whole, what was stored stays.
            var failed = write with
            {
                Files = write.Files.Select(f => f with { Status = ImportStatus.Failed, Error = ex.Message }).ToList(),
                Billing = null,
                LogsByLocation = null,
                Superseded = [],
            };
            await _store.WriteAsync(failed, cancellationToken);
            run.Reclassify(write.Files, ImportStatus.Failed, ex.Message);
        }
    }

    /// <summary>Reads every file of the unit (stopping at the first that cannot be read) and decides what is written.</summary>
    private async Task<UnitWrite> ReadUnitAsync(
        ImportUnit unit, UnitContext context, Dictionary<string, string?> hashes, Dictionary<string, List<PriorRecord>> priors, RunState run, CancellationToken cancellationToken)
    {
        var billing = new BillingAggregator();
        var logs = new Dictionary<string, Dictionary<LogGrain, LogSums>>(StringComparer.Ordinal);
        var read = new List<(ImportObject Item, FileStats Stats)>();
        (ImportObject Item, FileStats Stats, string Error)? failure = null;
        foreach (var item in unit.Files)
        {
            var stats = new FileStats(item.Location, run.MaxStoredRejections);
            if (item.Size > context.Limits.MaxFileBytes)
            {
                // Not even opened: the size alone says it would be cut off, after taking the import's time for nothing.
                hashes[item.Location] ??= Unread(item);
                failure = (item, stats, $"The file is {item.Size:N0} bytes, more than the {context.Limits.MaxFileBytes:N0} Imports:MaxFileBytes allows: it was not read.");
                break;
            }

            try
            {
                hashes[item.Location] = await ReadFileAsync(item, stats, context, billing, logs, hashes[item.Location], run, cancellationToken);
                read.Add((item, stats));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Import of {Location} failed: {Error}", item.Location, ex.Message);
                hashes[item.Location] ??= await HashOrPlaceholderAsync(context.Source, item, cancellationToken);
                failure = (item, stats, Describe(ex));
                break;
            }
        }

        var now = run.Now;
        var manifest = unit.Manifest;
        if (context.RejectWholeFile)
        {
            foreach (var (_, stats) in read.Where(r => r.Stats.RowsRejected > 0 && r.Stats.RejectedWholeReason is null))
            {
                stats.RejectedWholeReason = $"{stats.RowsRejected:N0} bad row(s) and Imports:RejectWholeFileOnBadRow is on: nothing was imported from this file.";
            }
        }

        var blocker = failure is { } f ? (f.Item.Location, $"could not be read: {f.Error}")
            : read.FirstOrDefault(r => r.Stats.RejectedWholeReason is not null && r.Stats.Format is not null) is { Item: not null } bad
                ? (bad.Item.Location, "was rejected")
                : ((string Location, string Why)?)null;

        var records = new List<FileRecord>();
        if (blocker is { } b && unit.IsBilling)
        {
            // One part of an export period cannot be written without the others: nothing of this unit is.
            foreach (var (item, stats) in read)
            {
                var (status, error) = stats.RejectedWholeReason is { } reason ? (ImportStatus.Rejected, reason)
                    : (ImportStatus.Failed, $"Not imported: {b.Location} of the same export {b.Why}.");
                records.Add(Record(item, context.Source.Kind, hashes[item.Location]!, status, error, stats));
            }

            if (manifest is not null)
            {
                records.Add(Record(manifest.Item, context.Source.Kind, manifest.Hash, ImportStatus.Failed, $"Not imported: {b.Location} {b.Why}.", new FileStats(manifest.Item.Location, 0) { Format = "manifest" }));
            }

            if (failure is { } ff)
            {
                records.Add(Record(ff.Item, context.Source.Kind, hashes[ff.Item.Location]!, ImportStatus.Failed, ff.Error, ff.Stats));
            }

            run.Add(records, unit.Files.Count + (manifest is null ? 0 : 1) - records.Count);
            return new UnitWrite(records, null, null, [], now, context.JobRunId);
        }

        foreach (var (item, stats) in read)
        {
            var (status, error) = stats.RejectedWholeReason is { } reason ? (ImportStatus.Rejected, reason)
                : stats.RowsRejected > 0 ? (ImportStatus.ImportedWithRejections, (string?)null)
                : (ImportStatus.Imported, null);
            records.Add(Record(item, context.Source.Kind, hashes[item.Location]!, status, error, stats));
            if (status == ImportStatus.Rejected)
            {
                logs.Remove(item.Location);
            }
        }

        if (failure is { } single)
        {
            // Whatever the failed file yielded before it broke is dropped with it.
            records.Add(Record(single.Item, context.Source.Kind, hashes[single.Item.Location]!, ImportStatus.Failed, single.Error, single.Stats));
            logs.Remove(single.Item.Location);
        }

        if (manifest is not null)
        {
            records.Add(Record(manifest.Item, context.Source.Kind, manifest.Hash, ImportStatus.Imported, null, new FileStats(manifest.Item.Location, 0) { Format = "manifest" }));
        }

        // Only a version that was written replaces the one before it.
        var written = records.Where(r => r.Status is ImportStatus.Imported or ImportStatus.ImportedWithRejections).Select(r => r.Location).ToHashSet(StringComparer.Ordinal);
        var superseded = priors
            .Where(p => written.Contains(p.Key))
            .SelectMany(p => p.Value.Where(v => v.Status != ImportStatus.Superseded && v.ContentHash != hashes[p.Key]))
            .ToList();
        run.Add(records, 0);
        // The content decides the format: a log-named object may hold a bill, so the aggregate is always passed on.
        return new UnitWrite(records, failure is null ? billing : null, logs, superseded, now, context.JobRunId);
    }

    /// <summary>Opens, sniffs and reads one file into the unit's sums; returns its content hash.</summary>
    private async Task<string> ReadFileAsync(
        ImportObject item,
        FileStats stats,
        UnitContext context,
        BillingAggregator billing,
        Dictionary<string, Dictionary<LogGrain, LogSums>> logs,
        string? knownHash,
        RunState run,
        CancellationToken cancellationToken)
    {
        var stream = await context.Source.OpenAsync(item, cancellationToken);
        OpenedContent opened;
        try
        {
            opened = OpenedContent.Open(stream, hash: knownHash is null);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }

        using var content = opened;
        run.StartFile(item.Location, content);
        try
        {
            await Task.Run(
                () =>
                {
                    // Not disposed here: the content (and its hash) outlives the parse.
                    var limited = new SizeLimitStream(content.Content, context.Limits.MaxFileBytes);
                    var (head, length) = Sniff(limited);
                    var body = new PrefixedStream(head, length, limited);
                    if (IsLogStart(head.AsSpan(0, length)))
                    {
                        var sums = new Dictionary<LogGrain, LogSums>();
                        context.Logs.Read(body, item.Location, stats, sums, run.Rows, cancellationToken);
                        logs[item.Location] = sums;
                    }
                    else
                    {
                        new BillingCsvReader(context.Tags, context.Limits.MaxCsvLineBytes, context.Limits.MaxFieldLength).Read(body, stats, billing, run.Rows, cancellationToken);
                    }

                    if (stats.RejectedWholeReason is null || stats.Format is not null)
                    {
                        content.VerifyComplete();
                    }
                },
                cancellationToken);
            return knownHash ?? content.Sha256();
        }
        finally
        {
            run.EndFile(content);
        }
    }

    /// <summary>The first bytes of the (decompressed) content, to tell JSON logs from CSV.</summary>
    private static (byte[] Head, int Length) Sniff(Stream content)
    {
        var head = new byte[512];
        var length = 0;
        while (length < head.Length)
        {
            var n = content.Read(head, length, head.Length - length);
            if (n == 0)
            {
                break;
            }

            length += n;
        }

        return (head, length);
    }

    /// <summary>A JSON object, or a CloudWatch Logs export line "2026-05-01T10:00:00.000Z {".</summary>
    private static bool IsLogStart(ReadOnlySpan<byte> head)
    {
        var text = head.StartsWith("\uFEFF"u8) ? head[3..] : head;
        text = text.TrimStart(" \t\r\n"u8);
        if (!text.IsEmpty && text[0] == (byte)'{')
        {
            return true;
        }

        var line = text[..Math.Min(text.Length, 64)];
        return ExportLinePrefix().IsMatch(System.Text.Encoding.ASCII.GetString(line));
    }

    private static UnitWrite Rejected(ImportObject item, UnitContext context, string hash, string reason, RunState run)
    {
        var record = Record(item, context.Source.Kind, hash, ImportStatus.Rejected, reason, new FileStats(item.Location, 0));
        run.Add([record], 0);
        return new UnitWrite([record], null, null, [], run.Now, context.JobRunId);
    }

    private static UnitWrite ManifestProblem(ImportUnit unit, ManifestInfo manifest, UnitContext context, string status, string error, RunState run)
    {
        var record = Record(manifest.Item, context.Source.Kind, manifest.Hash, status, error, new FileStats(manifest.Item.Location, 0) { Format = "manifest" });
        run.Add([record], 0);
        foreach (var file in unit.Files)
        {
            run.Files.Add(new ImportFileResult(file.Location, "failed: not imported (its manifest " + status + ")", null, 0, 0, 0, 0, 0, error));
            run.FilesFailed++;
        }

        return new UnitWrite([record], null, null, [], run.Now, context.JobRunId);
    }

    private static FileRecord Record(ImportObject item, string kind, string hash, string status, string? error, FileStats stats) =>
        new(kind, item.Location, hash, item.Size, status, error, stats);

    /// <summary>The identity of a file too large to read (Imports:MaxFileBytes): its size stands in for a hash nobody should spend minutes on.</summary>
    private static string Unread(ImportObject item) => "unread:" + item.Size.ToString(CultureInfo.InvariantCulture);

    private static bool IsFinal(string status) => status is ImportStatus.Imported or ImportStatus.ImportedWithRejections or ImportStatus.Rejected;

    private static string Describe(Exception ex) => ex switch
    {
        InvalidDataException => ex.Message,
        IOException => "I/O error: " + ex.Message,
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };

    private static async Task<string> HashAsync(IImportSource source, ImportObject item, CancellationToken cancellationToken)
    {
        await using var stream = await source.OpenAsync(item, cancellationToken);
        return "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    /// <summary>The failed file still needs an identity for its record; an unreadable one gets a size-based placeholder.</summary>
    private static async Task<string> HashOrPlaceholderAsync(IImportSource source, ImportObject item, CancellationToken cancellationToken)
    {
        try
        {
            return await HashAsync(source, item, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "unreadable:" + item.Size.ToString(CultureInfo.InvariantCulture);
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z\s+\{", RegexOptions.CultureInvariant)]
    private static partial Regex ExportLinePrefix();

    private sealed record UnitContext(IImportSource Source, bool RejectWholeFile, long? JobRunId, TagAttribution Tags, InvocationLogReader Logs, ImportOptions Limits);

    /// <summary>Counters of one run, and throttled progress.</summary>
    private sealed class RunState(string source, IImportProgress progress, int maxStoredRejections, DateTime now)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<ImportRejectionInfo> _firstRejections = [];
        private TimeSpan _lastReport = TimeSpan.MinValue;
        private OpenedContent? _current;
        private string _currentFile = string.Empty;
        private long _bytesDone;
        private long _rowsRead;

        public int MaxStoredRejections { get; } = maxStoredRejections;
        public int FilesTotal { get; set; }
        public int FilesDone { get; set; }
        public int FilesImported { get; set; }
        public int FilesSkipped { get; set; }
        public int FilesFailed { get; set; }
        public int FilesRejected { get; set; }
        public List<ImportFileResult> Files { get; } = [];
        public DateTime Now { get; } = now;

        private long RowsRead { get; set; }

        private long RowsKept { get; set; }
        private long RowsSkipped { get; set; }
        private long RowsRejected { get; set; }

        public void StartFile(string location, OpenedContent content)
        {
            _currentFile = location;
            _current = content;
            Report(force: true);
        }

        public void EndFile(OpenedContent content)
        {
            _bytesDone += content.RawBytesRead;
            _current = null;
        }

        /// <summary>Called by the readers every few thousand rows.</summary>
        public void Rows(long count)
        {
            Interlocked.Add(ref _rowsRead, count);
            Report(force: false);
        }

        public void Report(bool force)
        {
            var elapsed = _clock.Elapsed;
            if (!force && elapsed - _lastReport < ProgressInterval)
            {
                return;
            }

            _lastReport = elapsed;
            var bytes = _bytesDone + (_current?.RawBytesRead ?? 0);
            progress.Report(new ImportProgress(_currentFile, FilesDone, FilesTotal, Interlocked.Read(ref _rowsRead), bytes, elapsed));
        }

        /// <summary>Counts a unit's file records; <paramref name="unread"/> files never got one.</summary>
        public void Add(IReadOnlyList<FileRecord> records, int unread)
        {
            foreach (var record in records)
            {
                var stats = record.Stats;
                RowsRead += stats.RowsRead;
                RowsKept += record.Status is ImportStatus.Imported or ImportStatus.ImportedWithRejections ? stats.RowsKept : 0;
                RowsSkipped += stats.RowsSkipped;
                RowsRejected += stats.RowsRejected;
                switch (record.Status)
                {
                    case ImportStatus.Imported or ImportStatus.ImportedWithRejections:
                        FilesImported++;
                        break;
                    case ImportStatus.Rejected:
                        FilesRejected++;
                        break;
                    default:
                        FilesFailed++;
                        break;
                }

                foreach (var rejection in stats.Rejections.Take(FirstRejectionsKept - _firstRejections.Count))
                {
                    _firstRejections.Add(new ImportRejectionInfo(record.Location, rejection.LineNumber, rejection.Column, rejection.Reason));
                }

                Files.Add(new ImportFileResult(
                    record.Location, record.Status, stats.Format, stats.RowsRead, stats.RowsKept, stats.RowsSkipped, stats.RowsRejected, record.SizeBytes, record.Error));
            }

            FilesFailed += unread;
        }

        /// <summary>A unit whose write was refused after it was counted as imported.</summary>
        public void Reclassify(IReadOnlyList<FileRecord> records, string status, string error)
        {
            foreach (var record in records.Where(r => r.Status is ImportStatus.Imported or ImportStatus.ImportedWithRejections))
            {
                FilesImported--;
                FilesFailed++;
                RowsKept -= record.Stats.RowsKept;
                var index = Files.FindLastIndex(f => f.Location == record.Location);
                if (index >= 0)
                {
                    Files[index] = Files[index] with { Outcome = status, Error = error };
                }
            }
        }

        public ImportSummary Summary() => new(
            source, FilesImported, FilesSkipped, FilesFailed, FilesRejected, RowsRead, RowsKept, RowsSkipped, RowsRejected,
            _bytesDone, _clock.Elapsed, _firstRejections, Files);
    }
}
