using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using FinOpsDashboard.Infrastructure.Files;
using FinOpsDashboard.Tests;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Data.Sqlite;
using static FinOpsDashboard.Infrastructure.Tests.Files.Fixtures;

namespace FinOpsDashboard.Infrastructure.Tests.Files;

/// <summary>
/// Properties of the invocation-log importer over generated JSON-lines files: request counts and token sums per
/// hour × model × team × feature are exact; hostile lines (truncated JSON, wrong types, 100,000-deep nesting, giant
/// strings, binary, over-long lines) are refused by line number without losing the valid lines around them; and no
/// prompt or completion text ever reaches the database.
/// </summary>
public sealed class InvocationLogPropertyTests
{
    /// <summary>Small enough to make an over-long line cheap here; the default is 64 MiB.</summary>
    private const int TestMaxLineBytes = 256 * 1024;

    private const string Secret = "PROMPT-SECRET-";

    [Fact]
    public Task ValidLogLines_SumExactlyPerHourModelTeamAndFeature() => Task.Run(() =>
        Properties.Check(nameof(ValidLogLines_SumExactlyPerHourModelTeamAndFeature), Prop.ForAll(
            Plans(hostile: false).ToArbitrary(),
            plan => ImportAndCheck(plan).GetAwaiter().GetResult()), maxTest: 40));

    [Fact]
    public Task HostileLogLines_AreRejectedByLine_WithoutLosingTheValidOnes() => Task.Run(() =>
        Properties.Check(nameof(HostileLogLines_AreRejectedByLine_WithoutLosingTheValidOnes), Prop.ForAll(
            Plans(hostile: true).ToArbitrary(),
            plan => ImportAndCheck(plan).GetAwaiter().GetResult()), maxTest: 40));

    private static async Task ImportAndCheck(Plan plan)
    {
        var file = Render(plan);
        await using var h = await ImportHarness.CreateAsync(new ImportOptions { MaxLogLineBytes = TestMaxLineBytes });
        var path = h.Write(file.Name, file.Content);

        var summary = await h.ImportAsync(path);

        Assert.True((1, 0, 0) == (summary.FilesImported, summary.FilesFailed, summary.FilesRejected), $"Not imported: {summary.Files[0].Outcome} {summary.Files[0].Error}");
        var rejections = await h.RejectionsAsync();
        var expectedAt = file.Rejections.Select(r => $"{r.Line}:{r.Column}").ToList();
        Assert.True(
            expectedAt.SequenceEqual(rejections.Select(r => $"{r.LineNumber}:{r.Column}")),
            $"Expected rejections at [{string.Join(", ", expectedAt)}], got [{string.Join(", ", rejections.Select(r => $"{r.LineNumber}:{r.Column} ({r.Reason})"))}].");
        foreach (var (expected, rejection) in file.Rejections.Zip(rejections))
        {
            Assert.Equal(path, rejection.Location);
            Assert.Null(rejection.RawLine);
            Assert.DoesNotContain(Secret, rejection.Reason, StringComparison.Ordinal);
            if (expected.ReasonContains is { } text)
            {
                Assert.Contains(text, rejection.Reason, StringComparison.OrdinalIgnoreCase);
            }
        }

        Assert.Equal((file.Kept, file.Skipped, (long)file.Rejections.Count), (summary.RowsKept, summary.RowsSkipped, summary.RowsRejected));
        var stored = new SortedDictionary<string, Sums>(StringComparer.Ordinal);
        foreach (var hour in await h.LogHoursAsync())
        {
            var key = Key(hour.HourStart, hour.ModelId, hour.TeamMetadata, hour.FeatureMetadata);
            stored[key] = stored.GetValueOrDefault(key, Sums.Zero) + new Sums(hour.RequestCount, hour.InputTokens, hour.OutputTokens, hour.CacheReadInputTokens, hour.CacheWriteInputTokens);
        }

        Assert.Equal(file.Sums, stored);

        // Prompts and completions are never stored: not in any table, index or WAL page.
        SqliteConnection.ClearAllPools();
        foreach (var dbFile in Directory.GetFiles(Path.GetDirectoryName(h.Db.Path)!))
        {
            Assert.True((await File.ReadAllBytesAsync(dbFile)).AsSpan().IndexOf(Encoding.UTF8.GetBytes(Secret)) < 0, $"Prompt text found in {Path.GetFileName(dbFile)}.");
        }

        Assert.DoesNotContain(h.Logger.Messages, m => m.Contains(Secret, StringComparison.Ordinal));
    }

