namespace FinOpsDashboard.Infrastructure.Demo;

/// <summary>
/// One billed line of one day, as Cost Explorer reports it: the truth ingestion's stored facts must match.
/// <c>Rate</c> is USD per 1M tokens, or per model-unit hour for provisioned throughput; <c>Quantity</c> is in the
/// billed unit (thousands of tokens, millions for Marketplace editions, hours for model units). Requests are
/// counted on the input line only, so summing requests over lines counts each call once.
/// </summary>
public sealed record DemoLedgerLine(
    DateOnly Date,
    string Service,
    string UsageType,
    string RegionCode,
    string Region,
    string? Team,
    string? Feature,
    string StreamId,
    string ModelKey,
    string ModelId,
    DemoRoute Route,
    DemoPricingMode Mode,
    DemoChargeKind Kind,
    long Tokens,
    long Requests,
    decimal Quantity,
    string QuantityUnit,
    decimal Rate,
    decimal UnblendedCost,
    bool Estimated = false)
{
    /// <summary>The demo has no upfront commitments (PT is billed hourly), so amortized equals unblended on every line.</summary>
    public decimal AmortizedCost => UnblendedCost;

    /// <summary>The line as Cost Explorer shows it before late usage arrives: <paramref name="factor"/> (0.92-0.98) of tokens, requests and hours.</summary>
    internal DemoLedgerLine AsEstimate(decimal factor)
    {
        if (Kind == DemoChargeKind.ModelUnitHours)
        {
            var hours = Math.Round(Quantity * factor, 4, MidpointRounding.AwayFromZero);
            return this with { Quantity = hours, UnblendedCost = Math.Round(hours * Rate, 10, MidpointRounding.AwayFromZero), Estimated = true };
        }

        var tokens = (long)decimal.Floor(Tokens * factor);
        var divisor = QuantityUnit == DemoUsageTypes.UnitMillionTokens ? 1_000_000m : 1_000m;
        return this with
        {
            Tokens = tokens,
            Requests = (long)decimal.Floor(Requests * factor),
            Quantity = tokens / divisor,
            UnblendedCost = DemoPrices.Cost(tokens, Rate),
            Estimated = true,
        };
    }
}

/// <summary>One stream's traffic on one day (all of it, billed or served by provisioned throughput).</summary>
public sealed record DemoUsageDay(
    DateOnly Date,
    string StreamId,
    string? Team,
    string? Feature,
    string ModelKey,
    string ModelId,
    long Requests,
    long InputTokens,
    long OutputTokens,
    long CacheReadTokens,
    long CacheWriteTokens,
    long CacheWrite1hTokens,
    long Throttles,
    long ClientErrors,
    long ServerErrors,
    double AverageLatencyMs)
{
    /// <summary>Every prompt token: plain input plus cache reads and writes.</summary>
    public long PromptTokens => InputTokens + CacheReadTokens + CacheWriteTokens + CacheWrite1hTokens;

    /// <summary>Cache reads as a share of prompt tokens (0.70 = 70 % of the prompt came from the cache).</summary>
    public double CacheReadShare => PromptTokens == 0 ? 0 : (double)CacheReadTokens / PromptTokens;
}

/// <summary>One stream's traffic in one UTC hour, as CloudWatch counts it (cache writes of both TTLs together).</summary>
public sealed record DemoHourlyUsage(
    DateOnly Date,
    int Hour,
    string StreamId,
    string ModelId,
    long Requests,
    long InputTokens,
    long OutputTokens,
    long CacheReadTokens,
    long CacheWriteTokens,
    long Throttles,
    long ClientErrors,
    long ServerErrors,
    double AverageLatencyMs);
