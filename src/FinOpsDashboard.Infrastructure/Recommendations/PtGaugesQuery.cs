using FinOpsDashboard.Domain.Pricing;
using FinOpsDashboard.Domain.Recommendations;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Data;
using FinOpsDashboard.Infrastructure.Pricing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Recommendations;

/// <summary>One hour of one reservation: tokens served and utilization (0.30 = 30 %).</summary>
public sealed record PtHour(DateTime HourStart, long Tokens, decimal Utilization);

/// <summary>Everything the PT page shows for one reservation, each figure with what it is computed from.</summary>
public sealed record PtGauge(
    string Name,
    string Arn,
    string Model,
    string Status,
    int ModelUnits,
    string Commitment,
    DateTime? CommitmentExpiresAt,
    int? DaysToExpiry,
    long? CapacityTokensPerMinutePerUnit,
    DateWindow Window,
    long InputTokens,
    long OutputTokens,
    long Invocations,
    long Throttles,
    decimal? Utilization,
    decimal? HourlyCost,
    string HourlyCostSource,
    decimal? MonthlyCost,
    decimal? EffectiveCostPerMillion,
    decimal? OnDemandCostPerMillion,
    string OnDemandBasis,
    decimal? BreakEvenTokensPerDay,
    IReadOnlyList<PtHour> Hours)
{
    public long Tokens => InputTokens + OutputTokens;

    /// <summary>below-target (&lt; 80 %), in-band (80-100 %), over (&gt; 100 %: queued or throttled), unknown (no capacity setting).</summary>
    public string Band => Utilization switch
    {
        null => "unknown",
        < 0.80m => "below-target",
        <= 1.00m => "in-band",
        _ => "over",
    };
}

