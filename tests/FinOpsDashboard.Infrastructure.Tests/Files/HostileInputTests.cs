using System.IO.Compression;
using System.Text;
using System.Text.Json;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.Files;
using static FinOpsDashboard.Infrastructure.Tests.Files.Fixtures;

namespace FinOpsDashboard.Infrastructure.Tests.Files;

/// <summary>
/// Oversized and hostile input, one example each: the limits in <see cref="ImportOptions"/> (file size, line length,
/// value length) and the cases the property tests (BillingCsvPropertyTests, InvocationLogPropertyTests) found.
/// </summary>
public sealed class HostileInputTests
{
    private const int MiB = 1024 * 1024;

    // ---- Oversized CSV ----

    [Fact]
    public async Task ACsvLineOfSeveralMegabytes_IsRefusedByLine_AndTheRestIsImported()
    {
        // Before Imports:MaxCsvLineBytes, a line over CsvHelper's 4 MiB record limit threw and failed the whole file.
        await using var h = await ImportHarness.CreateAsync();
        var lines = Cur(MixedMonth()).TrimEnd('\n').Split('\n').ToList();
        lines[2] = lines[2].Replace("Bill line 2", new string('x', 6 * MiB), StringComparison.Ordinal);
        var path = h.Write("cur.csv", string.Join('\n', lines) + "\n");

        var summary = await h.ImportAsync(path);

        Assert.Equal((1, 0), (summary.FilesImported, summary.FilesFailed));
        var rejection = Assert.Single(await h.RejectionsAsync());
        Assert.Equal((path, 3L, (string?)null), (rejection.Location, rejection.LineNumber, rejection.Column));
        Assert.Equal("Line longer than 1,048,576 bytes (Imports:MaxCsvLineBytes): not read.", rejection.Reason);
        Assert.True(rejection.RawLine!.Length <= 500);
        Assert.Equal((14L, 11L, 2L, 1L), (summary.RowsRead, summary.RowsKept, summary.RowsSkipped, summary.RowsRejected));
    }

    [Fact]
    public void AnOverlongCsvLine_IsNeverBufferedWhole()
    {
        var header = string.Join(',', CurColumns) + "\n";
        var good = Cur([new Charge(AccountA, May1, "USE1-NovaPro-input-tokens", 10m, "1K tokens", 0.008m)]).Split('\n')[1] + "\n";
        var input = new MemoryStream([.. Encoding.UTF8.GetBytes(header + good), .. Enumerable.Repeat((byte)'x', 48 * MiB), (byte)'\n', .. Encoding.UTF8.GetBytes(good)]);
        var stats = new FileStats("memory.csv", 10);
        var aggregator = new BillingAggregator();
        var reader = new BillingCsvReader(new TagAttribution(["team"], ["feature"]), MiB, 2048);

        var before = GC.GetAllocatedBytesForCurrentThread();
        reader.Read(input, stats, aggregator, _ => { }, CancellationToken.None);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal((3L, 2L, 1L), (stats.RowsRead, stats.RowsKept, stats.RowsRejected));
        Assert.Equal(3L, Assert.Single(stats.Rejections).LineNumber);
        Assert.True(allocated < 8 * MiB, $"Reading a 48 MiB line allocated {allocated:N0} bytes.");
    }

