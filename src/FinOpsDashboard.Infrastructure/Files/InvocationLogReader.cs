using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FinOpsDashboard.Infrastructure.Files;

/// <summary>
/// The invocation-log grain: UTC hour, account, region, model id as logged, operation, the team and feature
/// requestMetadata values as logged ("" where absent), caller.
/// </summary>
internal readonly record struct LogGrain(
    DateTime HourStart, string AccountId, string Region, string ModelId, string Operation, string TeamMetadata, string FeatureMetadata, string Caller);

internal sealed class LogSums
{
    public long Requests { get; set; }
    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }
    public long CacheReadInputTokens { get; set; }
    public long CacheWriteInputTokens { get; set; }
}

/// <summary>
/// Reads Bedrock model invocation logs, one JSON value per line: the record itself (S3 delivery), a CloudWatch Logs
/// export line ("2026-05-01T10:00:00.000Z {...}"), an event wrapper ({"timestamp":..., "message":"{...}"}) or a
/// subscription batch ({"logEvents":[{"message":"{...}"}]}); several values on one line (Firehose) are read in turn.
/// Only the metadata fields are read: every other subtree, input.inputBodyJson and output.outputBodyJson with the
/// prompt and the completion included, is skipped unread and never reaches a string, a log or the database.
/// </summary>
internal sealed partial class InvocationLogReader(IReadOnlyList<string> teamKeys, IReadOnlyList<string> featureKeys, int maxLineBytes, int maxFieldLength)
{
    private const string InvocationSchema = "ModelInvocationLog";
    private const string LogFormat = "invocation-logs";
    private const string Unknown = "(unknown)";
    private const int MaxNesting = 2;

    /// <summary>Largest token count accepted on one record: a trillion tokens in one request is a broken record, not usage, and sums of real counts stay far from overflowing.</summary>
    private const long MaxTokenCount = 1_000_000_000_000;

    private static readonly JsonReaderOptions ReaderOptions = new() { AllowMultipleValues = true, MaxDepth = 256 };

    /// <summary>True when the first line of a file looks like an invocation log in one of the shapes above.</summary>
    public static bool LooksLikeLog(ReadOnlySpan<byte> firstLine)
    {
        var json = StripExportPrefix(firstLine.Trim(" \t"u8));
        if (json.IsEmpty || json[0] != (byte)'{')
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(json, ReaderOptions);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("schemaType"u8) || reader.ValueTextEquals("modelId"u8) || reader.ValueTextEquals("message"u8)
                    || reader.ValueTextEquals("@message"u8) || reader.ValueTextEquals("logEvents"u8) || reader.ValueTextEquals("events"u8))
                {
                    return true;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return false;
    }

    /// <summary>Account and region from the S3 layout AWSLogs/&lt;account&gt;/BedrockModelInvocationLogs/&lt;region&gt;/..., for records that omit them.</summary>
    public static (string? AccountId, string? Region) FromPath(string location)
    {
        var match = S3Layout().Match(location);
        return match.Success ? (match.Groups["account"].Value, match.Groups["region"].Value) : (null, null);
    }

