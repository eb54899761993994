namespace FinOpsDashboard.Domain.Classification;

/// <summary>What a Bedrock usage-type string (plus, for Marketplace editions, the service name) says about a charge.</summary>
/// <param name="UsageType">The usage type exactly as billed.</param>
/// <param name="Model">Canonical model name ("Claude Sonnet 4.6"); the raw fragment when the model is not in the catalog; "(unknown)" when unclassified.</param>
/// <param name="Region">AWS region name ("us-east-1") from the leading code; a geo such as "eu" stays as the lower-case code; null when absent.</param>
/// <param name="Direction">input | output | cache-read | cache-write | image | audio | model-units | training | storage | search-units | other.</param>
/// <param name="PricingMode">on-demand | batch | flex | priority | provisioned | custom-model | customization.</param>
/// <param name="CrossRegion">none | global.</param>
/// <param name="CacheTtl">null, "5m" or "1h" (cache writes only).</param>
/// <param name="Commitment">null (not provisioned) | none | 1-month | 6-month.</param>
/// <param name="Classified">False when no known shape matched: the charge is still kept and costed.</param>
/// <param name="QuantityUnit">The unit the billed quantity is expressed in by default: "1K tokens", "1M tokens", "tokens", "hours", "GB-month", "units".</param>
/// <param name="TokensPerQuantityUnit">Tokens in one billed unit (1000 for "1K tokens"), 1 for non-token units.</param>
public sealed record UsageTypeClassification(
    string UsageType,
    string Model,
    string? Region,
    string Direction,
    string PricingMode,
    string CrossRegion,
    string? CacheTtl,
    string? Commitment,
    bool Classified,
    string QuantityUnit,
    decimal TokensPerQuantityUnit);
