namespace FinOpsDashboard.Domain.Facts;

/// <summary>A key/value the app keeps about itself (e.g. the demo workload's seed and anchor day). Never a secret.</summary>
public sealed class AppSetting
{
    public required string Key { get; set; }
    public required string Value { get; set; }
    public DateTime UpdatedAt { get; set; }
}
