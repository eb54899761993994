using System.Diagnostics;
using System.Globalization;
using FinOpsDashboard.Domain.Classification;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Demo;
using FinOpsDashboard.Infrastructure.Tests;
using FinOpsDashboard.Infrastructure.Tests.AwsApi;

namespace FinOpsDashboard.Cli.Tests;

/// <summary>
/// Issue #3's acceptance: the real `finops` binary, configured only through environment variables, ingests from a
/// fake AWS (a real HTTP server that checks SigV4 signatures, answering with a simulated organisation's data).
/// </summary>
public sealed class IngestAwsEndToEndTests
{
    private const string CallerAccount = "444455556666";

    [Fact]
    public async Task IngestAws_ThenReport_ReproducesTheFakesTotalsToTheCent_AndASecondIngestChangesNothing()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var window = new DateWindow(today.AddDays(-30), today);
        var organisation = new DemoWorkload(new DemoWorkloadOptions { Seed = 7, AnchorDay = today.AddDays(-1), HistoryDays = 30 }, TimeProvider.System);
        await using var aws = await FakeAwsServer.StartAsync();
        aws.UseApis(organisation);
        aws.UseCallerIdentity(CallerAccount);
        await using var db = new TestDatabase();
        var env = Environment(aws, db);

        var first = await RunAsync(env, "ingest", "aws", "--from", Iso(window.Start), "--to", Iso(window.End), "--no-metrics");
        var afterFirst = await db.ScalarAsync("SELECT count(*) FROM cost_facts");
        var snapshot = await SnapshotAsync(db);
        var pagesBefore = aws.RequestsFor("GetCostAndUsage").Count;
        var second = await RunAsync(env, "ingest", "aws", "--from", Iso(window.Start), "--to", Iso(window.End), "--no-metrics");
        var report = await RunAsync(env, "report", "--by", "model", "--from", Iso(window.Start), "--to", Iso(window.End));

        Assert.Contains($"{CallerAccount} (us-east-1): 30 day(s) fetched", first);
        Assert.Contains("AWS calls:", first);
        // The second run re-fetches only the two days AWS still marks Estimated.
        Assert.Contains($"{CallerAccount} (us-east-1): 2 day(s) fetched", second);
        // One page per (service, team filter) instead of three: 21 vs 63 on this organisation.
        Assert.True(aws.RequestsFor("GetCostAndUsage").Count - pagesBefore <= pagesBefore / 2, "a top-up run asks for far fewer pages");
        Assert.Equal(afterFirst, await db.ScalarAsync("SELECT count(*) FROM cost_facts"));
        Assert.Equal(snapshot, await SnapshotAsync(db));
        Assert.Equal(afterFirst, await db.ScalarAsync($"SELECT count(*) FROM cost_facts WHERE AccountId = '{CallerAccount}' AND Source = 'cost-explorer'"));

        var expected = organisation.Ledger(window)
            .GroupBy(l => UsageTypeClassifier.Classify(l.UsageType, l.Service).Model)
            .ToDictionary(g => g.Key, g => Math.Round(g.Sum(l => l.UnblendedCost), 2));
        var reported = report.Trim().Split('\n').Skip(1)
            .Select(l => (Key: l[..l.LastIndexOf(',')], Cost: decimal.Parse(l[(l.LastIndexOf(',') + 1)..], CultureInfo.InvariantCulture)))
            .ToDictionary(r => r.Key, r => Math.Round(r.Cost, 2));
        Assert.Equal(expected.OrderBy(e => e.Key), reported.OrderBy(r => r.Key));
        Assert.All(aws.Requests, r => Assert.Equal(FakeAwsServer.AccessKeyId, r.Authorization?.AccessKeyId));
    }

    private static Dictionary<string, string> Environment(FakeAwsServer aws, TestDatabase db) => new()
    {
        ["AWS_ACCESS_KEY_ID"] = FakeAwsServer.AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = FakeAwsServer.SecretAccessKey,
        ["AWS_REGION"] = "us-east-1",
        ["Aws__Endpoints__CostExplorer"] = aws.BaseUri.AbsoluteUri,
        ["Aws__Endpoints__CloudWatch"] = aws.BaseUri.AbsoluteUri,
        ["Aws__Endpoints__Bedrock"] = aws.BaseUri.AbsoluteUri,
        ["Aws__Endpoints__Sts"] = aws.BaseUri.AbsoluteUri,
        ["Database__Path"] = db.Path,
    };

    private static async Task<string> SnapshotAsync(TestDatabase db)
    {
        await using var context = db.Context();
        var rows = context.CostFacts
            .OrderBy(f => f.Date).ThenBy(f => f.Service).ThenBy(f => f.UsageType).ThenBy(f => f.Team).ThenBy(f => f.Feature)
            .Select(f => $"{f.Date}|{f.Service}|{f.UsageType}|{f.Team}|{f.Feature}|{f.UnblendedCost}|{f.AmortizedCost}|{f.Quantity}|{f.IsEstimated}")
            .ToList();
        return await Task.FromResult(string.Join('\n', rows));
    }

    private static async Task<string> RunAsync(Dictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo(CliBinary()) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Only what the test sets: a developer's own AWS profile must not leak in.
        foreach (var key in new[] { "AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI" })
        {
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"finops {string.Join(' ', args)} exited {process.ExitCode}:\n{await stderr}\n{await stdout}");
        return await stdout;
    }

    private static string CliBinary()
    {
        var local = Path.Combine(AppContext.BaseDirectory, "finops");
        return File.Exists(local) ? local : throw new FileNotFoundException($"The finops apphost was not copied next to the tests: {local}");
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
