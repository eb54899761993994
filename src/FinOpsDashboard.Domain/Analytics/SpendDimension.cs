namespace FinOpsDashboard.Domain.Analytics;

/// <summary>A way to split spend.</summary>
public enum SpendDimension
{
    Model,
    Team,
    Feature,
    PricingMode,
    Account,
}

public static class SpendDimensions
{
    /// <summary>"pricing-mode" → PricingMode; the CLI's and URLs' spelling.</summary>
    public static SpendDimension Parse(string value) => value.Trim().ToLowerInvariant() switch
    {
        "model" => SpendDimension.Model,
        "team" => SpendDimension.Team,
        "feature" => SpendDimension.Feature,
        "pricing-mode" or "pricingmode" or "mode" => SpendDimension.PricingMode,
        "account" => SpendDimension.Account,
        _ => throw new ArgumentException($"Unknown dimension '{value}'. Use one of: model, team, feature, pricing-mode, account."),
    };

    public static string Slug(this SpendDimension dimension) => dimension switch
    {
        SpendDimension.PricingMode => "pricing-mode",
        _ => dimension.ToString().ToLowerInvariant(),
    };

    public static string Label(this SpendDimension dimension) => dimension switch
    {
        SpendDimension.PricingMode => "Pricing mode",
        _ => dimension.ToString(),
    };
}

/// <summary>Spend of one key (a model, a team...) over a window: unblended cost in USD.</summary>
public sealed record KeyCost(string Key, decimal Cost);

/// <summary>One key's unblended cost on one day.</summary>
public sealed record DailyKeyCost(DateOnly Date, string Key, decimal Cost);
