using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.Files;
using FinOpsDashboard.Tests;
using FsCheck;
using FsCheck.Fluent;
using static FinOpsDashboard.Infrastructure.Tests.Files.Fixtures;

namespace FinOpsDashboard.Infrastructure.Tests.Files;

/// <summary>
/// Properties of the CUR 2.0 / FOCUS importer over generated files: every valid Bedrock row arrives to the nanodollar,
/// every hostile line is refused with its file, line and (where one is to blame) column, and a second import of the
/// same file changes nothing. Each case imports into a fresh database, so the counts stay small.
/// </summary>
public sealed class BillingCsvPropertyTests
{
    /// <summary>Small enough that a "several MB" line is cheap to generate here; the default is 1 MiB.</summary>
    private const int TestMaxLineBytes = 64 * 1024;

    [Fact]
    public Task ValidFiles_ImportEveryBedrockRow_ToTheNanodollar() => Task.Run(() =>
        Properties.Check(nameof(ValidFiles_ImportEveryBedrockRow_ToTheNanodollar), Prop.ForAll(
            Plans(hostile: false).ToArbitrary(),
            plan => ImportAndCheck(plan).GetAwaiter().GetResult()), maxTest: 40));

    [Fact]
    public Task HostileLines_AreRejectedWithFileLineAndColumn_AndEveryValidRowStillArrives() => Task.Run(() =>
        Properties.Check(nameof(HostileLines_AreRejectedWithFileLineAndColumn_AndEveryValidRowStillArrives), Prop.ForAll(
            Plans(hostile: true).ToArbitrary(),
            plan => ImportAndCheck(plan).GetAwaiter().GetResult()), maxTest: 40));

    [Fact]
    public Task ImportingTheSameFileAgain_ChangesNothing() => Task.Run(() =>
        Properties.Check(nameof(ImportingTheSameFileAgain_ChangesNothing), Prop.ForAll(
            Gen.OneOf(Plans(hostile: false), Plans(hostile: true)).ToArbitrary(),
            plan => ImportTwiceAndCheck(plan).GetAwaiter().GetResult()), maxTest: 15));

