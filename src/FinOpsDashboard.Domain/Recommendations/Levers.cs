namespace FinOpsDashboard.Domain.Recommendations;

/// <summary>The cost levers of product.md, by the ids the CLI and the URL use.</summary>
public static class Levers
{
    public const string RightSize = "right-size";
    public const string PromptCaching = "prompt-caching";
    public const string Batch = "batch";
    public const string OutputCap = "output-cap";
    public const string ContextTrim = "context-trim";
    public const string PtCommit = "pt-commit";
    public const string PtUnderused = "pt-underused";
    public const string PtThrottled = "pt-throttled";
    public const string Distillation = "distillation";
    public const string Embeddings = "embeddings";
    public const string AttributionCoverage = "attribution-coverage";

    public static IReadOnlyList<string> All { get; } =
        [RightSize, PromptCaching, Batch, OutputCap, ContextTrim, PtCommit, PtUnderused, PtThrottled, Distillation, Embeddings, AttributionCoverage];

    public static string Label(string lever) => lever switch
    {
        RightSize => "Right-size model",
        PromptCaching => "Prompt caching",
        Batch => "Batch inference",
        OutputCap => "Output-token cap",
        ContextTrim => "Context trimming",
        PtCommit => "Provisioned throughput: commit",
        PtUnderused => "Provisioned throughput: under-used",
        PtThrottled => "Throttling",
        Distillation => "Distillation",
        Embeddings => "Embeddings hygiene",
        AttributionCoverage => "Attribution coverage",
        _ => lever,
    };
}

/// <summary>How much to trust an estimate: high = measured signal and prices; medium = one assumption; low = a default assumption drives it.</summary>
public static class Confidence
{
    public const string High = "high";
    public const string Medium = "medium";
    public const string Low = "low";
}

/// <summary>open → accepted → done, or dismissed (with a reason); any state can be reopened.</summary>
public static class RecommendationStatus
{
    public const string Open = "open";
    public const string Accepted = "accepted";
    public const string Dismissed = "dismissed";
    public const string Done = "done";

    public static IReadOnlyList<string> All { get; } = [Open, Accepted, Dismissed, Done];

    public static bool IsKnown(string status) => All.Contains(status, StringComparer.Ordinal);
}
