using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Recommendations;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Data;
using FinOpsDashboard.Infrastructure.Pricing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Attribution = FinOpsDashboard.Domain.Facts.Attribution;

namespace FinOpsDashboard.Infrastructure.Recommendations;

/// <summary>
/// Builds the detectors' inputs from the store: the last <see cref="RecommendationSettings.WindowDays"/> billed days
/// (ending at the latest day with cost facts) and the window before, CloudWatch counts per ModelId, the PT
/// reservations with their hourly throughput, and the price catalog. Organisation-wide: scoping applies when
/// results are read, not when they are computed.
/// </summary>
public sealed class RecommendationInputsQuery(
    IDbContextFactory<FinOpsDbContext> dbFactory,
    PriceCatalogStore prices,
    PtSettingsStore ptSettings,
    IOptions<RecommendationSettings> settings,
    TimeProvider clock)
{
    public const string InvocationLogsSource = "invocation logs";

    /// <summary>A feature carrying at least this share of a model's tokens owns the model's CloudWatch call count.</summary>
    public const decimal CloudWatchOwnershipShare = 0.90m;

    private static readonly string[] TelemetryMetrics = ["Invocations", "InputTokenCount", "OutputTokenCount", "InvocationThrottles"];

    public async Task<RecommendationInputs?> BuildAsync(CancellationToken cancellationToken)
    {
        var s = settings.Value;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var latest = await db.CostFacts.MaxAsync(f => (DateOnly?)f.Date, cancellationToken);
        if (latest is not { } last)
        {
            return null;
        }

        var window = DateWindow.Trailing(last, s.WindowDays);
        var prior = window.Previous();

        var rows = await db.CostFacts
            .Where(f => f.Date >= prior.Start && f.Date < window.End)
            .GroupBy(f => new { f.Date, f.Model, f.Team, f.Feature, f.PricingMode, f.TokenDirection, f.CacheTtl, f.CrossRegion, f.Unit })
            .Select(g => new
            {
                g.Key.Date, g.Key.Model, g.Key.Team, g.Key.Feature, g.Key.PricingMode, g.Key.TokenDirection, g.Key.CacheTtl, g.Key.CrossRegion, g.Key.Unit,
                Quantity = g.Sum(f => f.Quantity),
                Cost = g.Sum(f => f.UnblendedCost),
            })
            .ToListAsync(cancellationToken);

        var logCalls = await db.InvocationLogHourly
            .Where(l => l.HourStart >= prior.Start.ToDateTime(TimeOnly.MinValue) && l.HourStart < window.End.ToDateTime(TimeOnly.MinValue))
            .GroupBy(l => new { InWindow = l.HourStart >= window.Start.ToDateTime(TimeOnly.MinValue), l.Model, l.Team, l.Feature })
            .Select(g => new { g.Key.InWindow, g.Key.Model, g.Key.Team, g.Key.Feature, Calls = g.Sum(l => l.RequestCount) })
            .ToListAsync(cancellationToken);

        var daily = await db.MetricDailySums
            .Where(m => m.Date >= prior.Start && m.Date < window.End && TelemetryMetrics.Contains(m.MetricName))
            .GroupBy(m => new { m.Date, m.ModelId, m.Model, m.MetricName })
            .Select(g => new { g.Key.Date, g.Key.ModelId, g.Key.Model, g.Key.MetricName, Value = g.Sum(m => m.Value) })
            .ToListAsync(cancellationToken);

        // Hourly shape over the last two weeks of points (off-hours share, busiest hour).
        var hourlyFrom = window.End.AddDays(-14).ToDateTime(TimeOnly.MinValue);
        var hourly = await db.MetricFacts
            .Where(m => m.Timestamp >= hourlyFrom && m.Timestamp < window.End.ToDateTime(TimeOnly.MinValue)
                && m.Stat == "Sum" && (m.MetricName == "InputTokenCount" || m.MetricName == "OutputTokenCount"))
            .Select(m => new { m.ModelId, m.Timestamp, m.Value })
            .ToListAsync(cancellationToken);

        var workloads = BuildWorkloads(rows.Select(r => new Row(r.Date, r.Model, r.Team, r.Feature, r.PricingMode,
            new CostCell(r.Model, r.PricingMode, r.TokenDirection, r.CacheTtl, r.CrossRegion, r.Unit, r.Quantity, r.Cost))).ToList(), window, prior);

        var telemetry = daily
            .Where(d => window.Contains(d.Date))
            .GroupBy(d => new { d.ModelId, d.Model })
            .Select(g =>
            {
                var hours = new decimal[24];
                foreach (var h in hourly.Where(h => h.ModelId == g.Key.ModelId))
                {
                    hours[h.Timestamp.Hour] += (decimal)h.Value;
                }

                var days = g.GroupBy(d => d.Date).OrderBy(d => d.Key).Select(d => new TelemetryDay(
                    d.Key,
                    (long)d.Where(x => x.MetricName == "Invocations").Sum(x => x.Value),
                    (long)d.Where(x => x.MetricName == "InputTokenCount").Sum(x => x.Value),
                    (long)d.Where(x => x.MetricName == "OutputTokenCount").Sum(x => x.Value),
                    (long)d.Where(x => x.MetricName == "InvocationThrottles").Sum(x => x.Value))).ToList();
                return new ModelIdTelemetry(g.Key.ModelId, g.Key.Model, IsProvisionedModelId(g.Key.ModelId), days, hours);
            })
            .ToList();

        workloads = AttachCalls(workloads, logCalls.Select(l => (l.InWindow, l.Model, l.Team, l.Feature, l.Calls)).ToList(),
            daily.Select(d => (d.Date, d.ModelId, d.Model, d.MetricName, d.Value)).ToList(), window, prior);

        var pt = await ptSettings.AllAsync(cancellationToken);
        var reservations = await ReservationsAsync(db, pt, cancellationToken);
        var total = workloads.Sum(w => w.Cost);
        var unattributed = workloads.Where(w => w.Key.Team == Attribution.Unattributed || w.Key.Feature == Attribution.Unattributed).Sum(w => w.Cost);
        return new RecommendationInputs(
            window, prior, workloads, telemetry, reservations, pt.SelectMany(p => p.Offers()).ToList(),
            await prices.LoadAsync(cancellationToken), total, unattributed, s);
    }

    /// <summary>Provisioned-model ARNs (arn:aws:bedrock:…:provisioned-model/…) are reservations, not on-demand model ids.</summary>
    public static bool IsProvisionedModelId(string modelId) => modelId.Contains(":provisioned-model/", StringComparison.Ordinal);

    /// <summary>The PT utilization window: the last N whole UTC days before today.</summary>
    public DateWindow UtilizationWindow()
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return new DateWindow(today.AddDays(-settings.Value.PtUtilizationDays), today);
    }

    private async Task<IReadOnlyList<ReservationUsage>> ReservationsAsync(FinOpsDbContext db, IReadOnlyList<PtModelSetting> pt, CancellationToken cancellationToken)
    {
        var reservations = await db.ProvisionedThroughputs.AsNoTracking().ToListAsync(cancellationToken);
        if (reservations.Count == 0)
        {
            return [];
        }

        var window = UtilizationWindow();
        var from = window.Start.ToDateTime(TimeOnly.MinValue);
        var to = window.End.ToDateTime(TimeOnly.MinValue);
        var arns = reservations.Select(r => r.Arn).ToList();
        var points = await db.MetricFacts
            .Where(m => arns.Contains(m.ModelId) && m.Timestamp >= from && m.Timestamp < to && m.Stat == "Sum"
                && (m.MetricName == "InputTokenCount" || m.MetricName == "OutputTokenCount" || m.MetricName == "Invocations" || m.MetricName == "InvocationThrottles"))
            .Select(m => new { m.ModelId, m.Timestamp, m.MetricName, m.Value })
            .ToListAsync(cancellationToken);

        // Billed price per unit-hour of each model's provisioned charges over the same days.
        var billed = await db.CostFacts
            .Where(f => f.PricingMode == "provisioned" && f.TokenDirection == "model-units" && f.Date >= window.Start && f.Date < window.End)
            .GroupBy(f => f.Model)
            .Select(g => new { Model = g.Key, Hours = g.Sum(f => f.Quantity), Cost = g.Sum(f => f.UnblendedCost) })
            .ToListAsync(cancellationToken);

        var result = new List<ReservationUsage>();
        foreach (var r in reservations)
        {
            var setting = pt.FirstOrDefault(p => p.Model == r.Model);
            var own = points.Where(p => p.ModelId == r.Arn).ToList();
            var hours = own.Where(p => p.MetricName is "InputTokenCount" or "OutputTokenCount")
                .GroupBy(p => p.Timestamp)
                .OrderBy(g => g.Key)
                .Select(g => new HourlyTokens(g.Key, (long)g.Sum(p => p.Value)))
                .ToList();
            var billedHere = billed.FirstOrDefault(b => b.Model == r.Model);
            var (hourly, source) = PtGaugesQuery.HourlyCost(r.ModelUnits, r.Commitment, billedHere?.Cost ?? 0, billedHere?.Hours ?? 0, setting);

            result.Add(new ReservationUsage(
                r.Arn, r.Name, r.Model, r.ModelUnits, r.Commitment, r.CommitmentExpiresAt, setting?.CapacityTokensPerMinutePerUnit, hourly, source, hours,
                (long)own.Where(p => p.MetricName == "Invocations").Sum(p => p.Value),
                (long)own.Where(p => p.MetricName == "InvocationThrottles").Sum(p => p.Value)));
        }

        return result;
    }

    private sealed record Row(DateOnly Date, string Model, string Team, string Feature, string PricingMode, CostCell Cell);

    private static List<WorkloadUsage> BuildWorkloads(List<Row> rows, DateWindow window, DateWindow prior)
    {
        var result = new List<WorkloadUsage>();
        foreach (var g in rows.GroupBy(r => new WorkloadKey(r.Model, r.Team, r.Feature, r.PricingMode)))
        {
            var current = g.Where(r => window.Contains(r.Date)).ToList();
            if (current.Count == 0)
            {
                continue;
            }

            var dailyCost = new decimal[window.Days];
            var dailyTokens = new decimal[window.Days];
            foreach (var r in current)
            {
                var i = r.Date.DayNumber - window.Start.DayNumber;
                dailyCost[i] += r.Cell.Cost;
                if (string.Equals(r.Cell.Unit, "tokens", StringComparison.OrdinalIgnoreCase))
                {
                    dailyTokens[i] += r.Cell.Quantity;
                }
            }

            result.Add(new WorkloadUsage(
                g.Key,
                Merge(current.Select(r => r.Cell)),
                Merge(g.Where(r => prior.Contains(r.Date)).Select(r => r.Cell)),
                dailyCost,
                Calls: null,
                PriorCalls: null,
                dailyTokens));
        }

        return result;
    }

    private static List<CostCell> Merge(IEnumerable<CostCell> cells) =>
        cells.GroupBy(c => (c.Model, c.PricingMode, c.Direction, c.CacheTtl, c.CrossRegion, c.Unit))
            .Select(g => new CostCell(g.Key.Model, g.Key.PricingMode, g.Key.Direction, g.Key.CacheTtl, g.Key.CrossRegion, g.Key.Unit, g.Sum(c => c.Quantity), g.Sum(c => c.Cost)))
            .ToList();

    /// <summary>
    /// Calls per workload: exact from invocation logs when they cover it; otherwise CloudWatch's Invocations for the model
    /// when this workload carries at least 90 % of the model's billed on-demand tokens (CloudWatch counts a model id, not
    /// a feature), scaled by that share. Unknown otherwise: detectors that need calls then stay silent or say so.
    /// </summary>
    private static List<WorkloadUsage> AttachCalls(
        List<WorkloadUsage> workloads,
        List<(bool InWindow, string Model, string Team, string Feature, long Calls)> logs,
        List<(DateOnly Date, string ModelId, string Model, string MetricName, double Value)> daily,
        DateWindow window,
        DateWindow prior)
    {
        CallCount? FromLogs(WorkloadKey key, bool inWindow) =>
            logs.Where(l => l.InWindow == inWindow && l.Model == key.Model && l.Team == key.Team && l.Feature == key.Feature).Sum(l => l.Calls) is > 0 and var calls
                ? new CallCount(calls, InvocationLogsSource)
                : null;

        long ModelInvocations(string model, DateWindow w) =>
            (long)daily.Where(d => d.Model == model && d.MetricName == "Invocations" && w.Contains(d.Date) && !IsProvisionedModelId(d.ModelId)).Sum(d => d.Value);

        var onDemandTokens = workloads.Where(w => w.Key.PricingMode != "provisioned")
            .GroupBy(w => w.Key.Model)
            .ToDictionary(g => g.Key, g => (Now: g.Sum(w => w.Tokens.All), Before: g.Sum(w => w.PriorTokens.All)), StringComparer.Ordinal);

        CallCount? FromCloudWatch(WorkloadUsage w, bool inWindow)
        {
            if (w.Key.PricingMode == "provisioned" || !onDemandTokens.TryGetValue(w.Key.Model, out var totals))
            {
                return null;
            }

            var mine = inWindow ? w.Tokens.All : w.PriorTokens.All;
            var all = inWindow ? totals.Now : totals.Before;
            if (all <= 0 || mine / all < CloudWatchOwnershipShare)
            {
                return null;
            }

            var invocations = ModelInvocations(w.Key.Model, inWindow ? window : prior);
            return invocations <= 0
                ? null
                : new CallCount((long)Math.Round(invocations * (mine / all)), $"CloudWatch Invocations of {w.Key.Model}; this feature is {mine / all:P0} of its tokens");
        }

        return workloads.Select(w => w with
        {
            Calls = FromLogs(w.Key, true) ?? FromCloudWatch(w, true),
            PriorCalls = FromLogs(w.Key, false) ?? FromCloudWatch(w, false),
        }).ToList();
    }
}
