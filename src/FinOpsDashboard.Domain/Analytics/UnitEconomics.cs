namespace FinOpsDashboard.Domain.Analytics;

/// <summary>
/// Usage and unblended cost of a slice over a window. InputTokens are uncached input, as Bedrock reports them; InputCost is
/// every input-side charge (uncached input, cache read, cache write); Cost is everything, fees included.
/// </summary>
public sealed record UsageTotals(
    long Invocations,
    long InputTokens,
    long OutputTokens,
    long CacheReadTokens,
    long CacheWriteTokens,
    decimal Cost,
    decimal InputCost,
    decimal OutputCost)
{
    /// <summary>Everything the model read: input + cache read + cache write = 1M + 3M + 0.5M → 4.5M.</summary>
    public long InputSideTokens => InputTokens + CacheReadTokens + CacheWriteTokens;
}

/// <summary>Unit costs and usage shapes of a slice. Each is null when its denominator is zero, never a made-up zero.</summary>
public static class UnitEconomics
{
    /// <summary>Cost × 1,000 ÷ invocations: $25 over 50,000 invocations → $0.50.</summary>
    public static decimal? CostPerThousandInvocations(UsageTotals totals) =>
        Per(totals.Cost * 1_000m, totals.Invocations);

    /// <summary>Cost ÷ invocations: $25 over 50,000 invocations → $0.0005.</summary>
    public static decimal? CostPerRequest(UsageTotals totals) =>
        Per(totals.Cost, totals.Invocations);

    /// <summary>Input cost × 1M ÷ input-side tokens, so caching lowers it: $4.50 over 1M input + 3M cache read + 0.5M cache write → $1.00.</summary>
    public static decimal? CostPerMillionInputTokens(UsageTotals totals) =>
        Per(totals.InputCost * 1_000_000m, totals.InputSideTokens);

    /// <summary>Output cost × 1M ÷ output tokens: $7.50 over 500K output tokens → $15.00.</summary>
    public static decimal? CostPerMillionOutputTokens(UsageTotals totals) =>
        Per(totals.OutputCost * 1_000_000m, totals.OutputTokens);

    /// <summary>Input-side tokens ÷ invocations, the prompt size whether cached or not: 4.5M over 1,500 invocations → 3,000.</summary>
    public static decimal? InputTokensPerInvocation(UsageTotals totals) =>
        Per(totals.InputSideTokens, totals.Invocations);

    /// <summary>Output tokens ÷ invocations: 500K over 1,500 invocations → 333.33…</summary>
    public static decimal? OutputTokensPerInvocation(UsageTotals totals) =>
        Per(totals.OutputTokens, totals.Invocations);

    /// <summary>Output tokens ÷ input-side tokens: 500K out for 4.5M in → 0.111…; below 0.1 is input-dominant traffic.</summary>
    public static decimal? OutputToInputRatio(UsageTotals totals) =>
        Per(totals.OutputTokens, totals.InputSideTokens);

    /// <summary>Cache read ÷ (input + cache read + cache write): 3M of 1M + 3M + 0.5M → 0.666…</summary>
    public static decimal? CacheHitShare(UsageTotals totals) =>
        Per(totals.CacheReadTokens, totals.InputSideTokens);

    private static decimal? Per(decimal numerator, long denominator) => denominator == 0 ? null : numerator / denominator;
}
