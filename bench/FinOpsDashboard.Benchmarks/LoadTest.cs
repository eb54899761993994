using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace FinOpsDashboard.Benchmarks;

/// <summary>
/// Issue #8 "Load": N concurrent live Blazor Server circuits (real Chromium pages, each its own WebSocket) clicking
/// through the dashboard while cost and metric ingestion run inside the server, on a copy of the large demo database.
/// Records page-update latency (click → the page's content updated, timed inside the page), errors of every kind the
/// client or the server can show, and the server's memory and CPU before, during and after the circuits.
/// </summary>
public static partial class LoadTest
{
    private const string ChromiumPath = "/usr/bin/chromium";

    // Same switches as the browser tests (platform.md): Debian's Chromium, no sandbox as root, nothing phoning home.
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-quic", "--no-first-run",
    ];

    /// <summary>Seconds a step may take before it counts as a timeout.</summary>
    private const int StepTimeoutSeconds = 30;

    /// <summary>
    /// Injected into every page before its own scripts. A step arms a condition (a selector that must exist, the page
    /// heading it must be under, or that the element's text must change), then clicks; the capture-phase click listener
    /// stamps the click and a MutationObserver stamps the first DOM change that satisfies the condition, so the figure
    /// is what the user waits for (server work, the circuit round trip and the browser applying the render batch) and
    /// excludes Playwright's own driver traffic. It also notes Blazor's error bar and reconnect dialog.
    /// </summary>
    private const string Probe = """
        (() => {
          const s = window.__load = { armed: null, errorUi: false, reconnectUi: false };
          addEventListener('click', () => { if (s.armed && !s.armed.end) s.armed.t0 = performance.now(); }, true);
          const met = a => {
            const el = document.querySelector(a.selector);
            if (!el) return false;
            if (a.h1 && !((document.querySelector('h1') || {}).textContent || '').includes(a.h1)) return false;
            return !(a.changed && el.textContent === a.before);
          };
          const check = () => {
            const a = s.armed;
            if (a && !a.end && a.t0 && met(a)) { a.end = performance.now(); a.resolve(); }
          };
          s.arm = c => {
            const el = document.querySelector(c.selector);
            const a = { selector: c.selector, h1: c.h1, changed: c.changed, before: el ? el.textContent : null, t0: 0, end: 0 };
            a.done = new Promise(r => a.resolve = r);
            s.armed = a;
            return met(a);
          };
          s.wait = ms => {
            const a = s.armed;
            check();
            return Promise.race([a.done.then(() => a.end - a.t0), new Promise(r => setTimeout(() => r(a.t0 ? -1 : -2), ms))])
              .finally(() => { s.armed = null; });
          };
          new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['class', 'style'] });
          setInterval(() => {
            const e = document.getElementById('blazor-error-ui');
            if (e && getComputedStyle(e).display !== 'none') s.errorUi = true;
            const r = document.getElementById('components-reconnect-modal');
            if (r && getComputedStyle(r).display !== 'none') s.reconnectUi = true;
          }, 500);
        })();
        """;

    private static readonly Step[] Steps =
    [
        Nav("overview", "/", "Bedrock spend overview", "[data-testid=daily-chart], [data-testid=empty-state]"),
        Nav("explorer", "/explorer", "Spend explorer", "[data-testid=explorer-total]"),
        new("explorer: last 90 days", null,
            p => p.Locator("button", new PageLocatorOptions { HasText = "Last 90 days" }).ClickAsync(),
            new Condition("[data-testid=explorer-total] .total", "Spend explorer", Changed: true)),
        new("explorer: group by team", p => OpenDropDownAsync(p, "group-by", "Team"),
            p => DropDownItem(p, "Team").ClickAsync(),
            new Condition("[data-testid=explorer-table] [data-testid=row-key]", "Spend explorer", Changed: true)),
        new("explorer: drill-down", null,
            p => p.Locator("[data-testid=explorer-table] tbody tr").First.ClickAsync(),
            new Condition("[data-testid=drill-panel]", "Spend explorer")),
        // Single-user walks only: one full year of daily columns, the chart's worst case (see docs/benchmarks.md).
        new("explorer: last 365 days", null,
            p => p.Locator("button", new PageLocatorOptions { HasText = "Last 365 days" }).ClickAsync(),
            new Condition("[data-testid=explorer-total] .total", "Spend explorer", Changed: true), WalkOnly: true),
        // A manager's showback opens on their own team; the FinOps lead picks one.
        Nav("showback", "/showback", "Team showback", "[data-testid=choose-team], [data-testid=showback-chart], [data-testid=showback-empty]"),
        new("showback: pick team", p => OpenDropDownAsync(p, "team-picker", "support"),
            p => DropDownItem(p, "support").ClickAsync(),
            new Condition("[data-testid=showback-chart], [data-testid=showback-empty]", "Team showback"), OrgWideOnly: true),
        new("showback: 90 days", null,
            p => p.GetByTestId("window-90").ClickAsync(),
            new Condition("[data-testid=kpi-team-spend-value]", "Team showback", Changed: true)),
        Nav("recommendations", "/recommendations", "Recommendations", "[data-testid=recommendations], [data-testid=empty-state]"),
        Nav("anomalies", "/anomalies", "Spend anomalies", "[data-testid=anomaly-list], [data-testid=no-anomalies]"),
        Nav("budgets", "/budgets", "Budgets", "[data-testid=budget-list], [data-testid=budgets-empty]"),
        Nav("provisioned throughput", "/pt", "Provisioned throughput", "[data-testid=reservation], [data-testid=empty-state]"),
        Nav("weekly review", "/review", "Weekly review", "[data-testid=review-chart], [data-testid=empty-state]", orgWideOnly: true),
        Nav("jobs", "/jobs", "Jobs", "[data-testid=jobs-table]", orgWideOnly: true),
    ];

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        var circuits = Int(arguments, "--circuits", 50);
        var duration = TimeSpan.FromSeconds(Int(arguments, "--duration", 180));
        // A dashboard user reads a chart before the next click; --think 5 is a stress setting (see docs/benchmarks.md).
        var think = TimeSpan.FromSeconds(double.Parse(PageLatency.Option(arguments, "--think") ?? "30", CultureInfo.InvariantCulture));
        var retention = TimeSpan.FromSeconds(Int(arguments, "--retention-wait", 200));
        var cycles = Int(arguments, "--ingestion-cycles", 1);
        var source = PageLatency.Option(arguments, "--db") ?? "/tmp/bench-large.db";
        var keep = arguments.Contains("--keep");
        // Chromium's ~50 renderer processes otherwise take most of a 2-core machine's CPU from the server (the
        // scheduler shares it per runnable thread): at nice 19 they get what the server leaves, closer to clients on
        // their own machines. 0 leaves them at Chromium's own priorities.
        var clientNice = Int(arguments, "--client-nice", 19);
        if (circuits < 0 || duration <= TimeSpan.Zero || think < TimeSpan.Zero)
        {
            Console.Error.WriteLine("--circuits must not be negative (0: only the single-user walks), --duration positive and --think not negative.");
            return 2;
        }

        var root = PageLatency.RepoRoot();
        // --web runs another build of the app (e.g. the commit before a fix, built with `-o`) against the same scenario.
        var web = PageLatency.Option(arguments, "--web") ?? Path.Combine(root, "src/FinOpsDashboard.Web/bin/Release/net9.0/linux-x64/FinOpsDashboard.Web");
        foreach (var (file, hint) in new[] { (web, "run `dotnet build -c Release` first"), (ChromiumPath, "apt-get install -y chromium"), (source, "pass --db or run `finops demo --scale large`") })
        {
            if (!File.Exists(file))
            {
                Console.Error.WriteLine($"{file} is missing: {hint}.");
                return 2;
            }
        }

        var folder = Directory.CreateTempSubdirectory("finops-load-").FullName;
        var database = Path.Combine(folder, "load.db");
        File.Copy(source, database);
        foreach (var suffix in new[] { "-wal", "-shm" })
        {
            if (File.Exists(source + suffix))
            {
                File.Copy(source + suffix, database + suffix);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{web}\ncopy of {source} ({new FileInfo(database).Length / 1048576.0:N0} MB) in {folder}; {circuits} circuits, {duration.TotalSeconds:N0} s, think {think.TotalSeconds:N1} s ±50 %, {cycles} ingestion cycle(s), Chromium at nice {clientNice}; load average {LoadAverage()}"));

        var log = new ServerLog(Path.Combine(folder, "server.log"));
        var heapFile = Path.Combine(folder, "heap.log");
        var port = PageLatency.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        using var app = PageLatency.Start(web, database, port, folder, new Dictionary<string, string>
        {
            ["DOTNET_STARTUP_HOOKS"] = typeof(LoadTest).Assembly.Location,
            [StartupHook.FileVariable] = heapFile,
            // Circuit open / dispose are Debug messages: counted to check every circuit was released.
            ["Logging__LogLevel__Microsoft.AspNetCore.Components.Server.Circuits"] = "Debug",
        }, log.Add);
        var monitor = new Monitor(app.Id, heapFile);
        var errors = new Errors();
        var results = new ConcurrentBag<Sample>();
        IPlaywright? playwright = null;
        try
        {
            using (var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) })
            {
                await PageLatency.WaitForHealthAsync(http);
            }

            monitor.Start();
            // Start-up catches up missed schedules (ingestion, then analytics): let them finish before the baseline.
            await WaitForIdleJobsAsync(database);

            playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });
            using var renice = new CancellationTokenSource();
            var reniced = clientNice == 0 ? Task.CompletedTask : Nice.KeepClientsAtAsync(app.Id, clientNice, renice.Token);

            // One circuit walks every step twice: the first walk warms the app (JIT, caches, the circuit code paths)
            // and proves the scenario's selectors before fifty clients depend on them; the second is the single-user
            // reference, with each step's CPU on both sides. It is closed before the baseline.
            var walkErrors = new Errors();
            var failed = new List<Step>();
            var warm = await Client.OpenAsync(browser, baseUrl, 0, "demo-finops", walkErrors);
            Console.WriteLine();
            Console.WriteLine("| single user (FinOps lead), second walk | update ms | server CPU ms | browser CPU ms |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var walk in new[] { "warm-up", "single user" })
            {
                // Sign-in lands on the overview, so a walk starts with the explorer and ends back on the overview.
                foreach (var step in Steps.Skip(1).Append(Steps[0]))
                {
                    var before = Cpu.Read(app.Id);
                    var ms = await warm.RunStepAsync(step);
                    var after = await SettledAsync(app.Id);
                    var line = string.Create(CultureInfo.InvariantCulture,
                        $"| {step.Name} | {(ms is { } v ? $"{v:N0}" : "FAILED")} | {(after.Server - before.Server) * 10:N0} | {(after.Browser - before.Browser + after.Driver - before.Driver) * 10:N0} |");
                    if (walk == "single user" || ms is null)
                    {
                        Console.WriteLine(line);
                    }

                    if (ms is null)
                    {
                        failed.Add(step);
                    }
                }
            }

            await warm.CloseAsync();
            if (walkErrors.Total > 0)
            {
                Console.WriteLine("single-user walks:");
                walkErrors.Print(Console.Out);
            }

            if (circuits == 0)
            {
                return walkErrors.Total == 0 ? 0 : 1;
            }

            if (failed.Any(s => !s.WalkOnly))
            {
                Console.Error.WriteLine("A step the clients use failed in the single-user walk; not starting the load.");
                return 1;
            }

            // A step that timed out may still be rendering on its abandoned circuit: the baseline waits for quiet.
            await SettledAsync(app.Id, TimeSpan.FromSeconds(120));
            await Task.Delay(TimeSpan.FromSeconds(10));
            var baseline = monitor.Sample("baseline: app warmed up, no circuit");

            // The admin's Jobs page starts ingestion with "Run now", as an operator would: one more live circuit.
            var opener = new SemaphoreSlim(4);
            var operatorClient = await Client.OpenAsync(browser, baseUrl, -1, "demo-admin", errors);
            var openWatch = Stopwatch.StartNew();
            var clients = await Task.WhenAll(Enumerable.Range(1, circuits).Select(async i =>
            {
                await opener.WaitAsync();
                try
                {
                    // Every fourth user is the demo manager (one team's scope), the others the FinOps lead (all teams).
                    return await Client.OpenAsync(browser, baseUrl, i, i % 4 == 0 ? "demo-manager" : "demo-finops", errors);
                }
                finally
                {
                    opener.Release();
                }
            }));
            var openSeconds = openWatch.Elapsed.TotalSeconds;
            await Task.Delay(TimeSpan.FromSeconds(5));
            var opened = monitor.Sample($"{circuits + 1} circuits open, idle");

            // What the open circuits cost while nobody clicks (Blazor keeps each WebSocket alive with pings).
            var idleFrom = Cpu.Read(app.Id);
            await Task.Delay(TimeSpan.FromSeconds(10));
            var idle = Cpu.Cores(idleFrom, Cpu.Read(app.Id));

            var loadBefore = LoadAverage();
            var cpuBefore = Cpu.Read(app.Id);
            var windowStart = DateTime.UtcNow;
            var deadline = windowStart + duration;
            monitor.ResetPeak();
            var ingestion = RunOperatorAsync(operatorClient.Page, deadline, cycles, errors);
            var probe = ProbeServerAsync(baseUrl, deadline);
            await Task.WhenAll(clients.Select(c => c.RunAsync(Steps, deadline, think, results)));
            await ingestion;
            var probed = await probe;
            var cpuAfter = Cpu.Read(app.Id);
            var loadAfter = LoadAverage();
            var windowEnd = DateTime.UtcNow;
            var atEnd = monitor.Sample($"end of load, {circuits + 1} circuits open");
            var peak = monitor.Peak with { Label = "peak RSS during the load" };
            var clientPss = Cpu.ClientPssMb(app.Id);

            // Closing a tab: the page unloads, blazor.web.js sends its disconnect beacon, the server disposes the circuit.
            errors.Closing = true;
            foreach (var client in clients.Append(operatorClient))
            {
                await client.CloseAsync();
            }

            await Task.Delay(TimeSpan.FromSeconds(15));
            var afterClose = monitor.Sample("15 s after closing all pages");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"waiting {retention.TotalSeconds:N0} s (disconnected-circuit retention is 3 min by default) ..."));
            await Task.Delay(retention);
            var afterRetention = monitor.Sample($"{(retention + TimeSpan.FromSeconds(15)).TotalSeconds:N0} s after closing");

            // Diagnostic only, after every figure above: an idle server allocates nothing, so no GC runs and waiting
            // cannot show whether the closed circuits' memory is garbage or still referenced. The heap probe runs one
            // full compacting GC; the heap left after it is what is really live. The app itself never does this.
            File.WriteAllText(heapFile + StartupHook.CollectSuffix, "");
            await Task.Delay(TimeSpan.FromSeconds(5));
            var afterGc = monitor.Sample("diagnostic: after one induced full GC");

            await renice.CancelAsync();
            await reniced;
            var runs = await JobRunsSinceAsync(database, windowStart.AddSeconds(-5));
            Report(new Outcome(circuits, duration, think, openSeconds, loadBefore, loadAfter, windowEnd - windowStart, results.ToList(), errors,
                [baseline, opened, atEnd, peak, afterClose, afterRetention, afterGc], baseline, opened, atEnd, peak, circuits + 1, clientPss,
                idle, Cpu.Cores(cpuBefore, cpuAfter), probed, runs, log));
            return errors.Total == 0 ? 0 : 1;
        }
        finally
        {
            monitor.Stop();
            playwright?.Dispose();
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
            SqliteConnection.ClearAllPools();
            if (keep)
            {
                Console.WriteLine("kept " + folder + " (heap.log: one managed-heap line per second)");
            }
            else
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static Step Nav(string name, string path, string heading, string selector, bool orgWideOnly = false) =>
        new("nav: " + name, null, p => p.Locator($".rz-sidebar a[href='{path}']").First.ClickAsync(), new Condition(selector, heading), orgWideOnly);

    private static ILocator DropDownItem(IPage page, string text) =>
        page.Locator(".rz-dropdown-item:visible", new PageLocatorOptions { HasTextRegex = new Regex($"^\\s*{Regex.Escape(text)}\\s*$") }).First;

    private static async Task OpenDropDownAsync(IPage page, string testId, string item)
    {
        await page.GetByTestId(testId).ClickAsync();
        await DropDownItem(page, item).WaitForAsync();
    }

    /// <summary>
    /// Times plain HTTP requests while the load runs, with no browser involved: the health check (the server's request
    /// pipeline and thread pool) and the prerender of the budgets page (a light page: its queries and render). If
    /// these stay fast while the circuits' page updates are slow, the time is spent on the client side.
    /// </summary>
    private static async Task<Dictionary<string, List<double>>> ProbeServerAsync(string baseUrl, DateTime deadline)
    {
        var times = new Dictionary<string, List<double>> { ["GET /healthz"] = [], ["GET /budgets (prerender, signed in)"] = [] };
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
        await PageLatency.SignInAsync(http, "demo-finops");
        while (DateTime.UtcNow < deadline)
        {
            foreach (var (name, path) in new[] { ("GET /healthz", "/healthz"), ("GET /budgets (prerender, signed in)", "/budgets") })
            {
                var watch = Stopwatch.StartNew();
                using var response = await http.GetAsync(path);
                await response.Content.ReadAsByteArrayAsync();
                times[name].Add(watch.Elapsed.TotalMilliseconds);
            }

            await Task.Delay(2000);
        }

        return times;
    }

    /// <summary>
    /// "Run now" of cost ingestion, then of metric ingestion, on the admin's Jobs page, <paramref name="cycles"/> times
    /// while the window lasts (each is followed by the app's own analytics refresh).
    /// </summary>
    private static async Task RunOperatorAsync(IPage page, DateTime deadline, int cycles, Errors errors)
    {
        await page.Locator(".rz-sidebar a[href='/jobs']").First.ClickAsync();
        string[] jobs = ["cost-ingestion", "metric-ingestion"];
        for (var i = 0; i < cycles * jobs.Length && DateTime.UtcNow < deadline - TimeSpan.FromSeconds(15); i++)
        {
            var button = page.GetByTestId("run-" + jobs[i % jobs.Length]);
            try
            {
                await button.ClickAsync(new LocatorClickOptions { Timeout = (float)Math.Max(1000, (deadline - DateTime.UtcNow).TotalMilliseconds) });
                try
                {
                    await Assertions.Expect(button).ToBeDisabledAsync(new LocatorAssertionsToBeDisabledOptions { Timeout = 10_000 });
                }
                catch (PlaywrightException)
                {
                    // Finished before the page showed it running; the run history says what happened.
                }

                await Assertions.Expect(button).ToBeEnabledAsync(new LocatorAssertionsToBeEnabledOptions { Timeout = 600_000 });
                await Task.Delay(TimeSpan.FromSeconds(5));
            }
            catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
            {
                errors.Add("operator: " + FirstLine(ex.Message));
                return;
            }
        }
    }

    /// <summary>Waits (by default up to 5 s) until the server stops using CPU, so a step's figure includes its trailing renders.</summary>
    private static async Task<Cpu> SettledAsync(int server, TimeSpan? limit = null)
    {
        var last = Cpu.Read(server);
        for (var i = 0; i < (limit ?? TimeSpan.FromSeconds(5)).TotalSeconds * 2; i++)
        {
            await Task.Delay(500);
            var now = Cpu.Read(server);
            if (now.Server - last.Server <= 2)
            {
                return now;
            }

            last = now;
        }

        return last;
    }

    private static async Task WaitForIdleJobsAsync(string database)
    {
        var watch = Stopwatch.StartNew();
        var quiet = 0;
        while (quiet < 5)
        {
            if (watch.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException("Start-up jobs still running after 10 minutes.");
            }

            await Task.Delay(1000);
            await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM job_runs WHERE Status = 'running'";
            quiet = (long)(await command.ExecuteScalarAsync())! == 0 ? quiet + 1 : 0;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"start-up jobs idle after {watch.Elapsed.TotalSeconds:N0} s"));
    }

    private static async Task<List<string[]>> JobRunsSinceAsync(string database, DateTime since)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT JobName, "Trigger", Status, StartedAt, FinishedAt, RowsWritten, coalesce(Error, Message, '')
            FROM job_runs WHERE StartedAt >= $since ORDER BY Id
            """;
        command.Parameters.AddWithValue("$since", since.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        var rows = new List<string[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var started = DateTime.Parse(reader.GetString(3), CultureInfo.InvariantCulture);
            var seconds = reader.IsDBNull(4) ? "…" : (DateTime.Parse(reader.GetString(4), CultureInfo.InvariantCulture) - started).TotalSeconds.ToString("N1", CultureInfo.InvariantCulture);
            var message = reader.GetString(6);
            rows.Add([reader.GetString(0), reader.GetString(1), reader.GetString(2), started.ToString("HH:mm:ss", CultureInfo.InvariantCulture), seconds,
                reader.GetInt64(5).ToString("N0", CultureInfo.InvariantCulture), message.Length > 110 ? message[..110] + "…" : message]);
        }

        return rows;
    }

    private sealed record Outcome(int Circuits, TimeSpan Duration, TimeSpan Think, double OpenSeconds, string LoadBefore, string LoadAfter,
        TimeSpan Window, List<Sample> Results, Errors Errors, MemorySample[] Memory, MemorySample Baseline, MemorySample Opened,
        MemorySample AtEnd, MemorySample Peak, int LiveCircuits, double ClientPssMb,
        (double Server, double Browser, double Driver, double Harness, double Others, double Machine) Idle,
        (double Server, double Browser, double Driver, double Harness, double Others, double Machine) Load,
        Dictionary<string, List<double>> Probe, List<string[]> Runs, ServerLog Log);

    private static void Report(Outcome o)
    {
        var all = o.Results;
        var window = o.Window.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{o.Circuits} client circuits (+1 admin starting ingestion) opened in {o.OpenSeconds:N1} s; load window {window:N0} s (asked {o.Duration.TotalSeconds:N0} s), think time {o.Think.TotalSeconds:N1} s ±50 %; {all.Count:N0} page updates, {all.Count / window:N2}/s"));
        Console.WriteLine($"load average before the window: {o.LoadBefore}; after: {o.LoadAfter}");
        Console.WriteLine();
        Console.WriteLine("| step | updates | p50 ms | p95 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var group in all.GroupBy(s => s.Step).OrderBy(g => Array.FindIndex(Steps, s => s.Name == g.Key)).Append(all.GroupBy(_ => "**all page updates**").SingleOrDefault()))
        {
            if (group is null)
            {
                continue;
            }

            var times = group.Select(s => s.Ms).Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key} | {times.Count:N0} | {PageLatency.Percentile(times, 0.50):N0} | {PageLatency.Percentile(times, 0.95):N0} | {PageLatency.Percentile(times, 0.99):N0} | {times[^1]:N0} |"));
        }

        Console.WriteLine();
        Console.WriteLine("| server probe without a browser, every 2 s during the load | requests | p50 ms | p95 ms | max ms |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (name, list) in o.Probe)
        {
            var times = list.Order().ToList();
            if (times.Count > 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {times.Count} | {PageLatency.Percentile(times, 0.50):N0} | {PageLatency.Percentile(times, 0.95):N0} | {times[^1]:N0} |"));
            }
        }

        Console.WriteLine();
        Console.WriteLine("| error | count |");
        Console.WriteLine("|---|---|");
        foreach (var (kind, count) in o.Errors.Counts.OrderByDescending(kv => kv.Value))
        {
            Console.WriteLine($"| {kind} | {count} |");
        }

        Console.WriteLine($"| **total** (reloads not counted twice) | {o.Errors.Total} |");
        foreach (var example in o.Errors.Examples.Take(10))
        {
            Console.WriteLine("  e.g. " + example);
        }

        Console.WriteLine();
        Console.WriteLine("| server memory | RSS MB | managed heap now MB | heap after last GC MB | after last gen 2 MB | committed MB | GCs gen0/1/2 |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var m in o.Memory)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {m.Label} | {m.RssMb:N0} | {m.Heap?.TotalMb:N0} | {m.Heap?.LastHeapMb:N0} | {m.Heap?.FullHeapMb:N0} | {m.Heap?.CommittedMb:N0} | {m.Heap?.Gen0}/{m.Heap?.Gen1}/{m.Heap?.Gen2} |"));
        }

        var n = o.LiveCircuits;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"per circuit (RSS − baseline RSS) / {n}: idle just after opening {(o.Opened.RssMb - o.Baseline.RssMb) / n:N1} MB, end of load {(o.AtEnd.RssMb - o.Baseline.RssMb) / n:N1} MB, peak {(o.Peak.RssMb - o.Baseline.RssMb) / n:N1} MB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"client side (Chromium + Playwright driver) proportional set size at the end of the load: {o.ClientPssMb:N0} MB"));

        Console.WriteLine();
        Console.WriteLine($"| cores used (of {Environment.ProcessorCount}) | idle, circuits open (10 s) | during the load |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| web app (server) | {o.Idle.Server:N2} | {o.Load.Server:N2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Chromium (clients) | {o.Idle.Browser:N2} | {o.Load.Browser:N2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Playwright driver (node) | {o.Idle.Driver:N2} | {o.Load.Driver:N2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| this harness | {o.Idle.Harness:N2} | {o.Load.Harness:N2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| everything else on the machine | {o.Idle.Others:N2} | {o.Load.Others:N2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| machine busy (all) | {o.Idle.Machine:N2} | {o.Load.Machine:N2} |"));
        if (all.Count > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"per page update: server {o.Load.Server * window / all.Count * 1000:N0} ms CPU (ingestion and analytics included), clients {(o.Load.Browser + o.Load.Driver) * window / all.Count * 1000:N0} ms CPU"));
        }

        Console.WriteLine();
        Console.WriteLine("| job run in the window | trigger | status | started (UTC) | seconds | rows | outcome |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var r in o.Runs)
        {
            Console.WriteLine($"| {string.Join(" | ", r)} |");
        }

        Console.WriteLine();
        o.Log.Flush();
        Console.WriteLine($"server log: {o.Log.CircuitsOpened} circuits opened, {o.Log.CircuitsDisposed} disposed, {o.Log.Warnings} warnings, {o.Log.Failures} errors");
        foreach (var (count, lines) in o.Log.FailureEntries.Take(6))
        {
            Console.WriteLine($"  {count} x {string.Join("\n      ", lines)}");
        }
    }

    private static int Int(IReadOnlyList<string> arguments, string name, int fallback) =>
        PageLatency.Option(arguments, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    /// <summary>
    /// What "updated" means for a step: <see cref="Selector"/> present under the heading <see cref="H1"/>; with
    /// <see cref="Changed"/> its text must differ from before the click. Conditions read figures the page sets when its
    /// queries have finished, not the view state it sets first (the explorer and showback render once with the new
    /// window or grouping over the old figures before their queries return).
    /// </summary>
    private sealed record Condition(string Selector, string? H1 = null, bool Changed = false);

    private sealed record Step(string Name, Func<IPage, Task>? Prepare, Func<IPage, Task> Act, Condition Until, bool OrgWideOnly = false, bool WalkOnly = false);

    private sealed record Sample(string Step, double Ms);

    /// <summary>One browser context (own cookies) signed in as a demo user, its page a live circuit.</summary>
    private sealed class Client(int id, string user, IBrowserContext context, IPage page, Errors errors, string baseUrl)
    {
        public IPage Page => page;

        public static async Task<Client> OpenAsync(IBrowser browser, string baseUrl, int id, string user, Errors errors)
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
            await context.AddInitScriptAsync(Probe);
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(StepTimeoutSeconds * 1000);
            page.Console += (_, m) => { if (m.Type == "error") { errors.Add("console error", $"client {id}: {FirstLine(m.Text)}"); } };
            page.PageError += (_, e) => errors.Add("uncaught page exception", $"client {id}: {FirstLine(e)}");
            page.Response += (_, r) => { if (r.Status >= 500) { errors.Add("HTTP 5xx", $"client {id}: {r.Status} {r.Url}"); } };
            page.WebSocket += (_, ws) => ws.Close += (_, _) => errors.Add("WebSocket closed before the page", $"client {id}: {ws.Url}");
            await page.GotoAsync(baseUrl + "/account/login");
            await page.GetByTestId("demo-" + user).ClickAsync();
            await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
            await page.Locator("[data-testid=circuit][data-interactive=yes]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
            return new Client(id, user, context, page, errors, baseUrl);
        }

        /// <summary>Runs one step; returns click → updated in ms, or null after recording why it failed.</summary>
        public async Task<double?> RunStepAsync(Step step)
        {
            try
            {
                if (step.Prepare is not null)
                {
                    await step.Prepare(page);
                }

                if (await page.EvaluateAsync<bool>("c => window.__load.arm(c)", new { selector = step.Until.Selector, h1 = step.Until.H1, changed = step.Until.Changed }))
                {
                    errors.Add("scenario: condition already met before the click", $"client {id}: {step.Name}");
                    return null;
                }

                await step.Act(page);
                var ms = await page.EvaluateAsync<double>("ms => window.__load.wait(ms)", StepTimeoutSeconds * 1000);
                var state = await page.EvaluateAsync<bool[]>("() => [window.__load.errorUi, window.__load.reconnectUi]");
                if (state[0])
                {
                    errors.Add("Blazor error UI shown", $"client {id} after {step.Name}");
                }

                if (state[1])
                {
                    errors.Add("reconnect dialog shown", $"client {id} after {step.Name}");
                }

                if (state[0] || state[1])
                {
                    await RecoverAsync();
                    return null;
                }

                switch (ms)
                {
                    case -1:
                        errors.Add($"timeout (> {StepTimeoutSeconds} s)", $"client {id}: {step.Name}");
                        await RecoverAsync();
                        return null;
                    case -2:
                        errors.Add("click not delivered", $"client {id}: {step.Name}");
                        await RecoverAsync();
                        return null;
                    default:
                        return ms;
                }
            }
            catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
            {
                errors.Add("step failed", $"client {id} ({user}) {step.Name}: {FirstLine(ex.Message)}");
                await RecoverAsync();
                return null;
            }
        }

        public async Task RunAsync(IReadOnlyList<Step> steps, DateTime deadline, TimeSpan think, ConcurrentBag<Sample> results)
        {
            var mine = steps.Where(s => !s.WalkOnly && (!s.OrgWideOnly || user != "demo-manager")).ToList();
            var random = new Random(id);
            await Task.Delay(think * random.NextDouble());

            // Sign-in lands on the overview: each client enters its walk at a different page (any navigation step), so
            // the heavy explorer steps are not all in the first minute. A reload after a failure restarts after the overview.
            var entries = Enumerable.Range(1, mine.Count - 1).Where(i => mine[i].Name.StartsWith("nav: ", StringComparison.Ordinal)).ToList();
            for (var i = entries[random.Next(entries.Count)]; DateTime.UtcNow < deadline; i++)
            {
                var step = mine[i % mine.Count];
                if (await RunStepAsync(step) is { } ms)
                {
                    results.Add(new Sample(step.Name, ms));
                }
                else
                {
                    i = 0;
                }

                await Task.Delay(think * (0.5 + random.NextDouble()));
            }
        }

        public async Task CloseAsync()
        {
            try
            {
                await page.GotoAsync("about:blank");
            }
            finally
            {
                await context.CloseAsync();
            }
        }

        /// <summary>After a failure the page reloads the overview: a new circuit, as a user pressing Reload would get.</summary>
        private async Task RecoverAsync()
        {
            errors.Add("page reloaded after a failure");
            try
            {
                await page.GotoAsync(baseUrl + "/");
                await page.Locator("[data-testid=circuit][data-interactive=yes]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
                await page.Locator("[data-testid=daily-chart], [data-testid=empty-state]").First.WaitForAsync();
            }
            catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
            {
                errors.Add("reload failed", $"client {id}: {FirstLine(ex.Message)}");
            }
        }
    }

    private sealed class Errors
    {
        private readonly ConcurrentQueue<string> _examples = new();

        public ConcurrentDictionary<string, int> Counts { get; } = new();

        /// <summary>Set when the harness closes the pages itself: the WebSocket closes that follow are expected.</summary>
        public bool Closing { get; set; }

        public int Total => Counts.Where(kv => kv.Key != "page reloaded after a failure").Sum(kv => kv.Value);

        public IEnumerable<string> Examples => _examples;

        public void Add(string kind, string? example = null)
        {
            if (Closing && kind.StartsWith("WebSocket", StringComparison.Ordinal))
            {
                return;
            }

            Counts.AddOrUpdate(kind, 1, (_, n) => n + 1);
            if (example is not null && _examples.Count < 50)
            {
                _examples.Enqueue(kind + ": " + example);
            }
        }

        public void Print(TextWriter writer)
        {
            foreach (var (kind, count) in Counts)
            {
                writer.WriteLine($"  {kind}: {count}");
            }

            foreach (var example in _examples)
            {
                writer.WriteLine("  e.g. " + example);
            }
        }
    }

    /// <summary>
    /// Counts the server's console log (warnings, errors, the circuit open / dispose debug messages), keeps every line
    /// in server.log and the first lines of each distinct failure entry for the report.
    /// </summary>
    private sealed partial class ServerLog(string path)
    {
        private readonly Lock _lock = new();
        private readonly StreamWriter _file = new(path) { AutoFlush = true };
        private readonly Dictionary<string, (int Count, List<string> Lines)> _failures = new(StringComparer.Ordinal);
        private List<string>? _entry;
        private int _opened;
        private int _disposed;
        private int _warnings;
        private int _errors;

        public int CircuitsOpened => _opened;

        public int CircuitsDisposed => _disposed;

        public int Warnings => _warnings;

        public int Failures => _errors;

        /// <summary>Distinct failure entries (category, message and the exception's first lines) with how often each came.</summary>
        public IEnumerable<(int Count, List<string> Lines)> FailureEntries
        {
            get
            {
                lock (_lock)
                {
                    return _failures.Values.OrderByDescending(f => f.Count).ToList();
                }
            }
        }

        // The console logger writes "level: category[event]" then the message and exception indented on the next lines.
        public void Add(string line)
        {
            lock (_lock)
            {
                _file.WriteLine(line);
                if (LevelPattern().Match(line) is { Success: true } m)
                {
                    Close();
                    switch (m.Groups[1].Value)
                    {
                        case "warn":
                            _warnings++;
                            break;
                        case "fail" or "crit":
                            _errors++;
                            _entry = [m.Groups[1].Value + " " + m.Groups[2].Value.Trim()];
                            break;
                    }

                    return;
                }

                var text = line.Trim();
                if (text.StartsWith("Opening circuit with id", StringComparison.Ordinal))
                {
                    _opened++;
                }
                else if (text.StartsWith("Disposing circuit", StringComparison.Ordinal) && text.EndsWith("succeeded.", StringComparison.Ordinal))
                {
                    _disposed++;
                }
                else if (_entry is { Count: < 8 } && text.Length > 0 && !text.StartsWith("at System.", StringComparison.Ordinal))
                {
                    _entry.Add(text.Length > 240 ? text[..240] + "…" : text);
                }
            }
        }

        public void Flush()
        {
            lock (_lock)
            {
                Close();
                _file.Flush();
            }
        }

        private void Close()
        {
            if (_entry is null)
            {
                return;
            }

            // Same failure, other circuit or URL: ids and addresses differ, the category and exception do not.
            var key = IdPattern().Replace(string.Join('\n', _entry.Where(l => !l.StartsWith("Navigation failed", StringComparison.Ordinal))), "…");
            _failures[key] = _failures.TryGetValue(key, out var seen) ? (seen.Count + 1, seen.Lines) : (1, _entry);
            _entry = null;
        }

        [GeneratedRegex(@"^(trce|dbug|info|warn|fail|crit): ([^\[]+)")]
        private static partial Regex LevelPattern();

        [GeneratedRegex(@"'[^']*'|/explorer\S*")]
        private static partial Regex IdPattern();
    }

    private sealed record HeapLine(double TotalMb, double LastHeapMb, double FullHeapMb, double CommittedMb, long Gen0, long Gen1, long Gen2)
    {
        public static HeapLine? Parse(string? line)
        {
            var f = line?.Split(' ');
            if (f is not { Length: 9 })
            {
                return null;
            }

            double Mb(int i) => long.Parse(f[i], CultureInfo.InvariantCulture) / 1048576.0;
            return new HeapLine(Mb(1), Mb(2), Mb(5), Mb(4), long.Parse(f[6], CultureInfo.InvariantCulture), long.Parse(f[7], CultureInfo.InvariantCulture), long.Parse(f[8], CultureInfo.InvariantCulture));
        }
    }

    private sealed record MemorySample(string Label, double RssMb, HeapLine? Heap);

    /// <summary>Samples the server's RSS (/proc) and the heap probe's last line once a second; keeps the peak.</summary>
    private sealed class Monitor(int pid, string heapFile)
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Lock _lock = new();
        private MemorySample? _peak;

        public MemorySample Peak
        {
            get
            {
                lock (_lock)
                {
                    return _peak ?? Sample("peak");
                }
            }
        }

        public void Start() => _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var now = Sample("sample");
                lock (_lock)
                {
                    if (_peak is null || now.RssMb > _peak.RssMb)
                    {
                        _peak = now;
                    }
                }

                await Task.Delay(1000);
            }
        });

        public void ResetPeak()
        {
            lock (_lock)
            {
                _peak = null;
            }
        }

        public void Stop() => _stop.Cancel();

        public MemorySample Sample(string label)
        {
            var rss = 0.0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
                }
            }

            string? last = null;
            try
            {
                using var stream = new FileStream(heapFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(stream);
                while (reader.ReadLine() is { } line)
                {
                    last = line;
                }
            }
            catch (FileNotFoundException)
            {
            }

            return new MemorySample(label, rss, HeapLine.Parse(last));
        }
    }

    /// <summary>
    /// Lowers every thread of the client processes (Chromium, the Playwright driver) to a nice level, once a second:
    /// niceness is per thread on Linux, new renderer threads and processes keep appearing, and Chromium raises some of
    /// its own threads (it runs as root here), so starting Chromium under `nice` is not enough.
    /// </summary>
    private static class Nice
    {
        public static async Task KeepClientsAtAsync(int server, int nice, CancellationToken cancellationToken)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var threads = new List<string>();
                foreach (var pid in Cpu.ClientProcesses(server))
                {
                    try
                    {
                        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
                        {
                            var stat = File.ReadAllText(Path.Combine(task, "stat"));
                            // The 17th field after the ")" closing the command name is the thread's nice value.
                            if (int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], CultureInfo.InvariantCulture) != nice)
                            {
                                threads.Add(Path.GetFileName(task));
                            }
                        }
                    }
                    catch (IOException)
                    {
                        // The process or thread exited meanwhile.
                    }
                }

                if (threads.Count > 0)
                {
                    // renice -p sets each id with setpriority(PRIO_PROCESS, id): on Linux, that one thread.
                    var info = new ProcessStartInfo("renice") { RedirectStandardOutput = true, RedirectStandardError = true };
                    foreach (var argument in new[] { "-n", nice.ToString(CultureInfo.InvariantCulture), "-p" }.Concat(threads))
                    {
                        info.ArgumentList.Add(argument);
                    }

                    using var process = Process.Start(info)!;
                    // Threads that exited since the scan make renice complain; nothing to act on.
                    var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                    await process.StandardError.ReadToEndAsync(CancellationToken.None);
                    await output;
                    await process.WaitForExitAsync(CancellationToken.None);
                }

                try
                {
                    await Task.Delay(1000, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// CPU ticks (1/100 s) from /proc: the server's process tree, Chromium, the Playwright driver (node), this process
    /// and the whole machine (/proc/stat), so a figure can say whose CPU a slow page was waiting for.
    /// </summary>
    private sealed record Cpu(DateTime At, long Server, long Browser, long Driver, long Harness, long MachineBusy)
    {
        public static Cpu Read(int server)
        {
            var processes = Processes();
            var self = Environment.ProcessId;
            var serverTree = Subtree(processes, server);
            var clients = Subtree(processes, self).Where(p => p != self && !serverTree.Contains(p)).ToList();
            var driver = clients.Where(p => processes[p].Name == "node").Sum(p => processes[p].Ticks);
            var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var busy = cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + cpu[7];
            return new Cpu(DateTime.UtcNow, serverTree.Sum(p => processes[p].Ticks), clients.Sum(p => processes[p].Ticks) - driver, driver,
                processes.TryGetValue(self, out var me) ? me.Ticks : 0, busy);
        }

        /// <summary>Cores used between two readings, per side.</summary>
        public static (double Server, double Browser, double Driver, double Harness, double Others, double Machine) Cores(Cpu from, Cpu to)
        {
            var seconds = (to.At - from.At).TotalSeconds * 100;
            double Of(long ticks) => ticks / seconds;
            var ours = (to.Server - from.Server) + (to.Browser - from.Browser) + (to.Driver - from.Driver) + (to.Harness - from.Harness);
            return (Of(to.Server - from.Server), Of(to.Browser - from.Browser), Of(to.Driver - from.Driver), Of(to.Harness - from.Harness),
                Of(Math.Max(0, to.MachineBusy - from.MachineBusy - ours)), Of(to.MachineBusy - from.MachineBusy));
        }

        /// <summary>The harness's descendants other than the server's tree: the Playwright driver and Chromium.</summary>
        public static List<int> ClientProcesses(int server)
        {
            var processes = Processes();
            var self = Environment.ProcessId;
            var excluded = Subtree(processes, server);
            return Subtree(processes, self).Where(p => p != self && !excluded.Contains(p)).ToList();
        }

        /// <summary>Proportional set size of the client processes (Chromium shares pages between its processes; RSS would count them 50 times).</summary>
        public static double ClientPssMb(int server)
        {
            var processes = Processes();
            var self = Environment.ProcessId;
            var excluded = Subtree(processes, server);
            double kb = 0;
            foreach (var pid in Subtree(processes, self).Where(p => p != self && !excluded.Contains(p)))
            {
                try
                {
                    var line = File.ReadLines($"/proc/{pid}/smaps_rollup").FirstOrDefault(l => l.StartsWith("Pss:", StringComparison.Ordinal));
                    kb += line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                    // Exited meanwhile.
                }
            }

            return kb / 1024;
        }

        private static HashSet<int> Subtree(Dictionary<int, (int Parent, long Ticks, string Name)> processes, int root)
        {
            var tree = new HashSet<int> { root };
            bool grew;
            do
            {
                grew = false;
                foreach (var (pid, p) in processes)
                {
                    if (tree.Contains(p.Parent) && tree.Add(pid))
                    {
                        grew = true;
                    }
                }
            }
            while (grew);
            return tree;
        }

        private static Dictionary<int, (int Parent, long Ticks, string Name)> Processes()
        {
            var result = new Dictionary<int, (int, long, string)>();
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid))
                {
                    continue;
                }

                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    // "pid (comm) state ppid ...": utime and stime are the 12th and 13th fields after the ")".
                    var name = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
                    var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    result[pid] = (int.Parse(f[1], CultureInfo.InvariantCulture), long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture), name);
                }
                catch (IOException)
                {
                    // The process exited while we looked.
                }
            }

            return result;
        }
    }
}
