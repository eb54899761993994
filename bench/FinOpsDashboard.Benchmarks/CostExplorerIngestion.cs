using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure;
using FinOpsDashboard.Infrastructure.Aws.CostExplorer;
using FinOpsDashboard.Infrastructure.Aws.Http;
using FinOpsDashboard.Infrastructure.Data;
using FinOpsDashboard.Infrastructure.Demo;
using FinOpsDashboard.Infrastructure.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FinOpsDashboard.Benchmarks;

/// <summary>
/// `ce-ingest`: Cost Explorer ingestion throughput. A fake Cost Explorer endpoint on 127.0.0.1 answers as the large demo
/// organisation (40 teams, 200 features, 30 models; DAILY results 14 days a page, linked by NextPageToken), and the real
/// cost-ingestion job — what `finops jobs run cost-ingestion` runs, through the signed HTTP clients — fetches --days days
/// into a fresh migrated database, once per run. The first run includes the fake computing its answers from the demo
/// engine; later runs get the same bytes from the fake's cache, so they measure the ingestion side (plus Kestrel writing
/// the bytes, in this process).
/// </summary>
public static class CostExplorerIngestion
{
    private const string Account = "210987654321";

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        if (!TryCount(arguments, "--days", 365, out var days) || days > 730 || !TryCount(arguments, "--runs", 3, out var runs))
        {
            Console.Error.WriteLine("usage: ce-ingest [--days 1-730] [--runs N≥1] [--keep]");
            return 2;
        }

        var keep = arguments.Contains("--keep");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var options = DemoWorkloadOptions.LargeYear(today.AddDays(-1));
        options.HistoryDays = days;
        var organisation = new DemoWorkload(options, TimeProvider.System);
        var window = new DateWindow(today.AddDays(-days), today);
        var ledger = organisation.Ledger(window).Sum(l => l.UnblendedCost);

        // The default credential chain finds these, as it would a deployment's keys; the fake does not check signatures.
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIDBENCHMARK");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "bench/secret/key");
        Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", null);
        Environment.SetEnvironmentVariable("AWS_PROFILE", null);

