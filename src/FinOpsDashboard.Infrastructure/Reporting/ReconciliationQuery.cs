using System.Globalization;
using System.Text;
using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Pricing;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Data;
using FinOpsDashboard.Infrastructure.Pricing;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.Reporting;

/// <summary>The reconciliation page's data: rows per model-day, their totals, and the models the window holds (for the filter).</summary>
/// <param name="Window">The days covered.</param>
/// <param name="Model">The model filter applied, or null for all.</param>
/// <param name="Rows">Newest day first, then model.</param>
/// <param name="Totals">Sums of <paramref name="Rows"/>.</param>
/// <param name="Models">Every model with billed token charges or telemetry in the window (before the filter).</param>
/// <param name="CatalogIsRepresentativeOnly">True while every catalog entry is a seeded representative price.</param>
public sealed record BilledVersusEstimatedReport(
    DateWindow Window,
    string? Model,
    IReadOnlyList<ModelDayReconciliation> Rows,
    ReconciliationTotals Totals,
    IReadOnlyList<string> Models,
    bool CatalogIsRepresentativeOnly);

/// <summary>Billed token cost against telemetry tokens × the price catalog, per model per day.</summary>
public sealed class ReconciliationQuery(IDbContextFactory<FinOpsDbContext> dbFactory, PriceCatalogStore prices)
{
    private const string ProvisionedModelArnMarker = ":provisioned-model/";

    private static readonly string[] TokenDirections = ["input", "output", "cache-read", "cache-write"];

    private static readonly string[] TokenMetrics =
        ["Invocations", "InputTokenCount", "OutputTokenCount", "CacheReadInputTokenCount", "CacheWriteInputTokenCount"];

    /// <summary>
    /// Estimated = CloudWatch AWS/Bedrock Sum metrics per model-day (invocation logs where a model-day has no metrics)
    /// × catalog on-demand in-region rates; billed = token-direction cost facts; the difference split by
    /// <see cref="CostReconciliation"/>. Provisioned-throughput traffic (ModelId = a provisioned-model ARN) is left out
    /// of the telemetry: it is billed by the model-unit hour, not per token.
    /// </summary>
    public async Task<BilledVersusEstimatedReport> BilledVersusEstimatedAsync(DateWindow window, string? model, CancellationToken cancellationToken)
    {
        var catalog = await prices.LoadAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var from = window.Start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var to = window.End.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

        // Daily sums kept by metric ingestion (0008): a fortnight is a few hundred rows, not ~60,000 hourly points.
        var windowStart = window.Start;
        var windowEnd = window.End;
        var metricSums = await db.MetricDailySums.AsNoTracking()
            .Where(m => m.Date >= windowStart && m.Date < windowEnd && TokenMetrics.Contains(m.MetricName) && !m.ModelId.Contains(ProvisionedModelArnMarker))
            .GroupBy(m => new { m.Date, m.Model, m.Region, m.MetricName })
            .Select(g => new { g.Key.Date, g.Key.Model, g.Key.Region, g.Key.MetricName, Value = g.Sum(m => m.Value) })
            .ToListAsync(cancellationToken);
        var telemetry = metricSums
            .GroupBy(m => (m.Date, m.Model, m.Region))
            .Select(g =>
            {
                long Sum(string metric) => (long)Math.Round(g.Where(m => m.MetricName == metric).Sum(m => m.Value), MidpointRounding.AwayFromZero);
                return new TelemetryTokens(g.Key.Date, g.Key.Model, g.Key.Region, TelemetrySources.CloudWatch, Sum("Invocations"),
                    Sum("InputTokenCount"), Sum("OutputTokenCount"), Sum("CacheReadInputTokenCount"), Sum("CacheWriteInputTokenCount"));
            })
            .ToList();

        var logged = await db.InvocationLogHourly.AsNoTracking()
            .Where(h => h.HourStart >= from && h.HourStart < to && !h.ModelId.Contains(ProvisionedModelArnMarker))
            .GroupBy(h => new { Day = h.HourStart.Date, h.Model, h.Region })
            .Select(g => new
            {
                g.Key.Day, g.Key.Model, g.Key.Region,
                Requests = g.Sum(h => h.RequestCount), Input = g.Sum(h => h.InputTokens), Output = g.Sum(h => h.OutputTokens),
                CacheRead = g.Sum(h => h.CacheReadInputTokens), CacheWrite = g.Sum(h => h.CacheWriteInputTokens),
            })
            .ToListAsync(cancellationToken);
        telemetry.AddRange(logged.Select(l => new TelemetryTokens(
            DateOnly.FromDateTime(l.Day), l.Model, l.Region, TelemetrySources.InvocationLogs, l.Requests, l.Input, l.Output, l.CacheRead, l.CacheWrite)));

        var billedGroups = await db.CostFacts.AsNoTracking()
            .Where(f => f.Date >= window.Start && f.Date < window.End && TokenDirections.Contains(f.TokenDirection))
            .GroupBy(f => new { f.Date, f.Model, f.Region, f.TokenDirection, f.PricingMode, f.CrossRegion, f.CacheTtl, f.Unit })
            .Select(g => new
            {
                g.Key.Date, g.Key.Model, g.Key.Region, g.Key.TokenDirection, g.Key.PricingMode, g.Key.CrossRegion, g.Key.CacheTtl, g.Key.Unit,
                Quantity = g.Sum(f => f.Quantity), Cost = g.Sum(f => f.UnblendedCost), Estimated = g.Max(f => f.IsEstimated ? 1 : 0),
            })
            .ToListAsync(cancellationToken);

        // A quantity in a unit the importer did not understand is not a token count: its cost stays billed, unexplained.
        var billed = billedGroups.Select(b => new BilledTokenLine(
                b.Date, b.Model, b.Region, b.TokenDirection, b.PricingMode, b.CrossRegion, b.CacheTtl,
                b.Unit == "tokens" ? b.Quantity : 0m, b.Cost, b.Estimated == 1))
            .ToList();

        var models = telemetry.Select(t => t.Model).Concat(billed.Select(b => b.Model))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (!string.IsNullOrEmpty(model))
        {
            telemetry = telemetry.Where(t => t.Model == model).ToList();
            billed = billed.Where(b => b.Model == model).ToList();
        }

        var rows = CostReconciliation.Reconcile(telemetry, billed, catalog);
        return new BilledVersusEstimatedReport(
            window, string.IsNullOrEmpty(model) ? null : model, rows, CostReconciliation.Total(rows), models,
            catalog.Entries.All(e => e.IsRepresentative));
    }

