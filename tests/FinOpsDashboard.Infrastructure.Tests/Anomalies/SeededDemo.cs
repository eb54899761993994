using FinOpsDashboard.Domain.Anomalies;
using FinOpsDashboard.Domain.Attribution;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Anomalies;
using FinOpsDashboard.Infrastructure.AttributionRules;
using FinOpsDashboard.Infrastructure.Demo;
using FinOpsDashboard.Infrastructure.Ingestion;
using FinOpsDashboard.Infrastructure.Tests.Demo;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Tests.Anomalies;

/// <summary>
/// The standard demo (120 days to 2026-06-30) ingested once through the real pipeline, with the anomaly step run on it:
/// shared by the demo checks so the seeding is paid once per class.
/// </summary>
public sealed class SeededDemo : IAsyncLifetime
{
    public TestDatabase Db { get; private set; } = default!;
    public DemoWorkload Workload { get; private set; } = default!;
    public TimeProvider Clock { get; } = new FixedTimeProvider(DemoFixture.Now);
    public string StepSummary { get; private set; } = "";

    public AnomalyDetectionStep Step() => new(Db.Factory(), Options.Create(new AnomalySettings()), Clock);

    public async Task InitializeAsync()
    {
        Db = await TestDatabase.MigratedAsync();
        Workload = DemoFixture.Standard();
        var source = new IngestionSource("demo", DemoWorkload.AccountId, true, Workload, Workload, [new RegionalApis("us-east-1", Workload, Workload, Workload)]);
        await new CostIngestionService(Db.Factory(), Options.Create(new IngestionOptions()), new AttributionRuleStore(Db.Factory(), AttributionKeys.Default, Clock), Clock)
            .IngestAsync(source, new DateWindow(Workload.History.Start, Workload.History.End), 1, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None);
        await new AnomalyIngestionService(Db.Factory(), Clock).IngestAsync(source, new AwsCallCounter(), CancellationToken.None);
        StepSummary = (await Step().RunAsync(NullJobProgress.Instance, CancellationToken.None)).Summary;
    }

    public async Task DisposeAsync() => await Db.DisposeAsync();
}
