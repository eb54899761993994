using FinOpsDashboard.Domain.Facts;
using static FinOpsDashboard.Infrastructure.Tests.Files.Fixtures;

namespace FinOpsDashboard.Infrastructure.Tests.Files;

public sealed class ImportTrackingTests
{
    [Fact]
    public async Task TheSameExportTwice_IsSkipped_AndLeavesIdenticalData()
    {
        await using var h = await ImportHarness.CreateAsync();
        var path = h.Write("cur/2026-05.csv.gz", Gzip(Cur(MixedMonth())));
        await h.ImportAsync(path);
        var before = await h.FactSnapshotAsync();

        var second = await h.ImportAsync(path);

        Assert.Equal((0, 1), (second.FilesImported, second.FilesSkipped));
        Assert.Equal(0, second.RowsRead);
        Assert.Equal(before, await h.FactSnapshotAsync());
        Assert.Single(await h.FilesAsync());
    }

    [Fact]
    public async Task ACopyOfTheSameExportElsewhere_ReplacesItsPeriod_WithIdenticalData()
    {
        await using var h = await ImportHarness.CreateAsync();
        await h.ImportAsync(h.Write("a/cur.csv", Cur(MixedMonth())));
        var before = await h.FactSnapshotAsync();

        var copy = await h.ImportAsync(h.Write("b/cur.csv", Cur(MixedMonth())));

        Assert.Equal(1, copy.FilesImported);
        Assert.Equal(before, await h.FactSnapshotAsync());
    }

    [Fact]
    public async Task ARestatedPeriod_ReplacesThePeriodAsAWhole_AndLeavesOtherPeriodsAlone()
    {
        await using var h = await ImportHarness.CreateAsync();
        var path = h.Write("cur/2026-05.csv", Cur(MixedMonth()));
        await h.ImportAsync(path);
        await h.ImportAsync(h.Write("cur-june/2026-06.csv", Cur([new Charge(AccountA, Jun1, "USE1-NovaPro-input-tokens", 100m, "1K tokens", 0.08m) { Team = "search" }])));

        // The restatement drops the batch line, changes a cost and drops account B entirely.
        var restated = MixedMonth()
            .Where(c => c.Account == AccountA && !c.UsageType.EndsWith("-batch", StringComparison.Ordinal))
            .Select(c => c.UsageType == "USE1-NovaPro-output-tokens" ? c with { Cost = 1.01m } : c)
            .ToList();
        var summary = await h.ImportAsync(h.Write("cur/2026-05.csv", Cur(restated)));

        Assert.Equal(1, summary.FilesImported);
        var facts = await h.FactsAsync();
        Assert.DoesNotContain(facts, f => f.PricingMode == "batch");
        Assert.DoesNotContain(facts, f => f.AccountId == AccountB);
        Assert.Equal(1.01m, Assert.Single(facts, f => f.UsageType == "USE1-NovaPro-output-tokens").UnblendedCost);
        Assert.Single(facts, f => f.Date == Jun1);
        Assert.Equal(1.01m + 1.6m + 6.6m + 2.64m + 2.64m + 0.24m + 0.24m + 0.08m, facts.Sum(f => f.UnblendedCost));

        var files = await h.FilesAsync();
        Assert.Equal([ImportStatus.Superseded, ImportStatus.Imported, ImportStatus.Imported], files.Select(f => f.Status));
    }

    [Fact]
    public async Task APeriodSplitOverSeveralFiles_IsImportedTogether_AndReplacedTogether()
    {
        await using var h = await ImportHarness.CreateAsync();
        var month = MixedMonth();
        h.Write("export/data/BILLING_PERIOD=2026-05/export-00001.csv.gz", Gzip(Cur(month.Take(7))));
        h.Write("export/data/BILLING_PERIOD=2026-05/export-00002.csv.gz", Gzip(Cur(month.Skip(7))));

        var first = await h.ImportAsync(h.Folder);
        var all = await h.FactSnapshotAsync();

        // Only part 2 is restated: part 1's lines must survive the period replacement.
        h.Write("export/data/BILLING_PERIOD=2026-05/export-00002.csv.gz", Gzip(Cur(month.Skip(7).Select(c => c with { Cost = c.Cost }).Reverse())));
        var second = await h.ImportAsync(h.Folder);

        Assert.Equal(2, first.FilesImported);
        Assert.Equal((2, 0), (second.FilesImported, second.FilesSkipped));
        Assert.Equal(all, await h.FactSnapshotAsync());
    }

