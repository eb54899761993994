namespace FinOpsDashboard.Domain.Facts;

/// <summary>
/// One day of one Bedrock charge line, normalised: the grain is (source, account, day, service, usage type) and the
/// raw attribution inputs the source gave (team tag, feature tag, inference profile, principal), so two raw values
/// the rules map to one team stay two facts, and a new rule version can re-attribute history. Costs are what the bill says: <see cref="UnblendedCost"/> is the charge as
/// incurred, <see cref="AmortizedCost"/> spreads upfront commitments over their term (AWS's own terms).
/// </summary>
public sealed class CostFact : ISpendKeys
{
    public long Id { get; set; }
    public DateOnly Date { get; set; }
    public required string AccountId { get; set; }
    public required string Region { get; set; }
    public required string Service { get; set; }
    public required string UsageType { get; set; }

    /// <summary>Canonical model name ("Claude Sonnet 4.6"), or the raw fragment when unrecognised.</summary>
    public required string Model { get; set; }

    /// <summary>on-demand | batch | flex | priority | provisioned | custom-model | customization.</summary>
    public required string PricingMode { get; set; }

    /// <summary>input | output | cache-read | cache-write | image | audio | model-units | training | storage | search-units | other.</summary>
    public required string TokenDirection { get; set; }

    /// <summary>none | global.</summary>
    public string CrossRegion { get; set; } = "none";

    /// <summary>Null, "5m" or "1h" for cache writes.</summary>
    public string? CacheTtl { get; set; }

    /// <summary>False when the usage type matched no known shape: kept and costed, shown as unclassified.</summary>
    public bool IsClassified { get; set; } = true;

    /// <summary>Team from the attribution rules; <see cref="Attribution.Unattributed"/> when none applied.</summary>
    public required string Team { get; set; }

    /// <summary>Feature from the attribution rules; <see cref="Attribution.Unattributed"/> when none applied.</summary>
    public required string Feature { get; set; }

    /// <summary>
    /// The team cost-allocation tag's value as the source gave it (CUR: the resource tag, else the caller's principal
    /// tag); empty when the line had none. Empty rather than null: SQLite lets NULLs repeat in a unique index.
    /// </summary>
    public string TeamTag { get; set; } = string.Empty;

    /// <summary>The feature cost-allocation tag's value as the source gave it; empty when none.</summary>
    public string FeatureTag { get; set; } = string.Empty;

    /// <summary>The line's resource when it is an inference profile (CUR line_item_resource_id, FOCUS ResourceId); empty otherwise.</summary>
    public string ResourceId { get; set; } = string.Empty;

    /// <summary>The caller's IAM principal ARN (CUR line_item_iam_principal); empty where the source has none (Cost Explorer, FOCUS).</summary>
    public string Principal { get; set; } = string.Empty;

    /// <summary>Usage in <see cref="Unit"/>: tokens for token charges, hours for model units.</summary>
    public decimal Quantity { get; set; }

    public required string Unit { get; set; }
    public decimal UnblendedCost { get; set; }
    public decimal AmortizedCost { get; set; }

    /// <summary>Cost Explorer marks recent days Estimated: they are re-fetched until final.</summary>
    public bool IsEstimated { get; set; }

    /// <summary>Where the fact came from: "demo", "cost-explorer", "cur", "focus".</summary>
    public required string Source { get; set; }

    public DateTime IngestedAt { get; set; }
}

public static class Attribution
{
    /// <summary>The explicit bucket for spend no rule could attribute; never silently dropped.</summary>
    public const string Unattributed = "(unattributed)";
}
