namespace FinOpsDashboard.Infrastructure.Demo;

/// <summary>Usage-type strings and billed quantities, in the shapes aws-apis.md records for each billing form.</summary>
public static class DemoUsageTypes
{
    public const string UnitThousandTokens = "1K tokens";
    public const string UnitMillionTokens = "1M tokens";
    public const string UnitHours = "Hrs";

    /// <summary>E.g. USE1-Claude4.6Sonnet-input-tokens-cross-region-global, USE1-NovaLite-output-tokens-batch, USE1-MP:USE1_cache_read_tokens_standard-Units.</summary>
    public static string For(DemoModel model, string regionCode, DemoRoute route, DemoPricingMode mode, DemoChargeKind kind) => model.Form switch
    {
        DemoBillingForm.Bedrock or DemoBillingForm.BedrockService => BedrockForm(model, regionCode, route, mode, kind),
        DemoBillingForm.MarketplaceNew => MarketplaceNewForm(regionCode, route, mode, kind),
        DemoBillingForm.MarketplaceOld => MarketplaceOldForm(regionCode, route, mode, kind),
        _ => throw new ArgumentOutOfRangeException(nameof(model), model.Form, "Unknown billing form."),
    };

    /// <summary>USE1-Nova2.0Lite-ProvisionedThroughput-1month-ModelUnits.</summary>
    public static string ProvisionedThroughputOneMonth(DemoModel model, string regionCode) =>
        $"{regionCode}-{model.UsageToken}-ProvisionedThroughput-1month-ModelUnits";

    /// <summary>Billed quantity: Bedrock and Bedrock Service count thousands of tokens, Marketplace editions millions.</summary>
    public static decimal Quantity(DemoBillingForm form, long tokens) => form switch
    {
        DemoBillingForm.MarketplaceNew or DemoBillingForm.MarketplaceOld => tokens / 1_000_000m,
        _ => tokens / 1_000m,
    };

    public static string QuantityUnit(DemoBillingForm form) => form switch
    {
        DemoBillingForm.MarketplaceNew or DemoBillingForm.MarketplaceOld => UnitMillionTokens,
        _ => UnitThousandTokens,
    };

    private static string BedrockForm(DemoModel model, string regionCode, DemoRoute route, DemoPricingMode mode, DemoChargeKind kind)
    {
        var charge = kind switch
        {
            DemoChargeKind.Input => "input-tokens",
            DemoChargeKind.Output => "output-tokens",
            DemoChargeKind.CacheRead => "cache-read-input-token-count",
            DemoChargeKind.CacheWrite => "cache-write-input-token-count",
            DemoChargeKind.CacheWrite1h => "cache-write-input-token-count-1-hour",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a token charge."),
        };
        var crossRegion = route == DemoRoute.Global ? "-cross-region-global" : "";
        var tier = mode switch
        {
            DemoPricingMode.Batch => "-batch",
            DemoPricingMode.Flex => "-flex",
            DemoPricingMode.Priority => "-priority",
            _ => "",
        };
        return $"{regionCode}-{model.UsageToken}-{charge}{crossRegion}{tier}";
    }

    private static string MarketplaceNewForm(string regionCode, DemoRoute route, DemoPricingMode mode, DemoChargeKind kind)
    {
        var charge = kind switch
        {
            DemoChargeKind.Input => "input_tokens",
            DemoChargeKind.Output => "output_tokens",
            DemoChargeKind.CacheRead => "cache_read_tokens",
            DemoChargeKind.CacheWrite => "cache_write_tokens",
            DemoChargeKind.CacheWrite1h => "cache_write_tokens_1h",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a token charge."),
        };
        var tier = mode switch
        {
            DemoPricingMode.Batch => "batch",
            DemoPricingMode.Flex => "flex",
            DemoPricingMode.Priority => "priority",
            _ => "standard",
        };
        var global = route == DemoRoute.Global ? "global_" : "";
        return $"{regionCode}-MP:{regionCode}_{charge}_{global}{tier}-Units";
    }

    private static string MarketplaceOldForm(string regionCode, DemoRoute route, DemoPricingMode mode, DemoChargeKind kind)
    {
        var charge = kind switch
        {
            DemoChargeKind.Input => "InputTokenCount",
            DemoChargeKind.Output => "OutputTokenCount",
            DemoChargeKind.CacheRead => "CacheReadInputTokenCount",
            DemoChargeKind.CacheWrite => "CacheWriteInputTokenCount",
            DemoChargeKind.CacheWrite1h => "CacheWrite1hInputTokenCount",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a token charge."),
        };
        var suffix = (route == DemoRoute.Global, mode == DemoPricingMode.Batch) switch
        {
            (true, true) => "_Global_Batch",
            (true, false) => "_Global",
            (false, true) => "_Batch",
            _ => "",
        };
        return $"{regionCode}-MP:{regionCode}_{charge}{suffix}-Units";
    }
}
