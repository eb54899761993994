using System.Diagnostics;
using System.Globalization;
using FinOpsDashboard.Benchmarks;
using FinOpsDashboard.Infrastructure;
using FinOpsDashboard.Infrastructure.Files;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// dotnet run -c Release --project bench/FinOpsDashboard.Benchmarks -- cur-import [--rows 1000000] [--gzip] [--keep]
// Generates a CUR 2.0 CSV in a temp folder, imports it into a fresh temp database, prints rows/s and peak working set.
// dotnet build -c Release && dotnet run -c Release --project bench/FinOpsDashboard.Benchmarks -- pages [--runs 30] [--db large.db] [--keep]
// Seeds the large demo organisation, starts the web app on it and prints p50/p95 server render time per page.
// dotnet run -c Release --no-build --project bench/FinOpsDashboard.Benchmarks -- load [--circuits 50] [--duration 180] [--think 30] [--db /tmp/bench-large.db] [--ingestion-cycles 1]
// Runs N live Blazor circuits in Chromium clicking through the pages of a copy of the database while ingestion runs;
// prints page-update latency, errors, server memory per circuit and CPU (server vs browser).
// dotnet run -c Release --project bench/FinOpsDashboard.Benchmarks -- ce-ingest [--days 365] [--runs 3] [--keep]
// Runs the cost-ingestion job against a fake Cost Explorer answering as the large demo organisation: responses/s, rows/s.
// dotnet run -c Release --no-build --project bench/FinOpsDashboard.Benchmarks -- suite [--db large.db] [--runs 20] [--with-load]
// Every measurement above in sequence, each in its own process, on one large demo database (seeded unless --db).
var arguments = args.ToList();
if (arguments.FirstOrDefault() == "pages")
{
    return await PageLatency.RunAsync(arguments.Skip(1).ToList());
}

if (arguments.FirstOrDefault() == "suite")
{
    return await Suite.RunAsync(arguments.Skip(1).ToList());
}

if (arguments.FirstOrDefault() == "load")
{
    return await LoadTest.RunAsync(arguments.Skip(1).ToList());
}

if (arguments.FirstOrDefault() == "ce-ingest")
{
    return await CostExplorerIngestion.RunAsync(arguments.Skip(1).ToList());
}

if (arguments.FirstOrDefault() != "cur-import")
{
    Console.Error.WriteLine("usage: FinOpsDashboard.Benchmarks suite [--db PATH] [--runs N] [--with-load] | cur-import [--rows N] [--gzip] [--keep] | pages [--runs N] [--db PATH] [--keep]"
        + " | ce-ingest [--days N] [--runs N] [--keep]"
        + " | load [--circuits N] [--duration S] [--think S] [--db PATH] [--retention-wait S] [--ingestion-cycles N] [--client-nice N] [--web PATH] [--keep]");
    return 2;
}

var rows = arguments.IndexOf("--rows") is var r and >= 0 ? int.Parse(arguments[r + 1], CultureInfo.InvariantCulture) : 1_000_000;
var gzip = arguments.Contains("--gzip");
var keep = arguments.Contains("--keep");
var folder = Directory.CreateTempSubdirectory("finops-bench-").FullName;
try
{
    var csv = Path.Combine(folder, "export", "data", "BILLING_PERIOD=2026-05", "bench-00001.csv");
    Directory.CreateDirectory(Path.GetDirectoryName(csv)!);
    var generate = Stopwatch.StartNew();
    var bytes = CurGenerator.Write(csv, rows);
    if (gzip)
    {
        await using (var input = File.OpenRead(csv))
        await using (var output = new System.IO.Compression.GZipStream(File.Create(csv + ".gz"), System.IO.Compression.CompressionLevel.Fastest))
        {
            await input.CopyToAsync(output);
        }

        File.Delete(csv);
        csv += ".gz";
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated {rows:N0} CUR 2.0 rows, {bytes / 1048576.0:N1} MB CSV{(gzip ? $" ({new FileInfo(csv).Length / 1048576.0:N1} MB gzip)" : string.Empty)} in {generate.Elapsed.TotalSeconds:N1} s"));

    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = folder });
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Database:Path"] = Path.Combine(folder, "bench.db"),
        ["Jobs:SchedulerEnabled"] = "false",
    });
    builder.Logging.ClearProviders();
    builder.Services.AddInfrastructure();
    using var host = builder.Build();
    await host.Services.MigrateDatabaseAsync();
    var importer = host.Services.GetRequiredService<ImportService>();

    // `finops import` records its job run through EF before it imports: start EF here too, so its one-time start-up
    // (~0.8 s on this machine) is not counted as import time.
    var dbFactory = host.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<FinOpsDashboard.Infrastructure.Data.FinOpsDbContext>>();
    await using (var warm = await dbFactory.CreateDbContextAsync())
    {
        _ = warm.JobRuns.Count();
    }

    // Everything before the import (generation, start-up) is excluded from the peak as far as the OS allows.
    GC.Collect();
    using var process = Process.GetCurrentProcess();
    var before = process.PeakWorkingSet64;
    var cpuBefore = process.TotalProcessorTime;
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    var summary = await importer.ImportAsync(csv, NullImportProgress.Instance, CancellationToken.None);
    process.Refresh();
    var cpu = process.TotalProcessorTime - cpuBefore;

    await using var db = await dbFactory.CreateDbContextAsync();
    var facts = db.CostFacts.Count();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"imported {summary.RowsRead:N0} rows ({summary.RowsKept:N0} Bedrock kept, {summary.RowsSkipped:N0} other services skipped, {summary.RowsRejected:N0} rejected) into {facts:N0} cost facts"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"elapsed {summary.Elapsed.TotalSeconds:N2} s, {summary.RowsPerSecond:N0} rows/s, {summary.Bytes / 1048576.0 / summary.Elapsed.TotalSeconds:N0} MB/s (CPU {cpu.TotalSeconds:N2} s on {Environment.ProcessorCount} cores)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"peak working set {process.PeakWorkingSet64 / 1048576.0:N0} MB (before import {before / 1048576.0:N0} MB); allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1048576.0:N0} MB, GCs gen0/1/2 {GC.CollectionCount(0) - gcBefore.Item1}/{GC.CollectionCount(1) - gcBefore.Item2}/{GC.CollectionCount(2) - gcBefore.Item3}"));
    return summary.HasFailures ? 1 : 0;
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    if (keep)
    {
        Console.WriteLine("kept " + folder);
    }
    else
    {
        Directory.Delete(folder, recursive: true);
    }
}