/// <summary>
/// PT utilization per reservation: tokens served (CloudWatch InputTokenCount + OutputTokenCount for the reservation's ARN)
/// ÷ (minutes × capacity per unit × units) over the last N whole days, hour by hour and overall; costs from the bill.
/// </summary>
public sealed class PtGaugesQuery(
    IDbContextFactory<FinOpsDbContext> dbFactory,
    PtSettingsStore ptSettings,
    PriceCatalogStore prices,
    RecommendationInputsQuery inputs,
    TimeProvider clock)
{
    public async Task<IReadOnlyList<PtGauge>> GaugesAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var reservations = await db.ProvisionedThroughputs.AsNoTracking().OrderBy(r => r.Name).ToListAsync(cancellationToken);
        if (reservations.Count == 0)
        {
            return [];
        }

        var window = inputs.UtilizationWindow();
        var from = window.Start.ToDateTime(TimeOnly.MinValue);
        var to = window.End.ToDateTime(TimeOnly.MinValue);
        var arns = reservations.Select(r => r.Arn).ToList();
        var points = await db.MetricFacts.AsNoTracking()
            .Where(m => arns.Contains(m.ModelId) && m.Timestamp >= from && m.Timestamp < to && m.Stat == "Sum")
            .Select(m => new { m.ModelId, m.Timestamp, m.MetricName, m.Value })
            .ToListAsync(cancellationToken);
        var billed = await db.CostFacts.AsNoTracking()
            .Where(f => f.PricingMode == "provisioned" && f.TokenDirection == "model-units" && f.Date >= window.Start && f.Date < window.End)
            .GroupBy(f => f.Model)
            .Select(g => new { Model = g.Key, Hours = g.Sum(f => f.Quantity), Cost = g.Sum(f => f.UnblendedCost) })
            .ToListAsync(cancellationToken);
        var settings = await ptSettings.AllAsync(cancellationToken);
        var catalog = await prices.LoadAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var windowHours = window.Days * 24;

        var result = new List<PtGauge>();
        foreach (var r in reservations)
        {
            var own = points.Where(p => p.ModelId == r.Arn).ToList();
            long Sum(string metric) => (long)own.Where(p => p.MetricName == metric).Sum(p => p.Value);
            var input = Sum("InputTokenCount");
            var output = Sum("OutputTokenCount");
            var setting = settings.FirstOrDefault(s => s.Model == r.Model);
            var capacity = setting?.CapacityTokensPerMinutePerUnit;

            var billedHere = billed.FirstOrDefault(b => b.Model == r.Model);
            var (hourly, source) = HourlyCost(r.ModelUnits, r.Commitment, billedHere?.Cost ?? 0, billedHere?.Hours ?? 0, setting);

            var (onDemand, basis) = OnDemandRate(catalog, r.Model, input, output, window.End.AddDays(-1));
            var byHour = own.Where(p => p.MetricName is "InputTokenCount" or "OutputTokenCount")
                .GroupBy(p => p.Timestamp)
                .ToDictionary(g => g.Key, g => (long)g.Sum(p => p.Value));
            var hours = Enumerable.Range(0, windowHours)
                .Select(h => from.AddHours(h))
                .Select(h =>
                {
                    var tokens = byHour.GetValueOrDefault(h);
                    return new PtHour(h, tokens, capacity is > 0 ? ProvisionedThroughputMath.Utilization(tokens, 1, capacity.Value, r.ModelUnits) : 0);
                })
                .ToList();

            result.Add(new PtGauge(
                r.Name, r.Arn, r.Model, r.Status, r.ModelUnits, r.Commitment, r.CommitmentExpiresAt,
                ProvisionedThroughputMath.DaysToExpiry(r.CommitmentExpiresAt, now),
                capacity, window, input, output, Sum("Invocations"), Sum("InvocationThrottles"),
                capacity is > 0 ? ProvisionedThroughputMath.Utilization(input + output, windowHours, capacity.Value, r.ModelUnits) : null,
                hourly, source,
                hourly is { } h1 ? ProvisionedThroughputMath.MonthlyCost(h1) : null,
                hourly is { } h2 ? ProvisionedThroughputMath.EffectiveCostPerMillion(h2, input + output, windowHours) : null,
                onDemand, basis,
                hourly is { } h3 ? ProvisionedThroughputMath.BreakEvenTokensPerDay(h3, onDemand) : null,
                hours));
        }

        return result;
    }

    /// <summary>
    /// A reservation's hourly cost, all units together: the bill's price per unit-hour (to 1/100 of a cent: Cost Explorer
    /// scales estimated days' cost and hours separately) × units, else the admin's price setting for its commitment.
    /// </summary>
    public static (decimal? Hourly, string Source) HourlyCost(int modelUnits, string commitment, decimal billedCost, decimal billedHours, PtModelSetting? setting)
    {
        if (billedHours > 0)
        {
            return (Math.Round(billedCost / billedHours, 4) * modelUnits, $"billed: {Domain.Money.Usd(billedCost)} for {billedHours:N0} model-unit hours");
        }

        return setting?.HourlyFor(commitment) is { } perUnit
            ? (perUnit * modelUnits, $"price setting: {Domain.Money.Usd(perUnit)} per unit-hour ({commitment})")
            : (null, "no price: set one in the PT settings below");
    }

    /// <summary>
    /// The on-demand rate the same traffic would pay, per 1M tokens, weighted by its input/output mix: 80 % input at
    /// $0.30 and 20 % output at $2.50 → $0.74.
    /// </summary>
    public static (decimal? Rate, string Basis) OnDemandRate(PriceCatalog catalog, string model, long input, long output, DateOnly date)
    {
        var rateIn = catalog.RateFor(model, null, PriceDimensions.Input, PriceDimensions.OnDemand, PriceDimensions.InRegion, null, date);
        var rateOut = catalog.RateFor(model, null, PriceDimensions.Output, PriceDimensions.OnDemand, PriceDimensions.InRegion, null, date);
        if (rateIn is null || rateOut is null)
        {
            return (null, $"no on-demand price for {model} in the catalog (Admin › Prices)");
        }

        var total = input + output;
        if (total == 0)
        {
            return (null, "no traffic to weigh input and output");
        }

        var rate = ((input * rateIn.UsdPerMillion) + (output * rateOut.UsdPerMillion)) / total;
        return (rate, $"{Domain.Money.Usd(rateIn.UsdPerMillion)} input / {Domain.Money.Usd(rateOut.UsdPerMillion)} output per 1M, weighted by this traffic's mix");
    }
}