    [Fact]
    public async Task AManifest_DecidesWhichFilesMakeUpThePeriod()
    {
        await using var h = await ImportHarness.CreateAsync();
        var month = MixedMonth();
        var old = month.Select(c => c with { Cost = c.Cost * 10 }).ToList();
        h.Write("cur/my-export/data/BILLING_PERIOD=2026-05/20260502T0100/my-export-00001.csv.gz", Gzip(Cur(old)));
        h.Write("cur/my-export/data/BILLING_PERIOD=2026-05/20260503T0100/my-export-00001.csv.gz", Gzip(Cur(month.Take(7))));
        h.Write("cur/my-export/data/BILLING_PERIOD=2026-05/20260503T0100/my-export-00002.csv.gz", Gzip(Cur(month.Skip(7))));
        h.Write("cur/my-export/metadata/BILLING_PERIOD=2026-05/my-export-Manifest.json", """
            {
              "exportArn": "arn:aws:bcm-data-exports:us-east-1:111122223333:export/my-export-1234",
              "billingPeriod": "2026-05",
              "dataFiles": [
                "s3://billing-bucket/cur/my-export/data/BILLING_PERIOD=2026-05/20260503T0100/my-export-00001.csv.gz",
                "s3://billing-bucket/cur/my-export/data/BILLING_PERIOD=2026-05/20260503T0100/my-export-00002.csv.gz"
              ]
            }
            """);

        var summary = await h.ImportAsync(h.Folder);

        Assert.Equal(3, summary.FilesImported);
        Assert.Contains(summary.Files, f => f.Location.Contains("20260502T0100", StringComparison.Ordinal) && f.Outcome.StartsWith("ignored", StringComparison.Ordinal));
        await using var expected = await ImportHarness.CreateAsync();
        await expected.ImportAsync(expected.Write("cur.csv", Cur(month)));
        Assert.Equal(await expected.FactSnapshotAsync(), await h.FactSnapshotAsync());
    }

    [Fact]
    public async Task AManifestWhoseFilesAreMissing_ImportsNothingOfThatPeriod()
    {
        await using var h = await ImportHarness.CreateAsync();
        h.Write("x/data/BILLING_PERIOD=2026-05/x-00001.csv", Cur(MixedMonth().Take(3)));
        h.Write("x/metadata/BILLING_PERIOD=2026-05/x-Manifest.json", """
            {"billingPeriod":"2026-05","dataFiles":["s3://b/x/data/BILLING_PERIOD=2026-05/x-00001.csv","s3://b/x/data/BILLING_PERIOD=2026-05/x-00002.csv"]}
            """);

        var summary = await h.ImportAsync(h.Folder);

        Assert.Equal(0, summary.FilesImported);
        Assert.True(summary.FilesFailed >= 1);
        Assert.Empty(await h.FactsAsync());
        Assert.Contains("x-00002.csv", Assert.Single(await h.FilesAsync()).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATruncatedGzip_FailsCleanly_AndKeepsWhatWasStored()
    {
        await using var h = await ImportHarness.CreateAsync();
        var path = h.Write("cur/2026-05.csv.gz", Gzip(Cur(MixedMonth())));
        await h.ImportAsync(path);
        var before = await h.FactSnapshotAsync();

        // A new, larger version of the same export whose upload was cut off.
        var bigger = Enumerable.Range(0, 400).SelectMany(_ => MixedMonth()).Select(c => c with { Cost = c.Cost * 2 }).ToList();
        var gz = Gzip(Cur(bigger));
        h.Write("cur/2026-05.csv.gz", gz[..(gz.Length * 2 / 3)]);
        var summary = await h.ImportAsync(path);

        Assert.Equal((0, 1), (summary.FilesImported, summary.FilesFailed));
        Assert.Equal(before, await h.FactSnapshotAsync());
        var files = await h.FilesAsync();
        Assert.Equal([ImportStatus.Imported, ImportStatus.Failed], files.Select(f => f.Status));
        Assert.Contains("truncated", files[1].Error, StringComparison.Ordinal);
        Assert.Empty(await h.RejectionsAsync());
    }

    [Fact]
    public async Task ATruncatedGzip_OnAnEmptyStore_WritesNoFacts()
    {
        await using var h = await ImportHarness.CreateAsync();
        var gz = Gzip(Cur(MixedMonth()));

        var summary = await h.ImportAsync(h.Write("cut.csv.gz", gz[..^6]));

        Assert.Equal(1, summary.FilesFailed);
        Assert.Empty(await h.FactsAsync());
        Assert.Equal(0, await h.Db.ScalarAsync("SELECT count(*) FROM cost_facts"));
    }

    [Fact]
    public async Task AFailedFile_IsRetriedOnTheNextRun()
    {
        await using var h = await ImportHarness.CreateAsync();
        var gz = Gzip(Cur(MixedMonth()));
        var path = h.Write("cur.csv.gz", gz[..^6]);
        await h.ImportAsync(path);

        h.Write("cur.csv.gz", gz);
        var summary = await h.ImportAsync(path);

        Assert.Equal(1, summary.FilesImported);
        Assert.Equal(11, (await h.FactsAsync()).Count);
    }
}
