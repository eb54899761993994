namespace FinOpsDashboard.Infrastructure.Demo;

/// <summary>Standard: a mid-size company (6 teams, 17 features, 9 models). Large: 40 teams, 200 features, 30 models.</summary>
public enum DemoScale
{
    Standard,
    Large,
}

/// <summary>What decides the demo organisation's data: every day is a pure function of (Seed, AnchorDay, Scale, day).</summary>
public sealed class DemoWorkloadOptions
{
    public int Seed { get; set; } = 42;

    /// <summary>The last day of the designed history; scenarios are placed relative to it. Default: yesterday (UTC) at construction.</summary>
    public DateOnly AnchorDay { get; set; }

    /// <summary>History is [AnchorDay - HistoryDays + 1, AnchorDay]; it only clips, it never changes a day's numbers.</summary>
    public int HistoryDays { get; set; } = 120;

    public DemoScale Scale { get; set; } = DemoScale.Standard;

    /// <summary>The performance-test shape: a year of the large organisation.</summary>
    public static DemoWorkloadOptions LargeYear(DateOnly anchorDay, int seed = 42) =>
        new() { Seed = seed, AnchorDay = anchorDay, HistoryDays = 365, Scale = DemoScale.Large };
}
