namespace FinOpsDashboard.Domain.Recommendations;

/// <summary>
/// Thresholds of every detector, with the defaults product.md's lever table implies. Bound from the configuration
/// section "Recommendations" (e.g. Recommendations__RightSizeMaxOutputToInput=0.05); the recommendations page lists
/// the values in force.
/// </summary>
public sealed class RecommendationSettings
{
    public const string Section = "Recommendations";

    /// <summary>Days of history each detector looks at (the "month" its $ / month is scaled from).</summary>
    public int WindowDays { get; set; } = 30;

    /// <summary>A workload below this spend per month is not worth a recommendation.</summary>
    public decimal MinMonthlyCost { get; set; } = 100m;

    /// <summary>Below this saving per month a finding is not raised (levers that claim no saving are exempt).</summary>
    public decimal MinMonthlySavings { get; set; } = 25m;

    // Right-size: classification / extraction shape.
    public decimal RightSizeMaxOutputToInput { get; set; } = 0.03m;
    public decimal RightSizeMaxOutputTokensPerCall { get; set; } = 50m;
    public decimal RightSizeMaxInputTokensPerCall { get; set; } = 2_000m;

    /// <summary>Premium model → the cheaper sibling to price its short-output traffic at.</summary>
    public Dictionary<string, string> CheaperSibling { get; set; } = new(StringComparer.Ordinal)
    {
        ["Claude Opus 4.8"] = "Claude Haiku 4.5",
        ["Claude Opus 4.5"] = "Claude Haiku 4.5",
        ["Claude Sonnet 4.6"] = "Claude Haiku 4.5",
        ["Claude Sonnet 4.5"] = "Claude Haiku 4.5",
        ["Claude Sonnet 4"] = "Claude Haiku 4.5",
        ["Nova Premier"] = "Nova Lite",
        ["Nova Pro"] = "Nova Lite",
        ["Llama 3 70B"] = "Llama 3 8B",
        ["Llama 3.1 70B"] = "Llama 3.1 8B",
        ["Mistral Large"] = "Mistral Small",
    };

    // Prompt caching.
    public decimal CachingMinInputToOutput { get; set; } = 5m;
    /// <summary>A cache-read share of prompt tokens at or below this counts as "near zero".</summary>
    public decimal CachingNearZeroShare { get; set; } = 0.05m;
    /// <summary>A drop of this much (share points) against the previous window is a cache-hit regression.</summary>
    public decimal CachingRegressionDrop { get; set; } = 0.15m;
    /// <summary>Repeated-prefix share assumed when there is no history of caching (low confidence).</summary>
    public decimal CachingAssumedPrefixShare { get; set; } = 0.50m;
    /// <summary>Cache reads per cache write assumed when caching is new: writes = reads ÷ this.</summary>
    public decimal CachingReadsPerWrite { get; set; } = 10m;

    // Batch.
    /// <summary>Coefficient of variation of daily cost at or below which traffic counts as steady.</summary>
    public decimal BatchMaxDailyVariation { get; set; } = 0.08m;
    /// <summary>Weekend ÷ weekday daily cost at or above which traffic runs regardless of office days.</summary>
    public decimal BatchMinWeekendRatio { get; set; } = 0.85m;
    /// <summary>Off-hours, UTC: [start, end) wrapping midnight.</summary>
    public int OffHoursStartUtc { get; set; } = 22;
    public int OffHoursEndUtc { get; set; } = 7;
    /// <summary>Features declared non-interactive by their owners: batch candidates whatever their shape.</summary>
    public List<string> NonInteractiveFeatures { get; set; } = [];

    // Output caps.
    public decimal OutputCapTokensPerCall { get; set; } = 1_000m;

    // Context trimming.
    public decimal ContextTargetInputTokensPerCall { get; set; } = 20_000m;
    /// <summary>Growth of input tokens per call against the previous window that counts as "growing".</summary>
    public decimal ContextGrowthRatio { get; set; } = 1.25m;

    // Provisioned throughput.
    /// <summary>Each day within ± this share of the mean daily tokens counts as stable.</summary>
    public decimal PtCommitMaxDailyDeviation { get; set; } = 0.10m;
    public int PtCommitStableDays { get; set; } = 14;
    public decimal PtTargetUtilization { get; set; } = 0.80m;
    public decimal PtScaleDownUtilization { get; set; } = 0.50m;
    public decimal PtIdleUtilization { get; set; } = 0.01m;
    public int PtUtilizationDays { get; set; } = 14;

    // Throttling.
    public decimal ThrottleMinRate { get; set; } = 0.01m;
    public decimal ThrottleMinDayRate { get; set; } = 0.05m;
    public long ThrottleMinCount { get; set; } = 100;

    // Distillation.
    public long DistillationMinCallsPerMonth { get; set; } = 1_000_000;
    public List<string> FrontierModelPrefixes { get; set; } = ["Claude Opus", "Claude Sonnet", "Nova Premier"];

    // Embeddings.
    /// <summary>A day at or above this multiple of the window's median embedding tokens is a re-embed.</summary>
    public decimal EmbeddingSpikeMultiple { get; set; } = 3m;

    // Attribution.
    public decimal MaxUnattributedShare { get; set; } = 0.05m;
}