    private static async Task ImportAndCheck(Plan plan)
    {
        var file = Render(plan);
        await using var h = await ImportHarness.CreateAsync(new ImportOptions { MaxCsvLineBytes = TestMaxLineBytes });
        var path = h.Write(file.Name, file.Content);

        var summary = await h.ImportAsync(path);

        Assert.True((1, 0, 0) == (summary.FilesImported, summary.FilesFailed, summary.FilesRejected), $"Not imported: {summary.Files[0].Outcome} {summary.Files[0].Error}");

        // Rejections first: when they differ, their reasons say most about why.
        var rejections = await h.RejectionsAsync();
        var expectedAt = file.Expected.Rejections.Select(r => $"{r.Line}:{r.Column}").ToList();
        Assert.True(
            expectedAt.SequenceEqual(rejections.Select(r => $"{r.LineNumber}:{r.Column}")),
            $"Expected rejections at [{string.Join(", ", expectedAt)}], got [{string.Join(", ", rejections.Select(r => $"{r.LineNumber}:{r.Column} ({r.Reason})"))}].");
        foreach (var (expected, rejection) in file.Expected.Rejections.Zip(rejections))
        {
            Assert.Equal(path, rejection.Location);
            Assert.False(string.IsNullOrWhiteSpace(rejection.Reason));
            Assert.True((rejection.RawLine?.Length ?? 0) <= 500, "A stored raw line is capped at 500 characters.");
            if (expected.ReasonContains is { } text)
            {
                Assert.Contains(text, rejection.Reason, StringComparison.OrdinalIgnoreCase);
            }
        }

        Assert.All(summary.FirstRejections, r => Assert.StartsWith($"{path}:{r.LineNumber} ", r.ToString(), StringComparison.Ordinal));
        Assert.Equal(
            (file.Expected.Kept, file.Expected.Skipped, (long)file.Expected.Rejections.Count),
            (summary.RowsKept, summary.RowsSkipped, summary.RowsRejected));

        var facts = await h.FactsAsync();
        Assert.Equal(file.Expected.CostByDay, SumBy(facts, f => f.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), f => f.UnblendedCost));
        Assert.Equal(file.Expected.CostByDay, SumBy(facts, f => f.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), f => f.AmortizedCost));
        Assert.Equal(file.Expected.CostByDayAccountTeam, SumBy(facts, f => $"{f.Date:yyyy-MM-dd}|{f.AccountId}|{f.TeamTag}", f => f.UnblendedCost));
    }

    private static async Task ImportTwiceAndCheck(Plan plan)
    {
        var file = Render(plan);
        await using var h = await ImportHarness.CreateAsync(new ImportOptions { MaxCsvLineBytes = TestMaxLineBytes });
        var path = h.Write(file.Name, file.Content);
        await h.ImportAsync(path);
        var facts = await h.FactSnapshotAsync();
        var files = (await h.FilesAsync()).Select(f => (f.Location, f.ContentHash, f.Status, f.RowsRead, f.RowsKept, f.RowsRejected)).ToList();
        var rejections = (await h.RejectionsAsync()).Select(r => (r.LineNumber, r.Column, r.Reason)).ToList();

        var again = await h.ImportAsync(path);

        Assert.Equal((0, 1), (again.FilesImported, again.FilesSkipped));
        Assert.Equal(facts, await h.FactSnapshotAsync());
        Assert.Equal(files, (await h.FilesAsync()).Select(f => (f.Location, f.ContentHash, f.Status, f.RowsRead, f.RowsKept, f.RowsRejected)).ToList());
        Assert.Equal(rejections, (await h.RejectionsAsync()).Select(r => (r.LineNumber, r.Column, r.Reason)).ToList());
    }

    private static SortedDictionary<string, decimal> SumBy(IEnumerable<CostFact> facts, Func<CostFact, string> key, Func<CostFact, decimal> value)
    {
        var sums = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var fact in facts)
        {
            sums[key(fact)] = sums.GetValueOrDefault(key(fact)) + value(fact);
        }

        return sums;
    }

    // ---- The plan of one file, generated ----

    private enum Format
    {
        Cur,
        Focus,
    }

    /// <summary>Hostile lines, each with the column the importer must name (null: the line as a whole).</summary>
    private enum Hostile
    {
        TooFewColumns,
        TooManyColumns,
        NotANumberCost,
        BadDate,
        EmptyAccount,
        NotATagMap,
        StrayQuote,
        UnterminatedQuote,
        BinaryLine,
        HugeUsageType,
        HugeTagValue,
        LineOverTheLimit,
        LineBreakInQuotes,
    }

    private abstract record Line;

    /// <summary>A Bedrock row (kept) or another service's (skipped); <paramref name="FreeText"/> goes into a column nobody reads.</summary>
    private sealed record DataLine(Charge Charge, DateTimeOffset Start, int StampStyle, int AmountStyle, byte[]? FreeText) : Line;

    private sealed record BlankLine : Line;

    private sealed record HostileLine(Hostile Kind, DataLine Base, int Variant, int Size) : Line;

    private sealed record Plan(Format Format, string[] Header, IReadOnlyList<Line> Lines, bool Gzip, bool Crlf, bool Bom, bool FinalNewline, int QuoteStyle, int Seed)
    {
        public override string ToString() =>
            $"{Format} gzip={Gzip} crlf={Crlf} bom={Bom} quotes={QuoteStyle}, {Lines.Count} lines: " +
            string.Join("; ", Lines.Select(l => l switch
            {
                HostileLine x => $"{x.Kind}({x.Variant},{x.Size})",
                DataLine d => $"{(d.Charge.IsBedrock ? "bedrock" : "other")} {d.Charge.UsageType} {d.Charge.Cost}",
                _ => "blank",
            }));
    }

    private static readonly DateTimeOffset May1 = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private static decimal Pow10(int scale) => scale switch { 0 => 1m, _ => 10m * Pow10(scale - 1) };

    /// <summary>An amount with up to <paramref name="maxScale"/> decimals: nanodollars are what the database keeps exactly.</summary>
    private static Gen<decimal> Amount(int maxWhole, int maxScale, bool allowNegative) =>
        from whole in Gen.Frequency((6, Gen.Choose(0, 99)), (3, Gen.Choose(0, maxWhole / 10)), (1, Gen.Choose(0, maxWhole)))
        from scale in Gen.Choose(0, maxScale)
        from digits in Gen.Choose(0, int.MaxValue)
        from negative in Gen.Frequency((9, Gen.Constant(false)), (allowNegative ? 1 : 0, Gen.Constant(true)))
        let fraction = digits % Pow10(scale) / Pow10(scale)
        select (negative ? -1 : 1) * (whole + fraction);

    /// <summary>Tag text with what CSV and JSON must escape (commas, quotes, backslashes, braces, line breaks) and non-ASCII letters.</summary>
    private static readonly Gen<string> TagText =
        Gen.ListOf(Gen.Elements("a", "team", "search", "-", "_", " ", ",", "\"", "\\", "'", "=", "{", "}", ":", "/", "\n", "\t", "é", "中文", "😀", "\u2028", "ß", "1"))
            .Select(parts => string.Concat(parts.Take(12)));

    private static readonly (string UsageType, string ProductCode, string ProductName, string Unit, string LineType)[] BedrockCharges =
    [
        ("USE1-NovaPro-input-tokens", "AmazonBedrock", "Amazon Bedrock", "1K tokens", "Usage"),
        ("USE1-NovaPro-output-tokens-batch", "AmazonBedrock", "Amazon Bedrock", "1K tokens", "Usage"),
        ("USW2-Claude4.6Sonnet-cache-read-input-token-count", "AmazonBedrockService", "Amazon Bedrock Service", "1K tokens", "Usage"),
        ("USW2-Claude4.6Sonnet-cache-write-input-token-count-1-hour", "AmazonBedrockService", "Amazon Bedrock Service", "1K tokens", "Usage"),
        ("USE1-MP:USE1_InputTokenCount-Units", "prod-7xhq3", "Claude 3 Haiku (Amazon Bedrock Edition)", "1M tokens", "Usage"),
        ("USE1-Nova2.0Lite-ProvisionedThroughput-1month-ModelUnits", "AmazonBedrock", "Amazon Bedrock", "Hrs", "Usage"),
        ("USE1-SomethingNew-thing", "AmazonBedrock", "Amazon Bedrock", string.Empty, "Usage"),
        ("USE1-NovaLite-input-tokens", "AmazonBedrock", "Amazon Bedrock", "1K tokens", "Credit"),
        (string.Empty, "AmazonBedrock", "Amazon Bedrock", string.Empty, "Tax"),
    ];

    private static readonly (string UsageType, string ProductCode, string ProductName)[] OtherCharges =
    [
        ("USE1-BoxUsage:m5.large", "AmazonEC2", "Amazon Elastic Compute Cloud"),
        ("USE1-TimedStorage-ByteHrs", "AmazonS3", "Amazon Simple Storage Service"),
    ];

    private static Gen<DataLine> DataLines(bool bedrock) =>
        from account in Gen.Elements(AccountA, AccountB, "012345678901")
        from hours in Gen.Choose(0, (61 * 24) - 1)
        from charge in Gen.Elements(BedrockCharges)
        from other in Gen.Elements(OtherCharges)
        from quantity in Amount(100_000, 6, allowNegative: false)
        from cost in Amount(1_000_000, 9, allowNegative: true)
        from team in Gen.Frequency((1, Gen.Constant<string?>(null)), (3, TagText.Select(t => (string?)t)))
        from feature in Gen.Frequency((1, Gen.Constant<string?>(null)), (2, TagText.Select(t => (string?)t)))
        from stampStyle in Gen.Choose(0, 4)
        from amountStyle in Gen.Choose(0, 2)
        from freeText in Gen.Frequency(
            (6, Gen.Constant<byte[]?>(null)),
            (2, TagText.Select(t => (byte[]?)Encoding.UTF8.GetBytes(CsvField(t.Replace("\n", " ", StringComparison.Ordinal))))),
            (1, Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).Select(b => (byte[]?)b.Where(x => x is not ((byte)'\n' or (byte)'\r' or (byte)',' or (byte)'"')).ToArray())),
            (1, Gen.Choose(1_000, 20_000).Select(n => (byte[]?)Encoding.UTF8.GetBytes(new string('w', n)))))
        let start = May1.AddHours(hours)
        select new DataLine(
            bedrock
                ? new Charge(account, DateOnly.FromDateTime(start.UtcDateTime), charge.UsageType, quantity, charge.Unit, cost)
                {
                    ProductCode = charge.ProductCode, ProductName = charge.ProductName, LineItemType = charge.LineType, Team = team, Feature = feature,
                }
                : new Charge(account, DateOnly.FromDateTime(start.UtcDateTime), other.UsageType, quantity, "Hrs", cost)
                {
                    ProductCode = other.ProductCode, ProductName = other.ProductName, Team = team,
                },
            start,
            stampStyle,
            amountStyle,
            freeText);

    private static string CsvField(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    private static Gen<Line> HostileLines =>
        from kind in Gen.Elements(Enum.GetValues<Hostile>())
        from line in DataLines(bedrock: true)
        from variant in Gen.Choose(0, 1_000)
        from size in Gen.Choose(1, 40)
        select (Line)new HostileLine(kind, line, variant, size);

    private static Gen<Plan> Plans(bool hostile) =>
        from format in Gen.Elements(Format.Cur, Format.Focus)
        from header in Gen.Shuffle(format == Format.Cur ? CurColumns : FocusColumns)
        from bedrock in Gen.ListOf(DataLines(bedrock: true)).Select(l => l.Take(25).ToList())
        from others in Gen.ListOf(DataLines(bedrock: false)).Select(l => l.Take(8).ToList())
        from blanks in Gen.Choose(0, 2)
        from bad in hostile ? Gen.NonEmptyListOf(HostileLines).Select(l => l.Take(8).ToList()) : Gen.Constant(new List<Line>())
        from order in Gen.Shuffle(bedrock.Cast<Line>().Concat(others).Concat(bad).Concat(Enumerable.Repeat<Line>(new BlankLine(), blanks)))
        from gzip in Gen.Elements(false, true)
        from crlf in Gen.Elements(false, true)
        from bom in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from finalNewline in Gen.Frequency((1, Gen.Constant(false)), (4, Gen.Constant(true)))
        from quoteStyle in Gen.Choose(0, 2)
        from seed in Gen.Choose(0, int.MaxValue)
        select new Plan(format, header.ToArray(), order, gzip, crlf, bom, finalNewline, quoteStyle, seed);

    // ---- Rendering a plan into bytes, and what the importer must make of it ----

    private sealed record ExpectedRejection(long Line, string? Column, string? ReasonContains);

    private sealed record Expected(
        long Kept, long Skipped, SortedDictionary<string, decimal> CostByDay, SortedDictionary<string, decimal> CostByDayAccountTeam, List<ExpectedRejection> Rejections);

    private sealed record RenderedFile(string Name, byte[] Content, Expected Expected);

    /// <summary>The columns a hostile line targets, in the plan's format.</summary>
    private sealed record Columns(string Account, string Start, string Cost, string UsageType, string Tags, string FreeText, string Team);

    private static readonly Columns CurNames = new(
        "line_item_usage_account_id", "line_item_usage_start_date", "line_item_unblended_cost", "line_item_usage_type", "resource_tags", "line_item_line_item_description", "user_team");

    private static readonly Columns FocusNames = new("SubAccountId", "ChargePeriodStart", "BilledCost", "SkuMeter", "Tags", "SubAccountName", "team");

    private static readonly JsonSerializerOptions RelaxedJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static RenderedFile Render(Plan plan)
    {
        var random = new System.Random(plan.Seed);
        var names = plan.Format == Format.Cur ? CurNames : FocusNames;
        var newline = plan.Crlf ? "\r\n"u8.ToArray() : "\n"u8.ToArray();
        var body = new MemoryStream();
        if (plan.Bom)
        {
            body.Write([0xEF, 0xBB, 0xBF]);
        }

        body.Write(Encoding.UTF8.GetBytes(string.Join(',', plan.Header)));
        long lineNumber = 1;
        long kept = 0;
        long skipped = 0;
        var byDay = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        var byDayAccountTeam = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        var rejections = new List<ExpectedRejection>();
        var n = 0;
        foreach (var line in plan.Lines)
        {
            body.Write(newline);
            lineNumber++;
            switch (line)
            {
                case BlankLine:
                    break;
                case DataLine data:
                    body.Write(RenderRow(plan, random, Fields(plan, data, ++n), raw: data.FreeText is { } text ? new() { [names.FreeText] = text } : null));
                    if (!data.Charge.IsBedrock)
                    {
                        skipped++;
                        break;
                    }

                    kept++;
                    var day = data.Charge.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    byDay[day] = byDay.GetValueOrDefault(day) + data.Charge.Cost;
                    var key = $"{day}|{data.Charge.Account}|{(string.IsNullOrWhiteSpace(data.Charge.Team) ? string.Empty : data.Charge.Team.Trim())}";
                    byDayAccountTeam[key] = byDayAccountTeam.GetValueOrDefault(key) + data.Charge.Cost;
                    break;
                case HostileLine bad:
                    var (bytes, expected) = RenderHostile(plan, random, names, bad, ++n, lineNumber);
                    body.Write(bytes);
                    rejections.AddRange(expected);
                    lineNumber += expected.Count - 1;
                    break;
            }
        }

        if (plan.FinalNewline)
        {
            body.Write(newline);
        }

        var content = body.ToArray();
        var name = $"export-{plan.Format.ToString().ToLowerInvariant()}.csv";
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

        // Zero-cost days still get a fact; keys with a zero sum stay in the expectation only when some row made them.
        return new RenderedFile(name, content, new Expected(kept, skipped, byDay, byDayAccountTeam, rejections));
    }

    /// <summary>The row's fields by column, with the usage start and amounts rendered in the line's style and tag maps as relaxed JSON.</summary>
    private static Dictionary<string, string> Fields(Plan plan, DataLine data, int n)
    {
        var c = data.Charge;
        var row = plan.Format == Format.Cur ? CurRow(c, n) : FocusRow(c);
        var start = RenderStamp(data.Start, data.StampStyle);
        var cost = RenderAmount(c.Cost, data.AmountStyle);
        if (plan.Format == Format.Cur)
        {
            row["line_item_usage_start_date"] = start;
            row["line_item_unblended_cost"] = cost;
            row["line_item_usage_amount"] = RenderAmount(c.Quantity, data.AmountStyle);
            row["resource_tags"] = TagMap(("user_team", c.Team), ("user_feature", c.Feature));
            row["tags"] = TagMap(("resourceTags/user:team", c.Team), ("resourceTags/user:feature", c.Feature));
        }
        else
        {
            row["ChargePeriodStart"] = start;
            row["BilledCost"] = cost;
            row["EffectiveCost"] = cost;
            row["PricingQuantity"] = RenderAmount(c.Quantity, data.AmountStyle);
            row["Tags"] = TagMap(("team", c.Team), ("feature", c.Feature));
        }

        return row;
    }

    private static string TagMap(params (string Key, string? Value)[] tags)
    {
        var present = tags.Where(t => t.Value is not null).ToDictionary(t => t.Key, t => t.Value!);
        return present.Count == 0 ? string.Empty : JsonSerializer.Serialize(present, RelaxedJson);
    }

    /// <summary>"2026-05-01T10:00:00Z", with milliseconds, "2026-05-01 10:00:00", a bare day (midnight only), or a local time with its offset.</summary>
    private static string RenderStamp(DateTimeOffset utc, int style) => style switch
    {
        0 => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        1 => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        2 => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        3 => utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => utc.ToOffset(TimeSpan.FromHours((utc.Hour % 23) - 11 is 0 ? 5 : (utc.Hour % 23) - 11)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
    };

    /// <summary>"1.5", "1.500000000" or "15E-1": the same decimal.</summary>
    private static string RenderAmount(decimal value, int style)
    {
        switch (style)
        {
            case 0:
                return value.ToString(CultureInfo.InvariantCulture);
            case 1:
                return value.ToString("F9", CultureInfo.InvariantCulture);
            default:
                var scale = value.Scale;
                var mantissa = value * Pow10(scale);
                return mantissa.ToString("F0", CultureInfo.InvariantCulture) + "E-" + scale.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>One CSV line: fields quoted when they must be, and otherwise as the plan's quote style says; raw fields are written as given.</summary>
    private static byte[] RenderRow(Plan plan, System.Random random, Dictionary<string, string> fields, Dictionary<string, byte[]>? raw = null)
    {
        var line = new MemoryStream();
        for (var i = 0; i < plan.Header.Length; i++)
        {
            if (i > 0)
            {
                line.WriteByte((byte)',');
            }

            var column = plan.Header[i];
            if (raw is not null && raw.TryGetValue(column, out var bytes))
            {
                line.Write(bytes);
                continue;
            }

            var value = fields.GetValueOrDefault(column) ?? string.Empty;
            var quote = plan.QuoteStyle == 1 || (plan.QuoteStyle == 2 && random.Next(2) == 0);
            line.Write(Encoding.UTF8.GetBytes(quote ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : CsvField(value)));
        }

        return line.ToArray();
    }

    private static (byte[] Bytes, List<ExpectedRejection> Rejections) RenderHostile(Plan plan, System.Random random, Columns names, HostileLine bad, int n, long line)
    {
        var fields = Fields(plan, bad.Base, n);
        byte[] Row(Dictionary<string, byte[]>? raw = null) => RenderRow(plan, random, fields, raw);
        List<ExpectedRejection> At(string? column, string? reason = null) => [new(line, column, reason)];

        switch (bad.Kind)
        {
            case Hostile.TooFewColumns:
            {
                var keep = 1 + (bad.Variant % (plan.Header.Length - 1));
                var partial = plan with { Header = plan.Header[..keep] };
                return (RenderRow(partial, random, fields), At(null, "columns"));
            }

            case Hostile.TooManyColumns:
                return ([.. Row(), .. Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(",extra", 1 + (bad.Variant % 3))))], At(null, "columns"));
            case Hostile.NotANumberCost:
            {
                string[] junk = ["abc", "1.2.3", "NaN", "Infinity", "-", "1e999", "0x1F", "1,5", "$1.00", string.Empty, "１２", "1_000", "--1", "2000000000", "-1000000001", "1.5 USD"];
                fields[names.Cost] = junk[bad.Variant % junk.Length];
                return (Row(), At(names.Cost));
            }

            case Hostile.BadDate:
            {
                string[] junk = ["2026-13-45T00:00:00Z", "2026-02-30T00:00:00Z", "yesterday", string.Empty, "1999-12-31T00:00:00Z", "0000-00-00", "2026/05/01 garbage", "2201-01-01T00:00:00Z", "20260501"];
                fields[names.Start] = junk[bad.Variant % junk.Length];
                return (Row(), At(names.Start));
            }

            case Hostile.EmptyAccount:
                fields[names.Account] = bad.Variant % 2 == 0 ? string.Empty : "   ";
                return (Row(), At(names.Account));
            case Hostile.NotATagMap:
            {
                string[] junk = ["{not json", "[1,2,3]", "team=search", "{\"a\":" + new string('[', 5_000) + new string(']', 5_000) + "}", "{\"user_team\":"];
                fields[names.Tags] = junk[bad.Variant % junk.Length];
                return (Row(), At(names.Tags));
            }

            case Hostile.StrayQuote:
                return (Row(new() { [names.FreeText] = "Bill \"x\" line"u8.ToArray() }), At(null, "quot"));
            case Hostile.UnterminatedQuote:
                return (Row(new() { [names.FreeText] = "\"unclosed, still open"u8.ToArray() }), At(null, "quot"));
            case Hostile.BinaryLine:
            {
                var bytes = new byte[bad.Size * 7];
                random.NextBytes(bytes);
                var line1 = bytes.Where(b => b is not ((byte)'\n' or (byte)'\r' or (byte)',')).Prepend((byte)'#').ToArray();
                return (line1, At(null));
            }

            case Hostile.HugeUsageType:
                fields[names.UsageType] = "USE1-" + new string('X', 3_000 + (bad.Variant * 20));
                return (Row(), At(names.UsageType, "characters"));
            case Hostile.HugeTagValue:
                fields[names.Tags] = JsonSerializer.Serialize(new Dictionary<string, string> { [names.Team] = new string('t', 3_000 + (bad.Variant * 20)) });
                return (Row(), At(names.Tags, "characters"));
            case Hostile.LineOverTheLimit:
                return (Row(new() { [names.FreeText] = Encoding.UTF8.GetBytes(new string('L', TestMaxLineBytes + (bad.Variant * 100))) }), At(null, "longer than"));
            case Hostile.LineBreakInQuotes:
                // Bill fields hold no line break: each physical line is refused on its own, and neither swallows its neighbours.
                return (Row(new() { [names.FreeText] = "\"first half\nsecond half\""u8.ToArray() }), [new(line, null, "quot"), new(line + 1, null, null)]);
            default:
                throw new ArgumentOutOfRangeException(nameof(bad));
        }
    }
}
