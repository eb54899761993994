using System.Diagnostics;
using System.Globalization;

namespace FinOpsDashboard.Benchmarks;

/// <summary>
/// Issue #8's benchmark suite in one command: every measurement docs/benchmarks.md records, on one large demo database,
/// each in its own process so one's memory and JIT state do not colour the next. Prints each section as it runs and
/// a summary against the targets at the end; exits non-zero when a step fails.
/// </summary>
public static class Suite
{
    public static async Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        var root = PageLatency.RepoRoot();
        var cli = Path.Combine(root, "src/FinOpsDashboard.Cli/bin/Release/net9.0/linux-x64/finops");
        var self = Environment.ProcessPath!;
        if (!File.Exists(cli))
        {
            Console.Error.WriteLine($"{cli} is missing: run `dotnet build -c Release FinOpsDashboard.sln` first.");
            return 2;
        }

        var folder = Directory.CreateTempSubdirectory("finops-suite-").FullName;
        var source = PageLatency.Option(arguments, "--db");
        var runs = PageLatency.Option(arguments, "--runs") ?? "20";
        var steps = new List<(string Name, double Seconds, int ExitCode)>();
        try
        {
            Console.WriteLine($"benchmark suite, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}");
            var database = Path.Combine(folder, "large.db");
            if (source is null)
            {
                steps.Add(await StepAsync("seed: finops demo --scale large", cli, ["demo", "--scale", "large"], database));
            }
            else
            {
                File.Copy(source, database);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"database size: {new FileInfo(database).Length / 1048576.0:N1} MB (target: under 2 GB)"));

            // Each measurement gets its own copy, so one's writes (the pages' start-up jobs, the load's ingestion)
            // do not change what the next reads.
            string Copy(string name)
            {
                var copy = Path.Combine(folder, name);
                File.Copy(database, copy, overwrite: true);
                return copy;
            }

            steps.Add(await StepAsync("analytics: finops analyze (anomalies, recommendations, budgets)", cli, ["analyze"], Copy("analyze.db")));
            steps.Add(await StepAsync("pages: server render per page", self, ["pages", "--runs", runs, "--db", Copy("pages.db")], null));
            // Two runs: the first includes the fake endpoint computing its answers, the second is the cached figure.
            steps.Add(await StepAsync("ingestion: Cost Explorer responses from the fake endpoint", self, ["ce-ingest", "--runs", "2"], null));
            steps.Add(await StepAsync("ingestion: CUR 2.0 import, 1,000,000 rows", self, ["cur-import", "--rows", "1000000"], null));
            if (arguments.Contains("--with-load"))
            {
                steps.Add(await StepAsync("load: 50 live circuits while ingestion runs", self, ["load", "--db", Copy("load.db")], null));
            }

            Console.WriteLine();
            Console.WriteLine("| step | seconds | exit |");
            Console.WriteLine("|---|---|---|");
            foreach (var (name, seconds, exit) in steps)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {seconds:N1} | {exit} |"));
            }

            return steps.All(s => s.ExitCode == 0) ? 0 : 1;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(string, double, int)> StepAsync(string name, string executable, string[] args, string? database)
    {
        Console.WriteLine();
        Console.WriteLine($"## {name}");
        Console.WriteLine($"$ {Path.GetFileName(executable)} {string.Join(' ', args)}");
        var info = new ProcessStartInfo(executable, args) { RedirectStandardOutput = false, RedirectStandardError = false };
        if (database is not null)
        {
            info.Environment["Database__Path"] = database;
            info.Environment["Logging__LogLevel__Default"] = "Warning";
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        await process.WaitForExitAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"→ exit {process.ExitCode} after {watch.Elapsed.TotalSeconds:N1} s"));
        return (name, watch.Elapsed.TotalSeconds, process.ExitCode);
    }
}
