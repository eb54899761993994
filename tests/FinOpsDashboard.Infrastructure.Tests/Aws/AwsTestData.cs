using FinOpsDashboard.Infrastructure.Demo;

namespace FinOpsDashboard.Infrastructure.Tests.AwsApi;

internal static class AwsTestData
{
    public static readonly DateOnly Anchor = new(2026, 11, 21);

    /// <summary>The demo organisation seen on the morning after <see cref="Anchor"/>.</summary>
    public static DemoWorkload Demo() =>
        new(new DemoWorkloadOptions { Seed = 42, AnchorDay = Anchor, HistoryDays = 30 }, new FixedClock(new DateTime(2026, 11, 22, 9, 0, 0, DateTimeKind.Utc)));

    public static async Task<FakeAwsServer> StartWithDemoAsync()
    {
        var server = await FakeAwsServer.StartAsync();
        server.UseApis(Demo());
        return server;
    }
}

internal sealed class FixedClock(DateTime utcNow) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => new(utcNow, TimeSpan.Zero);
}

/// <summary>The system clock, shifted: a machine whose clock is wrong.</summary>
internal sealed class SkewedClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
