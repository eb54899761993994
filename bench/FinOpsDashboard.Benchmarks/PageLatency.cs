using Microsoft.Data.Sqlite;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace FinOpsDashboard.Benchmarks;

/// <summary>
/// Server-side render latency of each page on the large demo organisation: seeds it with `finops demo --scale large`
/// (unless --db names an existing database), starts the real web app on it, signs in as the demo FinOps lead and
/// times sequential GETs of each prerendered page (what a first visit and every explorer URL change costs).
/// </summary>
public static partial class PageLatency
{
    public static async Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        var runs = Option(arguments, "--runs") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : 30;
        var root = RepoRoot();
        var cli = Path.Combine(root, "src/FinOpsDashboard.Cli/bin/Release/net9.0/linux-x64/finops");
        var web = Path.Combine(root, "src/FinOpsDashboard.Web/bin/Release/net9.0/linux-x64/FinOpsDashboard.Web");
        foreach (var binary in new[] { cli, web })
        {
            if (!File.Exists(binary))
            {
                Console.Error.WriteLine($"{binary} is missing: run `dotnet build -c Release` first.");
                return 2;
            }
        }

        var folder = Directory.CreateTempSubdirectory("finops-pages-").FullName;
        var database = Option(arguments, "--db") ?? Path.Combine(folder, "large.db");
        if (!File.Exists(database))
        {
            var seed = Stopwatch.StartNew();
            await RunToEndAsync(cli, ["demo", "--scale", "large"], database);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded `finops demo --scale large` in {seed.Elapsed.TotalSeconds:N1} s"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"database {database}: {new FileInfo(database).Length / 1048576.0:N1} MB"));
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        using var app = Start(web, database, port, folder);
        try
        {
            using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true };
            using var http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
            await WaitForHealthAsync(http);
            await SignInAsync(http, "demo-finops");
            // Admin pages need the admin role; a second session so the FinOps lead's pages keep their own scope.
            using var adminHandler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true };
            using var admin = new HttpClient(adminHandler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
            await SignInAsync(admin, "demo-admin");
            var (recommendationId, anomalyId) = LargestDetailIds(database);

            var lastDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
            var year = $"from={lastDay.AddDays(-364):yyyy-MM-dd}&to={lastDay.AddDays(1):yyyy-MM-dd}";
            (string Name, string Path)[] pages =
            [
                ("overview", "/"),
                ("showback (support, 30 days)", "/showback/support"),
                ("showback (support, 90 days)", "/showback/support?days=90"),
                ("weekly review", "/review"),
                ("reconciliation", "/reconciliation"),
                ("explorer: default (model, 30 days)", "/explorer"),
                ("explorer: by team", "/explorer?by=team"),
                ("explorer: team then model", "/explorer?by=team&then=model"),
                ("explorer: feature then pricing mode", "/explorer?by=feature&then=pricing-mode"),
                ("explorer: filter team=support by model", "/explorer?by=model&team=support"),
                ("explorer: filter model + mode, by feature", "/explorer?by=feature&model=Claude%20Sonnet%204.6&pricing-mode=on-demand"),
                ("explorer: drill-down to facts", "/explorer?by=team&then=model&drill=support|Claude%20Sonnet%204.6"),
                ("explorer: 365 days by account", $"/explorer?by=account&{year}"),
                ("explorer: 365 days team then feature", $"/explorer?by=team&then=feature&{year}"),
                ("explorer: 365 days by feature", $"/explorer?by=feature&{year}"),
                ("explorer: 365 days, filter team=support, by model", $"/explorer?by=model&team=support&{year}"),
                ("recommendations", "/recommendations"),
                ("recommendation detail (largest saving)", $"/recommendations/{recommendationId}"),
                ("anomalies", "/anomalies"),
                ("anomaly detail (largest impact)", $"/anomalies/{anomalyId}"),
                ("budgets", "/budgets"),
                ("provisioned throughput", "/pt"),
                ("alerts", "/alerts"),
                ("data quality", "/data-quality"),
                ("imports", "/imports"),
                ("jobs", "/jobs"),
                ("admin: users", "/admin/users"),
                ("admin: attribution rules", "/admin/attribution"),
                ("admin: budgets", "/admin/budgets"),
                ("admin: price catalog", "/admin/prices"),
            ];

            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| page | runs | p50 ms | p95 ms | max ms | status |"));
            Console.WriteLine("|---|---|---|---|---|---|");
            foreach (var (name, path) in pages)
            {
                var client = path.StartsWith("/admin/", StringComparison.Ordinal) ? admin : http;
                var status = 0;
                for (var i = 0; i < 3; i++)
                {
                    status = (int)(await client.GetAsync(path)).StatusCode;
                }

                var times = new List<double>();
                for (var i = 0; i < runs; i++)
                {
                    var watch = Stopwatch.StartNew();
                    using var response = await client.GetAsync(path);
                    await response.Content.ReadAsByteArrayAsync();
                    times.Add(watch.Elapsed.TotalMilliseconds);
                    status = (int)response.StatusCode;
                }

                times.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {runs} | {Percentile(times, 0.50):N0} | {Percentile(times, 0.95):N0} | {times[^1]:N0} | {status} |"));
            }
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            if (!arguments.Contains("--keep") && Option(arguments, "--db") is null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        return 0;
    }

    /// <summary>The open recommendation with the largest saving and the anomaly with the largest impact: the detail pages' heaviest cases.</summary>
    private static (long Recommendation, long Anomaly) LargestDetailIds(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        long Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteScalar() is long id ? id : throw new InvalidOperationException($"The database has no row for: {sql}");
        }

        return (Scalar("SELECT Id FROM recommendations WHERE IsActive = 1 ORDER BY MonthlySavings DESC LIMIT 1"),
                Scalar("SELECT Id FROM anomalies WHERE IsCurrent = 1 ORDER BY ActualUsd - ExpectedUsd DESC LIMIT 1"));
    }

