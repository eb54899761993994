using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Pricing;
using FinOpsDashboard.Domain.Time;

namespace FinOpsDashboard.Domain.Recommendations;

/// <summary>A model used by one team's feature in one pricing mode: the unit most levers act on.</summary>
public sealed record WorkloadKey(string Model, string Team, string Feature, string PricingMode)
{
    public override string ToString() => $"{Team} / {Feature} on {Model} ({PricingMode})";
}

/// <summary>How many calls a workload made, and where that number comes from (invocation logs are exact; CloudWatch counts a model id, not a feature).</summary>
public sealed record CallCount(long Calls, string Source);

/// <summary>
/// One workload's billed charges over the window and the window before it, its daily cost and billed tokens (oldest
/// first, one entry per day of the window, zero when nothing was billed) and, where known, its calls.
/// </summary>
public sealed record WorkloadUsage(
    WorkloadKey Key,
    IReadOnlyList<CostCell> Cells,
    IReadOnlyList<CostCell> PriorCells,
    IReadOnlyList<decimal> DailyCost,
    CallCount? Calls,
    CallCount? PriorCalls = null,
    IReadOnlyList<decimal>? DailyTokens = null)
{
    public decimal Cost => Cells.Sum(c => c.Cost);
    public decimal PriorCost => PriorCells.Sum(c => c.Cost);

    public TokenTotals Tokens => TokenTotals.Of(Cells);
    public TokenTotals PriorTokens => TokenTotals.Of(PriorCells);

    public decimal CostOf(string direction) => Cells.Where(c => c.Direction == direction).Sum(c => c.Cost);
}

/// <summary>Token quantities by direction (cache writes of both TTLs together).</summary>
public sealed record TokenTotals(decimal Input, decimal Output, decimal CacheRead, decimal CacheWrite)
{
    /// <summary>Everything the prompt carried: uncached input + cache reads + cache writes.</summary>
    public decimal Prompt => Input + CacheRead + CacheWrite;

    public decimal All => Prompt + Output;

    /// <summary>Cache reads ÷ prompt tokens: 700 read of 1,000 prompt tokens → 0.70.</summary>
    public decimal CacheReadShare => Prompt == 0 ? 0 : CacheRead / Prompt;

    public static TokenTotals Of(IEnumerable<CostCell> cells)
    {
        decimal input = 0, output = 0, read = 0, write = 0;
        foreach (var c in cells)
        {
            if (!string.Equals(c.Unit, "tokens", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            switch (c.Direction)
            {
                case PriceDimensions.Input: input += c.Quantity; break;
                case PriceDimensions.Output: output += c.Quantity; break;
                case PriceDimensions.CacheRead: read += c.Quantity; break;
                case PriceDimensions.CacheWrite: write += c.Quantity; break;
            }
        }

        return new TokenTotals(input, output, read, write);
    }
}

/// <summary>One day of CloudWatch counts for one ModelId.</summary>
public sealed record TelemetryDay(DateOnly Date, long Invocations, long InputTokens, long OutputTokens, long Throttles);

/// <summary>
/// CloudWatch's view of one ModelId (model id, profile id or provisioned-model ARN) over the window: daily counts, and
/// input + output tokens per UTC hour of day over the hourly points kept (for off-hours shape).
/// </summary>
public sealed record ModelIdTelemetry(string ModelId, string Model, bool IsProvisioned, IReadOnlyList<TelemetryDay> Days, IReadOnlyList<decimal> TokensByHourOfDay)
{
    public long Invocations => Days.Sum(d => d.Invocations);
    public long Throttles => Days.Sum(d => d.Throttles);
    public long Tokens => Days.Sum(d => d.InputTokens + d.OutputTokens);
}

/// <summary>Input + output tokens a provisioned model served in one UTC hour.</summary>
public sealed record HourlyTokens(DateTime HourStart, long Tokens);

/// <summary>
/// A provisioned-throughput reservation with what is needed to judge its use. CapacityTokensPerMinutePerUnit is
/// admin-set (null when nobody has said: utilization is then unknown); HourlyCost covers all model units together
/// (billed cost ÷ billed hours, else the PT price setting; HourlyCostSource says which); Hours are the input + output
/// tokens served per hour over the utilization window; Invocations and Throttles are CloudWatch's counts for its ARN.
/// </summary>
public sealed record ReservationUsage(
    string Arn,
    string Name,
    string Model,
    int ModelUnits,
    string Commitment,
    DateTime? CommitmentExpiresAt,
    long? CapacityTokensPerMinutePerUnit,
    decimal? HourlyCost,
    string HourlyCostSource,
    IReadOnlyList<HourlyTokens> Hours,
    long Invocations,
    long Throttles);

/// <summary>A provisioned-throughput offer for a model (admin setting, seeded with aws-apis.md's representative prices).</summary>
public sealed record PtOffer(string Model, string Commitment, decimal HourlyUsdPerUnit, long? CapacityTokensPerMinutePerUnit);

/// <summary>Everything the detectors read: built from the store by the infrastructure, pure from here on.</summary>
public sealed record RecommendationInputs(
    DateWindow Window,
    DateWindow PriorWindow,
    IReadOnlyList<WorkloadUsage> Workloads,
    IReadOnlyList<ModelIdTelemetry> Telemetry,
    IReadOnlyList<ReservationUsage> Reservations,
    IReadOnlyList<PtOffer> Offers,
    PriceCatalog Prices,
    decimal TotalCost,
    decimal UnattributedCost,
    RecommendationSettings Settings)
{
    /// <summary>Window amounts × this = per month (30 days): a 15-day window doubles.</summary>
    public decimal ToMonth => Window.Days == 0 ? 0 : 30m / Window.Days;
}