    public void Read(Stream content, string location, FileStats stats, Dictionary<LogGrain, LogSums> sums, Action<long> onRows, CancellationToken cancellationToken)
    {
        var (pathAccount, pathRegion) = FromPath(location);
        var record = new RecordFields();
        using var lines = new ByteLineReader(content, maxLineBytes);
        var shapeChecked = false;
        long sinceReport = 0;
        while (lines.TryReadLine(out var line, out var tooLong))
        {
            if (tooLong)
            {
                stats.RowsRead++;
                stats.Reject(lines.LineNumber, null, $"Line longer than {maxLineBytes:N0} bytes (Imports:MaxLogLineBytes): not read.", null);
                continue;
            }

            // A UTF-8 byte order mark: the sniffer accepts it, so the first record must not be refused for it (found by a property test).
            if (lines.LineNumber == 1 && line.StartsWith("\uFEFF"u8))
            {
                line = line[3..];
            }

            var json = StripExportPrefix(line.Trim(" \t"u8));
            if (json.IsEmpty)
            {
                continue;
            }

            // The first non-empty line decides whether this is a log at all; later bad lines are rejected one by one.
            if (!shapeChecked)
            {
                shapeChecked = true;
                if (!LooksLikeLog(json))
                {
                    stats.RejectedWholeReason = $"Unknown format: line {lines.LineNumber} is not a Bedrock model invocation log record. Expected one of: {BillingCsvReader.ExpectedFormats}.";
                    return;
                }

                stats.Format = LogFormat;
            }

            ReadLine(json, lines.LineNumber, 0, record, pathAccount, pathRegion, stats, sums);
            if (++sinceReport == 1024)
            {
                onRows(sinceReport);
                sinceReport = 0;
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        onRows(sinceReport);

        // An empty log object is a log with no requests, not an unknown format.
        stats.Format ??= LogFormat;
    }

    private void ReadLine(
        ReadOnlySpan<byte> json, long lineNumber, int nesting, RecordFields record, string? pathAccount, string? pathRegion, FileStats stats, Dictionary<LogGrain, LogSums> sums)
    {
        var nested = new List<(byte[] Buffer, int Length)>();
        try
        {
            ReadValues(json, lineNumber, record, pathAccount, pathRegion, stats, sums, nested);
            foreach (var (buffer, length) in nested)
            {
                if (nesting < MaxNesting)
                {
                    ReadLine(StripExportPrefix(buffer.AsSpan(0, length).Trim(" \t\r\n"u8)), lineNumber, nesting + 1, record, pathAccount, pathRegion, stats, sums);
                }
                else
                {
                    // Deeper than any shape AWS writes: refused by line rather than dropped unseen (found by a property test).
                    stats.RowsRead++;
                    stats.Reject(lineNumber, null, $"A message nested more than {MaxNesting} wrappers deep: not read.", null);
                }
            }
        }
        finally
        {
            foreach (var (buffer, _) in nested)
            {
                ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
            }
        }
    }

    private void ReadValues(
        ReadOnlySpan<byte> json, long lineNumber, RecordFields record, string? pathAccount, string? pathRegion, FileStats stats, Dictionary<LogGrain, LogSums> sums, List<(byte[] Buffer, int Length)> nested)
    {
        try
        {
            var reader = new Utf8JsonReader(json, ReaderOptions);
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    stats.RowsRead++;
                    stats.Reject(lineNumber, null, "Expected a JSON object.", null);
                    return;
                }

                var wrappersBefore = nested.Count;
                record.Reset();
                ReadObject(ref reader, record, nested);
                if (record.IsRecord)
                {
                    stats.RowsRead++;
                    Aggregate(record, lineNumber, pathAccount, pathRegion, stats, sums);
                }
                else if (nested.Count == wrappersBefore)
                {
                    // Valid JSON but neither a record nor a wrapper around one (e.g. another tool's header line).
                    stats.RowsRead++;
                    stats.RowsSkipped++;
                }
            }
        }
        catch (JsonException ex)
        {
            // The exception's own message may quote content: report the position only.
            stats.RowsRead++;
            stats.Reject(lineNumber, null, $"Not valid JSON (at byte {ex.BytePositionInLine ?? 0}).", null);
        }
    }

    private void Aggregate(RecordFields record, long lineNumber, string? pathAccount, string? pathRegion, FileStats stats, Dictionary<LogGrain, LogSums> sums)
    {
        if (record.SchemaType is { } schema && !schema.Equals(InvocationSchema, StringComparison.Ordinal))
        {
            stats.RowsSkipped++;
            return;
        }

        if (record.BadField is { } badField)
        {
            stats.Reject(lineNumber, badField, record.BadReason!, null);
            return;
        }

        if (record.Timestamp is null)
        {
            stats.Reject(lineNumber, "timestamp", "Missing.", null);
            return;
        }

        if (!Parsing.TryUtcInstant(record.Timestamp, out var instant))
        {
            stats.Reject(lineNumber, "timestamp", $"'{Short(record.Timestamp)}' is not an ISO-8601 timestamp.", null);
            return;
        }

        if (string.IsNullOrWhiteSpace(record.ModelId))
        {
            stats.Reject(lineNumber, "modelId", "Missing.", null);
            return;
        }

        // Every text below is stored with the hourly sums: one longer than any AWS value can be is a broken or hostile record.
        var tooLong = TooLong(record.ModelId, "modelId") ?? TooLong(record.AccountId, "accountId") ?? TooLong(record.Region, "region")
            ?? TooLong(record.Operation, "operation") ?? TooLong(record.Caller, "identity.arn") ?? TooLong(record.Team, "requestMetadata")
            ?? TooLong(record.Feature, "requestMetadata");
        if (tooLong is not null)
        {
            stats.Reject(lineNumber, tooLong, $"Longer than the {maxFieldLength:N0} characters a value may have (Imports:MaxFieldLength).", null);
            return;
        }

        var account = NonEmpty(record.AccountId) ?? pathAccount ?? Unknown;
        var grain = new LogGrain(
            new DateTime(instant.Year, instant.Month, instant.Day, instant.Hour, 0, 0, DateTimeKind.Utc),
            account,
            NonEmpty(record.Region) ?? pathRegion ?? Unknown,
            record.ModelId.Trim(),
            NonEmpty(record.Operation) ?? Unknown,
            record.Team ?? string.Empty,
            record.Feature ?? string.Empty,
            NonEmpty(record.Caller) ?? Unknown);
        if (!sums.TryGetValue(grain, out var sum))
        {
            sum = new LogSums();
            sums.Add(grain, sum);
        }

        // Checked: with counts capped per record an overflow needs millions of maximal records, but it must never wrap.
        try
        {
            (sum.Requests, sum.InputTokens, sum.OutputTokens, sum.CacheReadInputTokens, sum.CacheWriteInputTokens) = checked((
                sum.Requests + 1,
                sum.InputTokens + record.InputTokens,
                sum.OutputTokens + record.OutputTokens,
                sum.CacheReadInputTokens + record.CacheReadInputTokens,
                sum.CacheWriteInputTokens + record.CacheWriteInputTokens));
        }
        catch (OverflowException)
        {
            stats.Reject(lineNumber, null, "The hour's token sum would overflow: record not added.", null);
            return;
        }

        stats.RowsKept++;
        stats.Accounts.Add(account);
    }