    [Theory]
    [InlineData("usage type", "line_item_usage_type")]
    [InlineData("tag value", "resource_tags")]
    [InlineData("principal", "line_item_iam_principal")]
    public async Task AValueLongerThanMaxFieldLength_RefusesItsRow_NamingTheColumn(string what, string column)
    {
        await using var h = await ImportHarness.CreateAsync();
        var huge = new string('h', 5_000);
        var charges = new[]
        {
            new Charge(AccountA, May1, "USE1-NovaPro-input-tokens", 10m, "1K tokens", 0.008m) { Team = "search" },
            new Charge(AccountA, May1, "USE1-NovaPro-output-tokens", 10m, "1K tokens", 0.032m) { Team = "search" },
        };
        var csv = Cur(charges, (c, row) =>
        {
            if (c.UsageType.EndsWith("output-tokens", StringComparison.Ordinal))
            {
                row[column] = what switch
                {
                    "usage type" => "USE1-" + huge,
                    "tag value" => JsonSerializer.Serialize(new Dictionary<string, string> { ["user_team"] = huge }),
                    _ => "arn:aws:iam::111122223333:role/" + huge,
                };
            }

            return row;
        });

        await h.ImportAsync(h.Write("cur.csv", csv));

        var rejection = Assert.Single(await h.RejectionsAsync());
        Assert.Equal((3L, column), (rejection.LineNumber, rejection.Column));
        Assert.Contains("Imports:MaxFieldLength", rejection.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(huge, rejection.Reason, StringComparison.Ordinal);
        Assert.Equal(0.008m, Assert.Single(await h.FactsAsync()).UnblendedCost);
    }

    // ---- Oversized files ----

    [Fact]
    public async Task AFileOverMaxFileBytes_IsNotRead_AndWhatWasStoredStays()
    {
        await using var h = await ImportHarness.CreateAsync(new ImportOptions { MaxFileBytes = 2_000 });
        await h.ImportAsync(h.Write("small/cur.csv", Cur(MixedMonth().Take(1))));
        var before = await h.FactSnapshotAsync();

        var big = h.Write("big/cur.csv", Cur(MixedMonth()));
        var summary = await h.ImportAsync(big);

        Assert.Equal((0, 1), (summary.FilesImported, summary.FilesFailed));
        var error = Assert.Single(summary.Files).Error;
        Assert.Contains("more than the 2,000 Imports:MaxFileBytes allows", error, StringComparison.Ordinal);
        Assert.Equal(before, await h.FactSnapshotAsync());

        // Tried again on the next run (a raised limit would let it in), still without reading it, and recorded once.
        var again = await h.ImportAsync(big);
        Assert.Equal(1, again.FilesFailed);
        var record = Assert.Single(await h.FilesAsync(), f => f.Location == big);
        Assert.Equal((ImportStatus.Failed, "unread:" + new FileInfo(big).Length), (record.Status, record.ContentHash));
    }

    [Theory]
    [InlineData("export/cur.csv.gz")]
    [InlineData("logs/invocations.json.gz")]
    public async Task AGzipBomb_StopsAtMaxFileBytes_WithoutWritingAnything(string name)
    {
        await using var h = await ImportHarness.CreateAsync(new ImportOptions { MaxFileBytes = MiB });
        var start = name.EndsWith("json.gz", StringComparison.Ordinal)
            ? LogRecord("2026-05-01T10:00:00Z", "amazon.nova-pro-v1:0", 1, 1) + "\n"
            : Cur(MixedMonth());
        using var bomb = new MemoryStream();
        using (var gzip = new GZipStream(bomb, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(start));
            var zeros = new byte[MiB];
            for (var i = 0; i < 64; i++)
            {
                gzip.Write(zeros);
            }
        }

        Assert.True(bomb.Length < MiB / 2, "The bomb itself is small.");
        var summary = await h.ImportAsync(h.Write(name, bomb.ToArray()));

        Assert.Equal((0, 1), (summary.FilesImported, summary.FilesFailed));
        Assert.Contains("Imports:MaxFileBytes", Assert.Single(summary.Files).Error, StringComparison.Ordinal);
        Assert.Empty(await h.FactsAsync());
        Assert.Empty(await h.LogHoursAsync());
    }

    // ---- Invocation logs ----

    [Fact]
    public async Task ALogLineOverMaxLogLineBytes_IsRefusedByLine_WithinBoundedMemory()
    {
        await using var h = await ImportHarness.CreateAsync(new ImportOptions { MaxLogLineBytes = MiB });
        var good = LogRecord("2026-05-01T10:00:00Z", "amazon.nova-pro-v1:0", 100, 10);
        var huge = LogRecord("2026-05-01T10:00:00Z", "amazon.nova-pro-v1:0", 100, 10, prompt: new string('p', 5 * MiB));
        var path = h.Write("log.json", good + "\n" + huge + "\n" + good + "\n");

        var summary = await h.ImportAsync(path);

        var rejection = Assert.Single(await h.RejectionsAsync());
        Assert.Equal((path, 2L, "Line longer than 1,048,576 bytes (Imports:MaxLogLineBytes): not read."), (rejection.Location, rejection.LineNumber, rejection.Reason));
        Assert.Equal(2L, summary.RowsKept);
        Assert.Equal(2L, Assert.Single(await h.LogHoursAsync()).RequestCount);

        using var lines = new ByteLineReader(new MemoryStream(Encoding.UTF8.GetBytes(good + "\n" + huge + "\n" + good)), MiB);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var seen = new List<(long Line, bool TooLong)>();
        while (lines.TryReadLine(out _, out var tooLong))
        {
            seen.Add((lines.LineNumber, tooLong));
        }

        Assert.Equal([(1L, false), (2L, true), (3L, false)], seen);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4 * MiB, "The line buffer stays near the limit, not the line.");
    }

    [Theory]
    [InlineData("arrays", 1_000_000)]
    [InlineData("objects", 300_000)]
    public async Task DeeplyNestedJson_IsRefusedByLine_WithoutAStackOverflow(string shape, int depth)
    {
        await using var h = await ImportHarness.CreateAsync();
        var good = LogRecord("2026-05-01T10:00:00Z", "amazon.nova-pro-v1:0", 100, 10);
        var deep = shape == "arrays"
            ? new string('[', depth) + new string(']', depth)
            : "{\"schemaType\":\"ModelInvocationLog\",\"input\":" + string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth) + "}";

