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
