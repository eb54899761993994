using System.Globalization;
using System.Text.Json;
using FinOpsDashboard.Domain;
using FinOpsDashboard.Domain.Recommendations;
using FinOpsDashboard.Infrastructure.Recommendations;
using Microsoft.Extensions.DependencyInjection;

namespace FinOpsDashboard.Cli;

/// <summary>`finops recommendations` and `finops pt`: the stored results, for automation (chat posts, tickets) and checks.</summary>
public sealed partial class FinOpsCommands
{
    private async Task<int> RecommendationsAsync(CommandLine line, TextWriter stdout, CancellationToken cancellationToken)
    {
        Reject(line, "status", "lever", "user", "format", "team", "model");
        var status = line.Option("status");
        if (status is not null && !RecommendationStatus.IsKnown(status))
        {
            throw new UsageException($"--status must be one of {string.Join(", ", RecommendationStatus.All)}, not '{status}'.");
        }

        var lever = line.Option("lever");
        if (lever is not null && !Levers.All.Contains(lever, StringComparer.Ordinal))
        {
            throw new UsageException($"--lever must be one of {string.Join(", ", Levers.All)}, not '{lever}'.");
        }

        var format = (line.Option("format") ?? "text").ToLowerInvariant();
        var scope = await ScopeOptionAsync(line, cancellationToken);
        var rows = await services.GetRequiredService<RecommendationStore>().ListAsync(
            new RecommendationQuery(status, lever, line.Option("team"), line.Option("model"), IncludeInactive: false), scope, cancellationToken);
        switch (format)
        {
            case "json":
                await stdout.WriteLineAsync(JsonSerializer.Serialize(rows.Select(r => new
                {
                    r.Id,
                    r.Lever,
                    r.Title,
                    Scope = new { r.Model, r.Team, r.Feature },
                    MonthlySavingsUsd = r.MonthlySavings,
                    r.SavingsClaimed,
                    r.Confidence,
                    r.Status,
                    r.StatusReason,
                    r.Owner,
                    r.Evidence,
                    r.Formula,
                    r.Alternative,
                    Window = new { From = r.WindowStart, To = r.WindowEnd },
                    RealisedMonthlySavingsUsd = r.RealisedMonthlySavings,
                }), Json));
                break;
            case "text":
                foreach (var r in rows)
                {
                    var saving = r.SavingsClaimed ? Money.Usd(r.MonthlySavings) + "/month" : "no $ claimed";
                    await stdout.WriteLineAsync($"#{r.Id} [{r.Status}] {saving,-18} {r.Lever,-20} {r.Title} ({r.Confidence} confidence)");
                }

                break;
            default:
                throw new UsageException($"--format must be json or text, not '{format}'.");
        }

        return 0;
    }

    private async Task<int> ProvisionedThroughputAsync(CommandLine line, TextWriter stdout, CancellationToken cancellationToken)
    {
        Reject(line, "format");
        var format = (line.Option("format") ?? "text").ToLowerInvariant();
        var gauges = await services.GetRequiredService<PtGaugesQuery>().GaugesAsync(cancellationToken);
        switch (format)
        {
            case "json":
                await stdout.WriteLineAsync(JsonSerializer.Serialize(gauges.Select(g => new
                {
                    g.Name,
                    g.Arn,
                    g.Model,
                    g.ModelUnits,
                    g.Commitment,
                    g.CommitmentExpiresAt,
                    g.DaysToExpiry,
                    g.CapacityTokensPerMinutePerUnit,
                    Window = new { From = g.Window.Start, To = g.Window.End },
                    TokensServed = g.Tokens,
                    g.Invocations,
                    g.Throttles,
                    g.Utilization,
                    UtilizationBand = g.Band,
                    HourlyCostUsd = g.HourlyCost,
                    MonthlyCostUsd = g.MonthlyCost,
                    EffectiveCostPerMillionTokensUsd = g.EffectiveCostPerMillion,
                    OnDemandCostPerMillionTokensUsd = g.OnDemandCostPerMillion,
                    g.BreakEvenTokensPerDay,
                }), Json));
                break;
            case "text":
                foreach (var g in gauges)
                {
                    var utilization = g.Utilization is { } u ? (u * 100).ToString("N1", CultureInfo.InvariantCulture) + " %" : "unknown (no capacity setting)";
                    var effective = g.EffectiveCostPerMillion is { } e ? Money.Usd(e) + " per 1M tokens" : "n/a";
                    await stdout.WriteLineAsync($"{g.Name} ({g.Model}, {g.ModelUnits} unit(s), {g.Commitment}): utilization {utilization} over {g.Window}, effective {effective}");
                }

                break;
            default:
                throw new UsageException($"--format must be json or text, not '{format}'.");
        }

        return 0;
    }
}
