using System.Runtime.InteropServices;
using FinOpsDashboard.Domain.Classification;

namespace FinOpsDashboard.Infrastructure.Files;

/// <summary>
/// The cost-fact grain: source, usage account, UTC day, service, usage type, and the raw attribution inputs (team tag,
/// feature tag, inference profile, principal; "" where absent).
/// </summary>
internal readonly record struct CostGrain(
    string Source, string AccountId, DateOnly Date, string Service, string UsageType, string TeamTag, string FeatureTag, string ResourceId, string Principal);

internal sealed class CostSums(UsageTypeClassification classification, string region, QuantityUnit unit)
{
    public UsageTypeClassification Classification { get; } = classification;
    public string Region { get; } = region;
    public QuantityUnit Unit { get; } = unit;
    /// <summary>The unit text of the last line added, to skip re-checking lines that repeat it.</summary>
    public string? UnitText { get; set; }

    public decimal Quantity { get; set; }
    public decimal UnblendedCost { get; set; }
    public decimal AmortizedCost { get; set; }
}

/// <summary>A billing period, [Start, End).</summary>
internal readonly record struct PeriodRange(DateOnly Start, DateOnly End);

/// <summary>One kept bill line, already parsed.</summary>
internal readonly record struct BillLine(
    string Source,
    string AccountId,
    DateOnly Date,
    string Service,
    string UsageType,
    string TeamTag,
    string FeatureTag,
    string ResourceId,
    string Principal,
    decimal Quantity,
    string UnitText,
    decimal UnblendedCost,
    decimal AmortizedCost,
    string? RegionColumn,
    PeriodRange Period);

/// <summary>
/// Sums bill lines to the cost-fact grain while a unit of files is read, so memory follows the number of distinct
/// grains (accounts × days × usage types × raw tag values × profiles × principals), not the number of lines. Also records which
/// (source, account, period) each unit covers: exactly what a re-import replaces.
/// </summary>
internal sealed class BillingAggregator
{
    private string? _lastSource;
    private string? _lastAccount;
    private Coverage? _lastCoverage;

    public Dictionary<CostGrain, CostSums> Facts { get; } = [];

    /// <summary>Per (source, account): billing periods seen, and the first and last usage day (a line can fall outside its period).</summary>
    public Dictionary<(string Source, string AccountId), Coverage> Scope { get; } = [];

    public bool IsEmpty => Facts.Count == 0 && Scope.Count == 0;

    /// <summary>Adds one line; false when its unit disagrees with earlier lines of the grain or is not understood.</summary>
    public bool Add(in BillLine line)
    {
        var grain = new CostGrain(line.Source, line.AccountId, line.Date, line.Service, line.UsageType, line.TeamTag, line.FeatureTag, line.ResourceId, line.Principal);
        ref var sums = ref CollectionsMarshal.GetValueRefOrAddDefault(Facts, grain, out var exists);
        bool unitKnown;
        if (!exists)
        {
            var classification = UsageTypeClassifier.Classify(line.UsageType, line.Service);
            var unit = UnitFor(line.UnitText, classification);
            unitKnown = unit.IsKnown;
            sums = new CostSums(classification, classification.Region ?? NonEmpty(line.RegionColumn) ?? "global", unit);
        }
        else if (!ReferenceEquals(line.UnitText, sums!.UnitText) && !string.Equals(UnitFor(line.UnitText, sums.Classification).Unit, sums.Unit.Unit, StringComparison.Ordinal))
        {
            // Summing 1K-token and 1M-token quantities would be wrong: keep the money, report the line.
            sums.UnblendedCost += line.UnblendedCost;
            sums.AmortizedCost += line.AmortizedCost;
            return false;
        }
        else
        {
            unitKnown = sums.Unit.IsKnown;
        }

        sums.UnitText = line.UnitText;
        sums.Quantity += line.Quantity * sums.Unit.Multiplier;
        sums.UnblendedCost += line.UnblendedCost;
        sums.AmortizedCost += line.AmortizedCost;

        // Lines of one account and period come in runs: skip the lookups while nothing changes.
        if (!ReferenceEquals(line.AccountId, _lastAccount) || !ReferenceEquals(line.Source, _lastSource) || _lastCoverage is null)
        {
            var key = (line.Source, line.AccountId);
            if (!Scope.TryGetValue(key, out var coverage))
            {
                coverage = new Coverage();
                Scope.Add(key, coverage);
            }

            (_lastSource, _lastAccount, _lastCoverage) = (line.Source, line.AccountId, coverage);
        }

        _lastCoverage.Include(line.Period, line.Date);
        return unitKnown;
    }

    /// <summary>An empty pricing unit falls back to what the usage type says (as Cost Explorer ingestion does).</summary>
    private static QuantityUnit UnitFor(string unitText, UsageTypeClassification classification)
    {
        if (!string.IsNullOrWhiteSpace(unitText))
        {
            return PricingUnits.Parse(unitText);
        }

        return classification.QuantityUnit.EndsWith("tokens", StringComparison.Ordinal)
            ? new QuantityUnit("tokens", classification.TokensPerQuantityUnit, true)
            : new QuantityUnit(classification.QuantityUnit, 1m, true);
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    internal sealed class Coverage
    {
        public HashSet<PeriodRange> Periods { get; } = [];
        public DateOnly FirstDay { get; private set; } = DateOnly.MaxValue;
        public DateOnly LastDay { get; private set; } = DateOnly.MinValue;

        private PeriodRange _lastPeriod;

        public void Include(PeriodRange period, DateOnly day)
        {
            if (period != _lastPeriod)
            {
                Periods.Add(period);
                _lastPeriod = period;
            }

            if (day < FirstDay)
            {
                FirstDay = day;
            }

            if (day > LastDay)
            {
                LastDay = day;
            }
        }
    }
}
