using FinOpsDashboard.Infrastructure.Analytics;
using FinOpsDashboard.Infrastructure.Demo;
using FinOpsDashboard.Infrastructure.Ingestion;
using FinOpsDashboard.Infrastructure.Tests.Demo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FinOpsDashboard.Infrastructure.Tests.Recommendations;

/// <summary>
/// The standard demo organisation (seed 42, 70 days to 2026-11-22) seeded through the real services on the morning of
/// 2026-11-23, with the analytics refresh run once: what a newcomer's dashboard holds, shared by a test class.
/// </summary>
public sealed class SeededDemo : IAsyncLifetime
{
    public static readonly DateOnly Anchor = new(2026, 11, 22);
    public const int HistoryDays = 70;

    public TestDatabase Database { get; } = new();
    public FixedTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
    public ServiceProvider Services { get; private set; } = default!;

    /// <summary>The simulator's own knowledge of what it planted, for the same organisation.</summary>
    public DemoWorkload Workload { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Path"] = Database.Path }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddInfrastructure();
        services.AddSingleton<TimeProvider>(Clock);
        Services = services.BuildServiceProvider();
        await Services.MigrateDatabaseAsync();
        await Services.GetRequiredService<DemoSeeder>().SeedAsync(42, HistoryDays, DemoScale.Standard, 35, 1, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None);
        await Services.GetRequiredService<AnalyticsRunner>().RunAsync(NullJobProgress.Instance, CancellationToken.None);
        Workload = new DemoWorkload(new DemoWorkloadOptions { Seed = 42, AnchorDay = Anchor, HistoryDays = HistoryDays }, Clock);
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