    private static string Key(DateTime hour, string modelId, string team, string feature) =>
        $"{hour.ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture)}|{modelId}|{team}|{feature}";

    public sealed record Sums(long Requests, long Input, long Output, long CacheRead, long CacheWrite)
    {
        public static readonly Sums Zero = new(0, 0, 0, 0, 0);

        public static Sums operator +(Sums a, Sums b) =>
            new(a.Requests + b.Requests, a.Input + b.Input, a.Output + b.Output, a.CacheRead + b.CacheRead, a.CacheWrite + b.CacheWrite);
    }

    // ---- Generated records and lines ----

    private sealed record LogEntry(
        DateTimeOffset At, int StampStyle, string ModelId, long Input, long Output, long CacheRead, long CacheWrite, string? Team, string? Feature, string Prompt, bool HasAccount)
    {
        public string Json(int n) => LogRecord(
            Stamp(At, StampStyle), ModelId, Input, Output, CacheRead, CacheWrite,
            metadata: Metadata(), prompt: Secret + n + " " + Prompt, completion: Secret + "completion " + n, accountId: HasAccount ? AccountA : null);

        private Dictionary<string, string>? Metadata()
        {
            var metadata = new Dictionary<string, string>();
            if (Team is not null)
            {
                metadata["team"] = Team;
            }

            if (Feature is not null)
            {
                metadata["feature"] = Feature;
            }

            metadata["tenant"] = "t-1";
            return metadata;
        }

        private static string Stamp(DateTimeOffset at, int style) => style switch
        {
            0 => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            1 => at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            _ => at.ToOffset(TimeSpan.FromHours(style == 2 ? 2 : -5)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>How valid records are laid out on a line: as delivered to S3, a CloudWatch export line, an event wrapper, a subscription batch, or Firehose's concatenation.</summary>
    private enum Shape
    {
        Record,
        ExportLine,
        EventWrapper,
        SubscriptionBatch,
        Concatenated,
    }

    private enum Hostile
    {
        TruncatedJson,
        WrongTokenType,
        WrongTimestamp,
        MissingModel,
        DeeplyNestedArray,
        DeeplyNestedInsideRecord,
        NestedObjectsInBody,
        GiantModelId,
        GiantTeamValue,
        LineOverTheLimit,
        BinaryLine,
        InvalidUtf8InModelId,
        NotAnObject,
        WrappersTooDeep,
        ImplausibleTokenCount,
    }

    private abstract record Line;

    private sealed record ValidLine(Shape Shape, IReadOnlyList<LogEntry> Entries) : Line;

    /// <summary>Valid JSON that is no invocation record (another tool's line, another schema): skipped, not rejected.</summary>
    private sealed record NeutralLine(int Variant) : Line;

    private sealed record BlankLine : Line;

    private sealed record HostileLine(Hostile Kind, LogEntry Base, int Variant) : Line;

    private sealed record Plan(IReadOnlyList<Line> Lines, bool Gzip, bool Crlf, bool Bom, bool FinalNewline)
    {
        public override string ToString() =>
            $"gzip={Gzip} crlf={Crlf} bom={Bom}, {Lines.Count} lines: " + string.Join("; ", Lines.Select(l => l switch
            {
                ValidLine v => $"{v.Shape}×{v.Entries.Count}",
                HostileLine x => $"{x.Kind}({x.Variant})",
                NeutralLine n => $"neutral({n.Variant})",
                _ => "blank",
            }));
    }

    private static readonly DateTimeOffset Start = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Gen<string> MetadataText =
        Gen.ListOf(Gen.Elements("a", "search", "support", "-", "_", " ", ",", "\"", "\\", "'", "{", "}", "\n", "\t", "é", "中文", "😀", "/", "1"))
            .Select(parts => string.Concat(parts.Take(10)));

    private static readonly Gen<long> TokenCount = Gen.Frequency(
        (6, Gen.Choose(0, 5_000).Select(i => (long)i)),
        (3, Gen.Choose(0, int.MaxValue).Select(i => (long)i)),
        (1, Gen.Choose(0, 1_000_000).Select(i => i * 1_000_000L)));

    private static readonly Gen<LogEntry> Entries =
        from seconds in Gen.Choose(0, (3 * 24 * 3600) - 1)
        from stampStyle in Gen.Choose(0, 3)
        from modelId in Gen.Elements(
            "us.anthropic.claude-sonnet-4-6", "amazon.nova-pro-v1:0", "meta.llama3-70b-instruct-v1:0", " amazon.nova-lite-v1:0 ",
            "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5")
        from input in TokenCount
        from output in TokenCount
        from cacheRead in TokenCount
        from cacheWrite in TokenCount
        from team in Gen.Frequency((1, Gen.Constant<string?>(null)), (3, MetadataText.Select(t => (string?)t)))
        from feature in Gen.Frequency((1, Gen.Constant<string?>(null)), (2, MetadataText.Select(t => (string?)t)))
        from prompt in Gen.Frequency(
            (5, MetadataText),
            (1, Gen.Choose(1_000, 20_000).Select(n => new string('p', n))))
        from hasAccount in Gen.Elements(true, false)
        select new LogEntry(Start.AddSeconds(seconds), stampStyle, modelId, input, output, cacheRead, cacheWrite, team, feature, prompt, hasAccount);

    private static readonly Gen<Line> ValidLines =
        from shape in Gen.Elements(Enum.GetValues<Shape>())
        from entries in Gen.NonEmptyListOf(Entries)
        select (Line)new ValidLine(shape, shape is Shape.SubscriptionBatch or Shape.Concatenated ? entries.Take(4).ToList() : entries.Take(1).ToList());

    private static readonly Gen<Line> HostileLines =
        from kind in Gen.Elements(Enum.GetValues<Hostile>())
        from entry in Entries
        from variant in Gen.Choose(0, 1_000)
        select (Line)new HostileLine(kind, entry, variant);

    private static Gen<Plan> Plans(bool hostile) =>
        from first in ValidLines
        from valid in Gen.ListOf(ValidLines).Select(l => l.Take(20).ToList())
        from neutral in Gen.ListOf(Gen.Choose(0, 2).Select(v => (Line)new NeutralLine(v))).Select(l => l.Take(3).ToList())
        from blanks in Gen.Choose(0, 2)
        from bad in hostile ? Gen.NonEmptyListOf(HostileLines).Select(l => l.Take(8).ToList()) : Gen.Constant(new List<Line>())
        from rest in Gen.Shuffle(valid.Concat(neutral).Concat(bad).Concat(Enumerable.Repeat<Line>(new BlankLine(), blanks)))
        from gzip in Gen.Elements(false, true)
        from crlf in Gen.Elements(false, true)
        from bom in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from finalNewline in Gen.Frequency((1, Gen.Constant(false)), (4, Gen.Constant(true)))

        // The first line decides whether the file is a log at all: it is always a valid one.
        select new Plan(rest.Prepend(first).ToList(), gzip, crlf, bom, finalNewline);

    // ---- Rendering ----

    private sealed record ExpectedRejection(long Line, string? Column, string? ReasonContains);

    private sealed record RenderedFile(string Name, byte[] Content, long Kept, long Skipped, SortedDictionary<string, Sums> Sums, List<ExpectedRejection> Rejections);

    private static readonly JsonSerializerOptions RelaxedJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static RenderedFile Render(Plan plan)
    {
        var newline = plan.Crlf ? "\r\n"u8.ToArray() : "\n"u8.ToArray();
        var body = new MemoryStream();
        if (plan.Bom)
        {
            body.Write([0xEF, 0xBB, 0xBF]);
        }

        var sums = new SortedDictionary<string, Sums>(StringComparer.Ordinal);
        var rejections = new List<ExpectedRejection>();
        long kept = 0;
        long skipped = 0;
        long lineNumber = 0;
        var n = 0;
        foreach (var line in plan.Lines)
        {
            if (lineNumber++ > 0)
            {
                body.Write(newline);
            }

            switch (line)
            {
                case BlankLine:
                    break;
                case NeutralLine neutral:
                    body.Write(neutral.Variant switch
                    {
                        0 => """{"hello":"world","items":[1,2,3]}"""u8.ToArray(),
                        1 => """{"schemaType":"SomeOtherLog","modelId":"x","timestamp":"2026-05-01T00:00:00Z"}"""u8.ToArray(),
                        _ => """{"messageType":"CONTROL_MESSAGE","logEvents":[]}"""u8.ToArray(),
                    });
                    skipped++;
                    break;
                case ValidLine valid:
                    body.Write(Encoding.UTF8.GetBytes(RenderValid(valid, ref n)));
                    foreach (var entry in valid.Entries)
                    {
                        kept++;
                        var utc = entry.At.UtcDateTime;
                        var key = Key(new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0), entry.ModelId.Trim(), Raw(entry.Team), Raw(entry.Feature));
                        sums[key] = sums.GetValueOrDefault(key, Sums.Zero) + new Sums(1, entry.Input, entry.Output, entry.CacheRead, entry.CacheWrite);
                    }

                    break;
                case HostileLine bad:
                    var (bytes, column, reason) = RenderHostile(bad, ++n);
                    body.Write(bytes);
                    rejections.Add(new ExpectedRejection(lineNumber, column, reason));
                    break;
            }
        }

        if (plan.FinalNewline)
        {
            body.Write(newline);
        }

        var content = body.ToArray();
        var name = "invocations.json";
        if (plan.Gzip)
        {
            using var compressed = new MemoryStream();
            using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(content);
            }

            content = compressed.ToArray();
            name += ".gz";
        }

        return new RenderedFile(name, content, kept, skipped, sums, rejections);
    }

    /// <summary>A metadata value as the importer keeps it: trimmed, "" when absent or blank.</summary>
    private static string Raw(string? value) => string.IsNullOrWhiteSpace(value) ? string.Empty : value.Trim();

    private static string RenderValid(ValidLine line, ref int n)
    {
        var records = new List<string>();
        foreach (var entry in line.Entries)
        {
            records.Add(entry.Json(++n));
        }

        var epochMs = line.Entries[0].At.ToUnixTimeMilliseconds();
        return line.Shape switch
        {
            Shape.Record => records[0],
            Shape.ExportLine => line.Entries[0].At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) + " " + records[0],
            Shape.EventWrapper => JsonSerializer.Serialize(new { timestamp = epochMs, message = records[0] }, RelaxedJson),
            Shape.SubscriptionBatch => JsonSerializer.Serialize(
                new
                {
                    messageType = "DATA_MESSAGE",
                    owner = AccountA,
                    logGroup = "/aws/bedrock/modelinvocations",
                    logEvents = records.Select((r, i) => new { id = i.ToString(CultureInfo.InvariantCulture), timestamp = epochMs, message = r }),
                },
                RelaxedJson),
            _ => string.Concat(records),
        };
    }