        var summary = await h.ImportAsync(h.Write("log.json", good + "\n" + deep + "\n" + good + "\n"));

        Assert.Equal(2L, summary.RowsKept);
        Assert.Equal(2L, Assert.Single(await h.RejectionsAsync()).LineNumber);
    }

    [Fact]
    public async Task InvalidUtf8InARecord_RefusesThatLine_NotTheFile()
    {
        // Found by InvocationLogPropertyTests: Utf8JsonReader.GetString threw InvalidOperationException and the whole file failed.
        await using var h = await ImportHarness.CreateAsync();
        var good = Encoding.UTF8.GetBytes(LogRecord("2026-05-01T10:00:00Z", "amazon.nova-pro-v1:0", 100, 10) + "\n");
        var bad = Encoding.UTF8.GetBytes(LogRecord("2026-05-01T10:00:00Z", "amazon.nova-pro-XX", 100, 10) + "\n");
        var at = bad.AsSpan().IndexOf("XX"u8);
        (bad[at], bad[at + 1]) = (0xC3, 0x28);
        var escaped = Encoding.UTF8.GetBytes(LogRecord("2026-05-01T10:00:00Z", "amazon.nova-pro-YY", 100, 10).Replace("YY", "\\ud800", StringComparison.Ordinal) + "\n");

        var summary = await h.ImportAsync(h.Write("log.json", [.. good, .. bad, .. escaped, .. good]));

        Assert.Equal((1, 2L, 2L), (summary.FilesImported, summary.RowsKept, summary.RowsRejected));
        Assert.Equal([2L, 3L], (await h.RejectionsAsync()).Select(r => r.LineNumber));
        Assert.All(await h.RejectionsAsync(), r => Assert.StartsWith("Not valid JSON", r.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AByteOrderMark_DoesNotHideALogFile()
    {
        // Found by InvocationLogPropertyTests: the sniffer skipped the BOM, the reader then refused line 1 and the whole file as "Unknown format".
        await using var h = await ImportHarness.CreateAsync();
        var text = LogRecord("2026-05-01T10:00:00Z", "amazon.nova-pro-v1:0", 100, 10) + "\n";

        var summary = await h.ImportAsync(h.Write("log.json", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)]));

        Assert.Equal((1, 1L), (summary.FilesImported, summary.RowsKept));
    }

    [Fact]
    public async Task AMessageWrappedDeeperThanAwsWrites_IsRefused_NotDroppedUnseen()
    {
        // Found by InvocationLogPropertyTests: a third wrapper was neither read, skipped nor rejected; the line vanished from every count.
        await using var h = await ImportHarness.CreateAsync();
        var record = LogRecord("2026-05-01T10:00:00Z", "amazon.nova-pro-v1:0", 100, 10);
        var twice = JsonSerializer.Serialize(new { message = JsonSerializer.Serialize(new { message = record }) });
        var thrice = JsonSerializer.Serialize(new { message = twice });

        var summary = await h.ImportAsync(h.Write("log.json", record + "\n" + twice + "\n" + thrice + "\n"));

        Assert.Equal((2L, 1L), (summary.RowsKept, summary.RowsRejected));
        var rejection = Assert.Single(await h.RejectionsAsync());
        Assert.Equal((3L, "A message nested more than 2 wrappers deep: not read."), (rejection.LineNumber, rejection.Reason));
    }

    [Fact]
    public async Task AnImplausibleTokenCount_IsRefused_SoAnHoursSumCannotWrapNegative()
    {
        // Two counts near long.MaxValue in one hour used to add up (unchecked) to a negative sum.
        await using var h = await ImportHarness.CreateAsync();
        var huge = (long.MaxValue / 2) + 1;
        var lines = string.Join('\n',
            LogRecord("2026-05-01T10:00:00Z", "amazon.nova-pro-v1:0", huge, 10),
            LogRecord("2026-05-01T10:10:00Z", "amazon.nova-pro-v1:0", huge, 10),
            LogRecord("2026-05-01T10:20:00Z", "amazon.nova-pro-v1:0", 1_000_000_000_000, 10));

        var summary = await h.ImportAsync(h.Write("log.json", lines + "\n"));

        Assert.Equal((1L, 2L), (summary.RowsKept, summary.RowsRejected));
        Assert.All(await h.RejectionsAsync(), r => Assert.Equal("input.inputTokenCount", r.Column));
        Assert.Equal(1_000_000_000_000, Assert.Single(await h.LogHoursAsync()).InputTokens);
    }
}