        await using var fake = await FakeCostExplorer.StartAsync(organisation);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"large demo organisation, {days} days {window.Start:yyyy-MM-dd}..{window.End.AddDays(-1):yyyy-MM-dd}, ledger {ledger:N2} USD; fake Cost Explorer at {fake.BaseUri}"));
        var failed = false;
        for (var run = 1; run <= runs; run++)
        {
            failed |= !await RunOnceAsync(run, fake, days, ledger, keep);
        }

        return failed ? 1 : 0;
    }

    private static async Task<bool> RunOnceAsync(int run, FakeCostExplorer fake, int days, decimal ledger, bool keep)
    {
        var folder = Directory.CreateTempSubdirectory("finops-ce-bench-").FullName;
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = folder });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Path"] = Path.Combine(folder, "bench.db"),
                ["Jobs:SchedulerEnabled"] = "false",
                ["Ingestion:Source"] = "aws",
                ["Ingestion:CostBackfillDays"] = days.ToString(CultureInfo.InvariantCulture),
                ["Aws:Region"] = "us-east-1",
                ["Aws:Accounts:0:AccountId"] = Account, // listed, so no STS GetCallerIdentity
                ["Aws:Endpoints:CostExplorer"] = fake.BaseUri.AbsoluteUri,
            });
            builder.Logging.ClearProviders();
            builder.Services.AddInfrastructure();
            using var host = builder.Build();
            await host.Services.MigrateDatabaseAsync();
            var dbFactory = host.Services.GetRequiredService<IDbContextFactory<FinOpsDbContext>>();
            await using (var warm = await dbFactory.CreateDbContextAsync())
            {
                _ = warm.JobRuns.Count(); // EF's one-time start-up is not ingestion time (`finops` pays it recording the run)
            }

            var job = host.Services.GetRequiredService<CostIngestionJob>();
            var cold = fake.CachedAnswers == 0;
            fake.ResetCounters();
            GC.Collect();
            var peakReset = ResetPeakWorkingSet();
            using var process = Process.GetCurrentProcess();
            var before = process.WorkingSet64;
            var cpuBefore = process.TotalProcessorTime;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            var result = await job.RunTrackedAsync("bench", 1, scheduler: null, CancellationToken.None);
            var elapsed = watch.Elapsed.TotalSeconds;
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;

            await using var connection = new SqliteConnection(SqliteConnectionSetup.ConnectionString(Path.Combine(folder, "bench.db")));
            await connection.OpenAsync();
            await using var query = connection.CreateCommand();
            query.CommandText = "SELECT count(*), coalesce(sum(UnblendedCost), 0) FROM cost_facts";
            await using var reader = await query.ExecuteReaderAsync();
            await reader.ReadAsync();
            var facts = reader.GetInt64(0);
            var stored = reader.GetInt64(1) / 1_000_000_000m; // nano-dollars (ADR-006)

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run} ({(cold ? "fake computing its answers" : "answers from the fake's cache")}): {result.Status} — {result.Message}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {fake.Responses:N0} CE responses ({fake.CostAndUsagePages:N0} GetCostAndUsage pages, {fake.ResultRows:N0} result rows, {fake.ResponseBytes / 1048576.0:N1} MB), " +
                $"{facts:N0} cost facts written, {stored:N2} USD (ledger {ledger:N2})"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  elapsed {elapsed:N2} s: {fake.Responses / elapsed:N0} responses/s, {fake.ResultRows / elapsed:N0} result rows/s, {facts / elapsed:N0} facts/s; " +
                $"CPU {cpu:N2} s on {Environment.ProcessorCount} cores (fake's handlers {fake.HandlerTime.TotalSeconds:N2} s wall)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {fake.Windows} window(s): writing them {fake.WritingTime.TotalSeconds:N2} s, fetching (HTTP, signing, JSON, normalising) the other {elapsed - fake.WritingTime.TotalSeconds:N2} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  peak working set {process.PeakWorkingSet64 / 1048576.0:N0} MB {(peakReset ? "during the run" : "since process start (could not reset the mark)")} " +
                $"(at its start {before / 1048576.0:N0} MB); allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1048576.0:N0} MB"));
            return result.Status == Domain.Facts.JobRunStatus.Succeeded && stored == Math.Round(ledger, 9);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (keep)
            {
                Console.WriteLine("  kept " + folder);
            }
            else
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static bool TryCount(IReadOnlyList<string> arguments, string name, int fallback, out int value)
    {
        value = fallback;
        return PageLatency.Option(arguments, name) is not { } text
            || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1);
    }

    /// <summary>Resets the kernel's peak-RSS mark (VmHWM, what PeakWorkingSet64 reads) so the peak is the run's own.</summary>
    private static bool ResetPeakWorkingSet()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Cost Explorer's JSON 1.1 wire (POST /, X-Amz-Target AWSInsightsIndexService.*) answered by the demo organisation,
    /// each distinct request's answer kept as bytes. Signatures are not checked: that is the tests' FakeAwsServer's job,
    /// and its checking and request log would be counted here as ingestion time and memory.
    /// </summary>
    private sealed class FakeCostExplorer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly DemoWorkload _organisation;
        private readonly ConcurrentDictionary<string, Answer> _answers = new(StringComparer.Ordinal);
        private long _responses;
        private long _pages;
        private long _rows;
        private long _bytes;
        private long _handlerTicks;
        private long _lastAnsweredAt;
        private long _writingTicks;
        private int _windows;

        private FakeCostExplorer(WebApplication app, DemoWorkload organisation, Uri baseUri)
        {
            _app = app;
            _organisation = organisation;
            BaseUri = baseUri;
        }

        public Uri BaseUri { get; }
        public int CachedAnswers => _answers.Count;
        public long Responses => Interlocked.Read(ref _responses);
        public long CostAndUsagePages => Interlocked.Read(ref _pages);
        public long ResultRows => Interlocked.Read(ref _rows);
        public long ResponseBytes => Interlocked.Read(ref _bytes);
        public TimeSpan HandlerTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _handlerTicks));

        /// <summary>
        /// Time with no request in flight before the next window's first call (GetDimensionValues) or the anomaly call
        /// that follows the last window: the job writing the previous window (one transaction: facts, days, rollups).
        /// </summary>
        public TimeSpan WritingTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _writingTicks));

        public int Windows => _windows;

        public static async Task<FakeCostExplorer> StartAsync(DemoWorkload organisation)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            builder.Logging.ClearProviders();
            var app = builder.Build();
            FakeCostExplorer? fake = null;
            app.Run(context => fake!.HandleAsync(context));
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            fake = new FakeCostExplorer(app, organisation, new Uri(address.TrimEnd('/') + "/"));
            return fake;
        }

        public void ResetCounters()
        {
            Interlocked.Exchange(ref _responses, 0);
            Interlocked.Exchange(ref _pages, 0);
            Interlocked.Exchange(ref _rows, 0);
            Interlocked.Exchange(ref _bytes, 0);
            Interlocked.Exchange(ref _handlerTicks, 0);
            Interlocked.Exchange(ref _lastAnsweredAt, 0);
            Interlocked.Exchange(ref _writingTicks, 0);
            _windows = 0;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        private async Task HandleAsync(HttpContext context)
        {
            var started = Stopwatch.GetTimestamp();
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var target = context.Request.Headers["X-Amz-Target"].ToString();
            // Ingestion calls one at a time: a window starts with GetDimensionValues, and GetAnomalies follows the last one.
            if (target.EndsWith(".GetDimensionValues", StringComparison.Ordinal) || target.EndsWith(".GetAnomalies", StringComparison.Ordinal))
            {
                _windows += target.EndsWith(".GetDimensionValues", StringComparison.Ordinal) ? 1 : 0;
                if (Interlocked.Read(ref _lastAnsweredAt) is var last and > 0)
                {
                    Interlocked.Add(ref _writingTicks, started - last);
                }
            }

            var key = target + "\n" + Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            if (!_answers.TryGetValue(key, out var answer))
            {
                answer = await AnswerAsync(target, buffer.ToArray(), context.RequestAborted);
                _answers.TryAdd(key, answer);
            }

            Interlocked.Increment(ref _responses);
            Interlocked.Add(ref _bytes, answer.Body.Length);
            if (answer.Rows is { } rows)
            {
                Interlocked.Increment(ref _pages);
                Interlocked.Add(ref _rows, rows);
            }

            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = AwsJsonProtocol.CostExplorer.ContentType;
            context.Response.ContentLength = answer.Body.Length;
            context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
            Interlocked.Add(ref _handlerTicks, Stopwatch.GetTimestamp() - started);
            await context.Response.Body.WriteAsync(answer.Body, context.RequestAborted);
            Interlocked.Exchange(ref _lastAnsweredAt, Stopwatch.GetTimestamp());
        }

        private async Task<Answer> AnswerAsync(string target, byte[] body, CancellationToken cancellationToken)
        {
            T Read<T>() => JsonSerializer.Deserialize<T>(body, AwsJson.Options)!;
            static byte[] Write<T>(T response) => JsonSerializer.SerializeToUtf8Bytes(response, AwsJson.Options);
            var prefix = AwsJsonProtocol.CostExplorer.TargetPrefix + ".";
            switch (target.StartsWith(prefix, StringComparison.Ordinal) ? target[prefix.Length..] : null)
            {
                case "GetCostAndUsage":
                    var page = await _organisation.GetCostAndUsageAsync(Read<GetCostAndUsageRequest>(), cancellationToken);
                    return new Answer(200, Write(page), page.ResultsByTime.Sum(t => t.Groups.Count));
                case "GetDimensionValues":
                    return new Answer(200, Write(await _organisation.GetDimensionValuesAsync(Read<GetDimensionValuesRequest>(), cancellationToken)), null);
                case "GetTags":
                    return new Answer(200, Write(await _organisation.GetTagsAsync(Read<GetTagsRequest>(), cancellationToken)), null);
                case "GetAnomalies":
                    return new Answer(200, Write(await _organisation.GetAnomaliesAsync(Read<GetAnomaliesRequest>(), cancellationToken)), null);
                default:
                    return new Answer(400, Write(new Dictionary<string, string> { ["__type"] = "UnknownOperationException", ["message"] = $"No fake for '{target}'." }), null);
            }
        }

        /// <summary>A response body; Rows (GetCostAndUsage only) counts the groups over every period of the page.</summary>
        private sealed record Answer(int Status, byte[] Body, int? Rows);
    }
}
