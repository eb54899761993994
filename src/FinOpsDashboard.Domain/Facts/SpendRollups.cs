namespace FinOpsDashboard.Domain.Facts;

/// <summary>
/// The keys spend is filtered, scoped and grouped by. Cost facts and their rollups share them, so one filter (and one
/// team-scoping rule) serves every spend query whichever table it reads.
/// </summary>
public interface ISpendKeys
{
    string AccountId { get; }
    string Model { get; }
    string Team { get; }
    string Feature { get; }
    string PricingMode { get; }
}

/// <summary>
/// Cost facts summed per day and (account, model, team, feature, pricing mode): the grain of every spend total, split
/// and daily chart. Kept equal to a GROUP BY over cost_facts by every write to them, in the same transaction (ADR-011).
/// Example: three facts of 2026-11-03 for (acct, Nova Pro, search, semantic-search, on-demand) costing $1, $2 and $3 are
/// one row costing $6 with <see cref="FactCount"/> 3.
/// </summary>
public sealed class DailySpend : ISpendKeys
{
    public DateOnly Date { get; set; }
    public required string AccountId { get; set; }
    public required string Model { get; set; }
    public required string Team { get; set; }
    public required string Feature { get; set; }
    public required string PricingMode { get; set; }
    public decimal UnblendedCost { get; set; }
    public decimal AmortizedCost { get; set; }
    public long FactCount { get; set; }
}

/// <summary>
/// <see cref="DailySpend"/> summed per calendar month (<see cref="Month"/> is its first day): long windows read whole
/// months from here and only their partial edge months from the daily rows.
/// </summary>
public sealed class MonthlySpend : ISpendKeys
{
    public DateOnly Month { get; set; }
    public required string AccountId { get; set; }
    public required string Model { get; set; }
    public required string Team { get; set; }
    public required string Feature { get; set; }
    public required string PricingMode { get; set; }
    public decimal UnblendedCost { get; set; }
    public decimal AmortizedCost { get; set; }
    public long FactCount { get; set; }
}

/// <summary>
/// Cost facts summed per ISO week (<see cref="Week"/> is its Monday) at the grain of a usage cell: the five spend keys
/// plus token direction, cache TTL, cross-region route and unit, with their quantity. Change decomposition and unit
/// economics need that detail, which <see cref="DailySpend"/> drops; windows read whole weeks from here and only their
/// edge days from cost_facts (ADR-011). A week has ~25 times fewer rows than its facts on the large demo.
/// Example: the facts of 2026-11-02..08 for (acct, Nova Pro, search, chat, on-demand, input, no TTL, none, tokens) with
/// 1.2M and 0.8M tokens costing $0.96 and $0.64 are one row: Week 2026-11-02, Quantity 2,000,000, cost $1.60.
/// </summary>
public sealed class WeeklyUsage : ISpendKeys
{
    public DateOnly Week { get; set; }
    public required string AccountId { get; set; }
    public required string Model { get; set; }
    public required string Team { get; set; }
    public required string Feature { get; set; }
    public required string PricingMode { get; set; }
    public required string TokenDirection { get; set; }

    /// <summary>The facts' cache TTL, or "" for none (a key column cannot hold NULL in a WITHOUT ROWID table).</summary>
    public required string CacheTtl { get; set; }

    public required string CrossRegion { get; set; }
    public required string Unit { get; set; }
    public decimal Quantity { get; set; }
    public decimal UnblendedCost { get; set; }
    public long FactCount { get; set; }
}
