using FinOpsDashboard.Domain.Analytics;

namespace FinOpsDashboard.Domain.Tests.Analytics;

/// <summary>Builders for cost cells priced per million tokens, the way the bill quotes them.</summary>
internal static class CostCells
{
    /// <summary>2 million tokens at $3 per million → 2,000,000 tokens costing $6.</summary>
    public static CostCell Tokens(
        string model,
        string direction,
        decimal millions,
        decimal ratePerMillion,
        string mode = "on-demand",
        string crossRegion = "none",
        string? ttl = null) =>
        new(model, mode, direction, ttl, crossRegion, "tokens", millions * 1_000_000m, millions * ratePerMillion);

    public static CostCell Units(string model, string direction, string unit, decimal quantity, decimal unitPrice, string mode = "on-demand") =>
        new(model, mode, direction, null, "none", unit, quantity, quantity * unitPrice);

    /// <summary>A charge the bill gives no quantity for.</summary>
    public static CostCell Fee(string model, decimal cost, string direction = "other") =>
        new(model, "on-demand", direction, null, "none", "requests", 0m, cost);
}