    private static (byte[] Bytes, string? Column, string? Reason) RenderHostile(HostileLine bad, int n)
    {
        var json = bad.Base.Json(n);
        JsonObject Record() => JsonNode.Parse(json)!.AsObject();
        byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
        byte[] Node(JsonNode node) => Utf8(node.ToJsonString());

        switch (bad.Kind)
        {
            case Hostile.TruncatedJson:
                return (Utf8(json[..(1 + (bad.Variant % (json.Length - 1)))]), null, "JSON");
            case Hostile.WrongTokenType:
            {
                JsonNode?[] values = [JsonValue.Create("abc"), JsonValue.Create(-1), JsonValue.Create(1.5), JsonValue.Create(true), new JsonObject(), new JsonArray(), JsonNode.Parse("1e30")];
                var record = Record();
                var output = bad.Variant % 2 == 0;
                record[output ? "output" : "input"]![output ? "outputTokenCount" : "inputTokenCount"] = values[bad.Variant % values.Length]?.DeepClone();
                return (Node(record), output ? "output.outputTokenCount" : "input.inputTokenCount", "number");
            }

            case Hostile.WrongTimestamp:
            {
                JsonNode?[] values = [JsonValue.Create("yesterday"), JsonValue.Create("2026-13-01T00:00:00Z"), JsonValue.Create(true), new JsonObject(), JsonValue.Create(string.Empty), JsonValue.Create("1999-01-01T00:00:00Z")];
                var record = Record();
                record["timestamp"] = values[bad.Variant % values.Length]?.DeepClone();
                return (Node(record), "timestamp", null);
            }

            case Hostile.MissingModel:
            {
                JsonNode?[] values = [null, new JsonObject(), new JsonArray(), JsonValue.Create(string.Empty), JsonValue.Create("   ")];
                var record = Record();
                record["modelId"] = values[bad.Variant % values.Length]?.DeepClone();
                return (Node(record), "modelId", "Missing");
            }

            case Hostile.DeeplyNestedArray:
                return (Utf8(new string('[', 100_000) + new string(']', 100_000)), null, null);
            case Hostile.DeeplyNestedInsideRecord:
            {
                // The prompt body is skipped unread, but a skip still walks its depth: 50,000 levels is refused, not recursed into.
                var deep = new string('[', 50_000) + new string(']', 50_000);
                return (Utf8(json.Replace("\"inputBodyJson\":", "\"inputBodyJson\":" + deep + ",\"x\":", StringComparison.Ordinal)), null, "JSON");
            }

            case Hostile.NestedObjectsInBody:
                return (Utf8(json.Replace("\"inputBodyJson\":", "\"inputBodyJson\":" + string.Concat(Enumerable.Repeat("{\"a\":", 20_000)) + "1" + new string('}', 20_000) + ",\"x\":", StringComparison.Ordinal)), null, "JSON");
            case Hostile.GiantModelId:
            {
                var record = Record();
                record["modelId"] = "amazon." + new string('m', 3_000 + (bad.Variant * 50));
                return (Node(record), "modelId", "characters");
            }

            case Hostile.GiantTeamValue:
            {
                var record = Record();
                record["requestMetadata"] = new JsonObject { ["team"] = new string('t', 3_000 + (bad.Variant * 50)) };
                return (Node(record), "requestMetadata", "characters");
            }

            case Hostile.LineOverTheLimit:
            {
                var record = Record();
                record["input"]!["inputBodyJson"] = Secret + new string('x', TestMaxLineBytes + (bad.Variant * 10));
                return (Node(record), null, "longer than");
            }

            case Hostile.BinaryLine:
            {
                var bytes = new byte[50 + bad.Variant];
                new System.Random(bad.Variant).NextBytes(bytes);
                return (bytes.Where(b => b != (byte)'\n').Prepend((byte)'#').ToArray(), null, null);
            }

            case Hostile.InvalidUtf8InModelId:
            {
                var marker = "\"modelId\":\"";
                var at = json.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
                return bad.Variant % 2 == 0
                    ? ([.. Utf8(json[..at]), 0xC3, 0x28, 0xFF, 0xFE, .. Utf8(json[at..])], null, "JSON")
                    : (Utf8(json[..at] + "\\ud800" + json[at..]), null, "JSON");
            }

            case Hostile.NotAnObject:
            {
                string[] values = ["[1,2,3]", "\"just a string\"", "true", "null", "[" + json + "]"];
                return (Utf8(values[bad.Variant % values.Length]), null, "object");
            }

            case Hostile.WrappersTooDeep:
            {
                // Three wrappers around a record: deeper than any shape CloudWatch or Firehose writes.
                var wrapped = json;
                for (var i = 0; i < 3; i++)
                {
                    wrapped = JsonSerializer.Serialize(new { timestamp = 1, message = wrapped });
                }

                return (Utf8(wrapped), null, "nested");
            }

            case Hostile.ImplausibleTokenCount:
            {
                var record = Record();
                record["input"]!["inputTokenCount"] = long.MaxValue - bad.Variant;
                return (Node(record), "input.inputTokenCount", null);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(bad));
        }
    }
}
