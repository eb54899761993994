using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.AttributionRules;
using FinOpsDashboard.Infrastructure.Files;
using FinOpsDashboard.Infrastructure.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Tests.Files;

/// <summary>A migrated database, a scratch folder for fixture files, and the import service over both.</summary>
public sealed class ImportHarness : IAsyncDisposable
{
    private ImportHarness(TestDatabase db, ImportOptions options, IS3ClientFactory? s3)
    {
        Db = db;
        Options = options;
        Folder = Directory.CreateTempSubdirectory("finops-import-").FullName;
        Logger = new ListLogger();
        AttributionRules = new AttributionRuleStore(db.Factory(), DependencyInjection.AttributionKeysFrom(new IngestionOptions(), options), TimeProvider.System);
        Service = new ImportService(
            db.Factory(), Microsoft.Extensions.Options.Options.Create(options), s3 ?? new S3ClientFactory(new ConfigurationBuilder().Build()), AttributionRules, TimeProvider.System, Logger);
    }

    public TestDatabase Db { get; }
    public ImportOptions Options { get; }
    public string Folder { get; }
    public ImportService Service { get; }
    public AttributionRuleStore AttributionRules { get; }
    public ListLogger Logger { get; }

    public static async Task<ImportHarness> CreateAsync(ImportOptions? options = null, IS3ClientFactory? s3 = null) =>
        new(await TestDatabase.MigratedAsync(), options ?? new ImportOptions(), s3);

    public string Write(string relativePath, string content) => Write(relativePath, System.Text.Encoding.UTF8.GetBytes(content));

    public string Write(string relativePath, byte[] content)
    {
        var path = Path.Combine(Folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    public Task<ImportSummary> ImportAsync(string path, bool? rejectWholeFile = null) =>
        Service.ImportAsync(path, new ImportRequest { RejectWholeFileOnBadRow = rejectWholeFile }, NullImportProgress.Instance, CancellationToken.None);

    public async Task<List<CostFact>> FactsAsync()
    {
        await using var context = Db.Context();
        return await context.CostFacts.AsNoTracking().OrderBy(f => f.Date).ThenBy(f => f.AccountId).ThenBy(f => f.UsageType).ThenBy(f => f.Team).ToListAsync();
    }

    public async Task<List<ImportedFile>> FilesAsync()
    {
        await using var context = Db.Context();
        return await context.ImportedFiles.AsNoTracking().OrderBy(f => f.Id).ToListAsync();
    }

    public async Task<List<ImportRejection>> RejectionsAsync()
    {
        await using var context = Db.Context();
        return await context.ImportRejections.AsNoTracking().OrderBy(r => r.Location).ThenBy(r => r.LineNumber).ToListAsync();
    }

    public async Task<List<InvocationLogHourly>> LogHoursAsync()
    {
        await using var context = Db.Context();
        return await context.InvocationLogHourly.AsNoTracking().OrderBy(h => h.HourStart).ThenBy(h => h.ModelId).ThenBy(h => h.Team).ToListAsync();
    }

    /// <summary>A comparable snapshot of the cost facts (everything but ids and ingestion times).</summary>
    public async Task<List<string>> FactSnapshotAsync() => (await FactsAsync())
        .Select(f => string.Join('|', f.Source, f.AccountId, f.Date, f.Region, f.Service, f.UsageType, f.Model, f.PricingMode, f.TokenDirection, f.CrossRegion,
            f.CacheTtl, f.IsClassified, f.Team, f.Feature, f.Quantity, f.Unit, f.UnblendedCost, f.AmortizedCost))
        .Order(StringComparer.Ordinal)
        .ToList();

    public async ValueTask DisposeAsync()
    {
        await Db.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Keeps every log message, so a test can prove no prompt text was logged.</summary>
public sealed class ListLogger : ILogger<ImportService>
{
    public List<string> Messages { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Messages)
        {
            Messages.Add(formatter(state, exception) + (exception is null ? string.Empty : " " + exception));
        }
    }
}