    /// <summary>The days that have invocation logs, within <paramref name="window"/>; empty when no logs were imported.</summary>
    public async Task<IReadOnlyList<ReconciliationRow>> LogsVersusBilledAsync(DateWindow window, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var from = window.Start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var to = window.End.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var hourly = await db.InvocationLogHourly.AsNoTracking()
            .Where(h => h.HourStart >= from && h.HourStart < to)
            .Select(h => new { h.HourStart, h.Model, h.RequestCount, h.InputTokens, h.OutputTokens, h.CacheReadInputTokens, h.CacheWriteInputTokens })
            .ToListAsync(cancellationToken);
        if (hourly.Count == 0)
        {
            return [];
        }

        var logged = hourly
            .GroupBy(h => (Date: DateOnly.FromDateTime(h.HourStart), h.Model))
            .Select(g => new LoggedTokens(g.Key.Date, g.Key.Model, g.Sum(h => h.RequestCount), g.Sum(h => h.InputTokens), g.Sum(h => h.OutputTokens),
                g.Sum(h => h.CacheReadInputTokens), g.Sum(h => h.CacheWriteInputTokens)))
            .ToList();
        var days = logged.Select(l => l.Date).Distinct().ToList();
        var billed = (await db.CostFacts.AsNoTracking()
                .Where(f => days.Contains(f.Date) && TokenDirections.Contains(f.TokenDirection))
                .GroupBy(f => new { f.Date, f.Model, f.PricingMode, f.CrossRegion, f.TokenDirection })
                .Select(g => new { g.Key.Date, g.Key.Model, g.Key.PricingMode, g.Key.CrossRegion, g.Key.TokenDirection, Cost = g.Sum(f => f.UnblendedCost) })
                .ToListAsync(cancellationToken))
            .Select(b => new BilledTokenCharge(b.Date, b.Model, b.PricingMode, b.CrossRegion, b.TokenDirection, b.Cost));
        return LogReconciliation.Reconcile(logged, billed, await prices.LoadAsync(cancellationToken));
    }

    /// <summary>
    /// The report as CSV, one line per model-day, amounts at full stored precision (so a spreadsheet sums to the page's
    /// totals): date, model, telemetry, requests, billed, estimated, difference, difference %, one column per part kind,
    /// whether billed is still estimated, and the explanation.
    /// </summary>
    public static string ToCsv(BilledVersusEstimatedReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder();
        csv.Append("date,model,telemetry,requests,billed_usd,estimated_usd,difference_usd,difference_pct");
        foreach (var kind in DifferenceKinds.All)
        {
            csv.Append(',').Append(kind.Replace('-', '_')).Append("_usd");
        }

        csv.Append(",billed_is_estimated,explanation\n");
        foreach (var r in report.Rows)
        {
            csv.Append(r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
                .Append(Csv.Field(r.Model)).Append(',')
                .Append(r.TelemetrySource).Append(',')
                .Append(r.Requests.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Csv.Amount(r.Billed)).Append(',')
                .Append(Csv.Amount(r.Estimated)).Append(',')
                .Append(Csv.Amount(r.Difference)).Append(',')
                .Append(r.DifferenceRatio is { } q ? Math.Round(q * 100, 2).ToString("0.##", CultureInfo.InvariantCulture) : "");
            foreach (var kind in DifferenceKinds.All)
            {
                csv.Append(',').Append(Csv.Amount(r.PartOf(kind)));
            }

            csv.Append(',').Append(r.BilledIsEstimated ? "true" : "false")
                .Append(',').Append(Csv.Field(r.Explanation)).Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>The catalog's provenance sentence for pages: representative list prices unless an admin entered some.</summary>
    public static string ProvenanceOf(BilledVersusEstimatedReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.CatalogIsRepresentativeOnly
            ? $"Estimates use the price catalog, which holds only {RepresentativePrices.Provenance}."
            : "Estimates use the price catalog: prices your admins entered, and representative list prices where they entered none.";
    }
}