    internal static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    internal static async Task SignInAsync(HttpClient http, string demoUser)
    {
        var login = await http.GetStringAsync("/account/login");
        var token = TokenPattern().Match(login).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = demoUser,
            ["ReturnUrl"] = "/",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        });
        var response = await http.PostAsync("/account/demo", form);
        if (!response.IsSuccessStatusCode || response.RequestMessage?.RequestUri?.AbsolutePath.StartsWith("/account", StringComparison.Ordinal) == true)
        {
            throw new InvalidOperationException($"Demo sign-in failed: {(int)response.StatusCode} at {response.RequestMessage?.RequestUri}");
        }
    }

    /// <summary>
    /// Starts the Release web app on <paramref name="database"/> (demo ingestion source, sign-in throttle lifted,
    /// warnings and above logged). <paramref name="environment"/> adds or overrides variables; <paramref name="output"/>
    /// receives each standard-output line (the console log), which is otherwise dropped.
    /// </summary>
    internal static Process Start(string web, string database, int port, string folder,
        IReadOnlyDictionary<string, string>? environment = null, Action<string>? output = null)
    {
        var info = new ProcessStartInfo(web) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["Database__Path"] = database;
        info.Environment["Urls"] = $"http://127.0.0.1:{port}";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Ingestion__Source"] = "demo";
        info.Environment["Auth__SignInAttemptsPerMinute"] = "1000";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output?.Invoke(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("app: " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    internal static async Task WaitForHealthAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                if ((await http.GetAsync("/healthz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            await Task.Delay(250);
        }
    }

    private static async Task RunToEndAsync(string executable, string[] args, string database)
    {
        var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["Database__Path"] = database;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Console.WriteLine((await output).Trim());
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{executable} {string.Join(' ', args)} exited {process.ExitCode}: {error}");
        }
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FinOpsDashboard.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the repository.");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string? Option(IReadOnlyList<string> arguments, string name) =>
        arguments.ToList().IndexOf(name) is var i and >= 0 && i + 1 < arguments.Count ? arguments[i + 1] : null;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
