using FinOpsDashboard.Domain.Facts;
using static FinOpsDashboard.Infrastructure.Tests.Files.Fixtures;

namespace FinOpsDashboard.Infrastructure.Tests.Files;

public sealed class MalformedRowTests
{
    /// <summary>Data lines 3-5 of the file are broken (the header is line 1): too few columns, a cost that is not a number, a bad date.</summary>
    private static string FileWithBadRows()
    {
        var lines = Cur(MixedMonth()).TrimEnd('\n').Split('\n').ToList();
        lines[2] = "only,three,columns";
        lines[3] = lines[3].Replace(",0.4,", ",0.4x,", StringComparison.Ordinal);
        lines[4] = lines[4].Replace("2026-05-01T00:00:00Z", "2026-13-45T00:00:00Z", StringComparison.Ordinal);
        return string.Join('\n', lines) + "\n";
    }

    [Fact]
    public async Task BadRows_AreReportedWithLineAndColumn_AndTheRestIsImported()
    {
        await using var h = await ImportHarness.CreateAsync();
        var path = h.Write("cur.csv", FileWithBadRows());

        var summary = await h.ImportAsync(path);

        Assert.Equal((1, 0), (summary.FilesImported, summary.FilesRejected));
        Assert.Equal(3, summary.RowsRejected);
        var rejections = await h.RejectionsAsync();
        Assert.Equal([3L, 4L, 5L], rejections.Select(r => r.LineNumber));
        Assert.Null(rejections[0].Column);
        Assert.Contains("columns", rejections[0].Reason, StringComparison.Ordinal);
        Assert.Equal("only,three,columns", rejections[0].RawLine);
        Assert.Equal("line_item_unblended_cost", rejections[1].Column);
        Assert.Contains("is not a number", rejections[1].Reason, StringComparison.Ordinal);
        Assert.Contains(rejections[2].Column, new[] { "line_item_usage_start_date", "bill_billing_period_start_date" });
        Assert.All(rejections, r => Assert.Equal(path, r.Location));
        Assert.All(rejections, r => Assert.True((r.RawLine?.Length ?? 0) <= 500));
        Assert.Equal(3, summary.FirstRejections.Count);
        Assert.Equal($"{path}:4 line_item_unblended_cost: '0.4x' is not a number.", summary.FirstRejections[1].ToString());

        var file = Assert.Single(await h.FilesAsync());
        Assert.Equal((ImportStatus.ImportedWithRejections, 14L, 3L), (file.Status, file.RowsRead, file.RowsRejected));
        Assert.Equal(9, file.RowsKept);
        Assert.NotEmpty(await h.FactsAsync());
    }

    [Fact]
    public async Task WithRejectWholeFile_ABadRowRejectsTheFile_AndNothingIsWritten()
    {
        await using var h = await ImportHarness.CreateAsync();

        var summary = await h.ImportAsync(h.Write("cur.csv", FileWithBadRows()), rejectWholeFile: true);

        Assert.Equal((0, 1), (summary.FilesImported, summary.FilesRejected));
        Assert.Empty(await h.FactsAsync());
        var file = Assert.Single(await h.FilesAsync());
        Assert.Equal(ImportStatus.Rejected, file.Status);
        Assert.Contains("RejectWholeFileOnBadRow", file.Error, StringComparison.Ordinal);
        Assert.Equal(3, (await h.RejectionsAsync()).Count);
    }

    [Fact]
    public async Task TheRejectWholeFileSetting_ComesFromOptions()
    {
        await using var h = await ImportHarness.CreateAsync(new Infrastructure.Files.ImportOptions { RejectWholeFileOnBadRow = true });

        var summary = await h.ImportAsync(h.Write("cur.csv", FileWithBadRows()));

        Assert.Equal(1, summary.FilesRejected);
        Assert.Empty(await h.FactsAsync());
    }

    [Fact]
    public async Task ABadRowInOnePartOfAPeriod_WithRejectWholeFile_KeepsTheWholePeriodAsItWas()
    {
        await using var h = await ImportHarness.CreateAsync();
        h.Write("p/part-1.csv", Cur(MixedMonth().Take(7)));
        h.Write("p/part-2.csv", Cur(MixedMonth().Skip(7)));
        await h.ImportAsync(h.Folder);
        var before = await h.FactSnapshotAsync();

        h.Write("p/part-2.csv", FileWithBadRows());
        var summary = await h.ImportAsync(h.Folder, rejectWholeFile: true);

        Assert.Equal(0, summary.FilesImported);
        Assert.Equal(before, await h.FactSnapshotAsync());
    }

    [Fact]
    public async Task MalformedQuoting_CostsOneLine_NotTheRestOfTheFile()
    {
        await using var h = await ImportHarness.CreateAsync();
        var lines = Cur(MixedMonth()).TrimEnd('\n').Split('\n').ToList();
        lines[2] = lines[2].Replace("Bill line 2", "Bill \"line\" 2\"oops", StringComparison.Ordinal);
        lines[4] = "\"" + lines[4];

        var summary = await h.ImportAsync(h.Write("quotes.csv", string.Join('\n', lines) + "\n"));

        Assert.Equal((14L, 2L), (summary.RowsRead, summary.RowsRejected));
        var rejections = await h.RejectionsAsync();
        Assert.Equal([3L, 5L], rejections.Select(r => r.LineNumber));
        Assert.All(rejections, r => Assert.StartsWith("Malformed quoting", r.Reason, StringComparison.Ordinal));
        Assert.Equal(10, summary.RowsKept);
    }

    [Fact]
    public async Task LineNumbers_CountBlankAndSkippedLines()
    {
        await using var h = await ImportHarness.CreateAsync();
        var lines = Cur(MixedMonth()).TrimEnd('\n').Split('\n').ToList();
        lines.Insert(2, string.Empty);
        lines[4] = "a,b";
        lines[5] = lines[5].Replace(",0.175,", ",zero,", StringComparison.Ordinal);

        var summary = await h.ImportAsync(h.Write("blank.csv", string.Join('\n', lines) + "\n\n"));

        Assert.Equal([5L, 6L], (await h.RejectionsAsync()).Select(r => r.LineNumber));
        Assert.Equal((14L, 2L), (summary.RowsRead, summary.RowsRejected));
    }

    [Fact]
    public async Task RejectedRawLines_WithholdLongFreeText()
    {
        await using var h = await ImportHarness.CreateAsync();
        var secret = "PLEASE-SUMMARISE " + new string('x', 300);
        var charge = new Charge(AccountA, May1, "USE1-NovaPro-input-tokens", 10m, "1K tokens", 0.008m);
        var csv = Cur([charge], (_, row) =>
        {
            row["line_item_line_item_description"] = secret;
            row["line_item_unblended_cost"] = "abc";
            return row;
        });

        await h.ImportAsync(h.Write("cur.csv", csv));

        var rejection = Assert.Single(await h.RejectionsAsync());
        Assert.DoesNotContain("PLEASE-SUMMARISE", rejection.RawLine, StringComparison.Ordinal);
        Assert.Contains("characters withheld", rejection.RawLine, StringComparison.Ordinal);
    }
}