    /// <summary>Reads one object's metadata; the reader is on its StartObject and ends on its EndObject.</summary>
    private void ReadObject(ref Utf8JsonReader reader, RecordFields record, List<(byte[] Buffer, int Length)> nested)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("schemaType"u8))
            {
                record.SchemaType = ReadString(ref reader);
                record.IsRecord = true;
            }
            else if (reader.ValueTextEquals("modelId"u8))
            {
                record.ModelId = ReadString(ref reader);
                record.IsRecord = true;
            }
            else if (reader.ValueTextEquals("timestamp"u8))
            {
                record.Timestamp = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("accountId"u8))
            {
                record.AccountId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("region"u8))
            {
                record.Region = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("operation"u8))
            {
                record.Operation = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("identity"u8))
            {
                ReadMembers(ref reader, record, static (ref Utf8JsonReader r, RecordFields f) =>
                {
                    if (r.ValueTextEquals("arn"u8))
                    {
                        f.Caller = ReadString(ref r);
                        return true;
                    }

                    return false;
                });
            }
            else if (reader.ValueTextEquals("input"u8))
            {
                ReadMembers(ref reader, record, static (ref Utf8JsonReader r, RecordFields f) =>
                    TryCount(ref r, "inputTokenCount"u8, "input.inputTokenCount", f, static (f, v) => f.InputTokens = v)
                    || TryCount(ref r, "cacheReadInputTokenCount"u8, "input.cacheReadInputTokenCount", f, static (f, v) => f.CacheReadInputTokens = v)
                    || TryCount(ref r, "cacheWriteInputTokenCount"u8, "input.cacheWriteInputTokenCount", f, static (f, v) => f.CacheWriteInputTokens = v));
            }
            else if (reader.ValueTextEquals("output"u8))
            {
                ReadMembers(ref reader, record, static (ref Utf8JsonReader r, RecordFields f) =>
                    TryCount(ref r, "outputTokenCount"u8, "output.outputTokenCount", f, static (f, v) => f.OutputTokens = v));
            }
            else if (reader.ValueTextEquals("requestMetadata"u8))
            {
                ReadMetadata(ref reader, record);
            }
            else if (reader.ValueTextEquals("message"u8) || reader.ValueTextEquals("@message"u8))
            {
                reader.Read();
                AddNested(ref reader, nested);
            }
            else if (reader.ValueTextEquals("logEvents"u8) || reader.ValueTextEquals("events"u8))
            {
                ReadEvents(ref reader, nested);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private delegate bool MemberReader(ref Utf8JsonReader reader, RecordFields record);

    /// <summary>Visits an object's properties with <paramref name="read"/>; whatever it does not claim is skipped unread.</summary>
    private static void ReadMembers(ref Utf8JsonReader reader, RecordFields record, MemberReader read)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!read(ref reader, record))
            {
                reader.Skip();
            }
        }
    }

    private static bool TryCount(ref Utf8JsonReader reader, ReadOnlySpan<byte> name, string path, RecordFields record, Action<RecordFields, long> set)
    {
        if (!reader.ValueTextEquals(name))
        {
            return false;
        }

        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) && value >= 0)
        {
            if (value <= MaxTokenCount)
            {
                set(record, value);
            }
            else
            {
                // long.MaxValue passed as a count would wrap the hour's sum negative (found by a property test).
                record.BadField ??= path;
                record.BadReason ??= $"{value:N0} tokens in one request is not plausible (at most {MaxTokenCount:N0}).";
            }
        }
        else
        {
            reader.Skip();
            record.BadField ??= path;
            record.BadReason ??= "Not a whole, non-negative number.";
        }

        return true;
    }

    private void ReadMetadata(ref Utf8JsonReader reader, RecordFields record)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        string? team = null;
        string? feature = null;
        var teamRank = int.MaxValue;
        var featureRank = int.MaxValue;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = GetText(ref reader)!;
            var value = ReadString(ref reader);
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            // The first configured key wins, whatever order the caller sent them in.
            var rank = IndexOf(teamKeys, key);
            if (rank < teamRank)
            {
                (team, teamRank) = (value.Trim(), rank);
            }

            rank = IndexOf(featureKeys, key);
            if (rank < featureRank)
            {
                (feature, featureRank) = (value.Trim(), rank);
            }
        }

        record.Team = team;
        record.Feature = feature;
    }

    private static void ReadEvents(ref Utf8JsonReader reader, List<(byte[] Buffer, int Length)> nested)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("message"u8))
                {
                    reader.Read();
                    AddNested(ref reader, nested);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
    }

    /// <summary>A JSON-in-a-string message, unescaped into a pooled buffer that is cleared when returned.</summary>
    private static void AddNested(ref Utf8JsonReader reader, List<(byte[] Buffer, int Length)> nested)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return;
        }

        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        int written;
        try
        {
            written = reader.CopyString(buffer);
        }
        catch (InvalidOperationException ex)
        {
            throw InvalidText(ref reader, ex);
        }

        nested.Add((buffer, written));
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return GetText(ref reader);
            case JsonTokenType.Number:
                return Encoding.UTF8.GetString(reader.ValueSpan);
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>
    /// The string value. Utf8JsonReader checks a string's UTF-8 (and escaped surrogates) only when it is read, and then
    /// throws InvalidOperationException: that is invalid JSON on one line, not a reason to fail the file (found by a property test).
    /// </summary>
    private static string? GetText(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException ex)
        {
            throw InvalidText(ref reader, ex);
        }
    }

    private static JsonException InvalidText(ref Utf8JsonReader reader, Exception inner) =>
        new("A JSON string is not valid UTF-8 text.", null, null, reader.TokenStartIndex, inner);

    private static int IndexOf(IReadOnlyList<string> keys, string key)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            if (string.Equals(keys[i], key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    /// <summary>Removes a CloudWatch Logs export's leading "2026-05-01T10:00:00.000Z " from a line.</summary>
    private static ReadOnlySpan<byte> StripExportPrefix(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty || !char.IsAsciiDigit((char)line[0]))
        {
            return line;
        }

        var space = line[..Math.Min(line.Length, 40)].IndexOf((byte)' ');
        return space > 0 ? line[(space + 1)..].TrimStart(" \t"u8) : line;
    }

    /// <summary>The field's name when its value is longer than Imports:MaxFieldLength, else null.</summary>
    private string? TooLong(string? value, string field) => value is not null && value.Length > maxFieldLength ? field : null;

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Short(string text) => text.Length > 40 ? text[..40] + "…" : text;

    [GeneratedRegex(@"AWSLogs/(?<account>\d{12})/BedrockModelInvocationLogs/(?<region>[a-z]{2}(?:-[a-z]+)+-\d)/", RegexOptions.CultureInvariant)]
    private static partial Regex S3Layout();

    /// <summary>The metadata of one record; reused across lines.</summary>
    private sealed class RecordFields
    {
        public bool IsRecord { get; set; }
        public string? SchemaType { get; set; }
        public string? Timestamp { get; set; }
        public string? AccountId { get; set; }
        public string? Region { get; set; }
        public string? Operation { get; set; }
        public string? ModelId { get; set; }
        public string? Caller { get; set; }
        public string? Team { get; set; }
        public string? Feature { get; set; }
        public long InputTokens { get; set; }
        public long OutputTokens { get; set; }
        public long CacheReadInputTokens { get; set; }
        public long CacheWriteInputTokens { get; set; }
        public string? BadField { get; set; }
        public string? BadReason { get; set; }

        public void Reset()
        {
            IsRecord = false;
            SchemaType = Timestamp = AccountId = Region = Operation = ModelId = Caller = Team = Feature = BadField = BadReason = null;
            InputTokens = OutputTokens = CacheReadInputTokens = CacheWriteInputTokens = 0;
        }
    }
}
