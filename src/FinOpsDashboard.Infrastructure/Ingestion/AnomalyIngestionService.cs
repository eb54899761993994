using System.Globalization;
using System.Text.Json;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.Aws.CostExplorer;
using FinOpsDashboard.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.Ingestion;

/// <summary>
/// Mirrors AWS Cost Anomaly Detection's findings (GetAnomalies, kept 90 days by AWS) so they can be shown
/// beside the dashboard's own. Upsert by anomaly id: AWS updates an open anomaly's impact as days pass.
/// </summary>
public sealed class AnomalyIngestionService(IDbContextFactory<FinOpsDbContext> dbFactory, TimeProvider clock)
{
    public const int LookbackDays = 90;

    public async Task<int> IngestAsync(IngestionSource source, AwsCallCounter calls, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var interval = new AnomalyDateInterval(
            today.AddDays(-LookbackDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var anomalies = new List<Anomaly>();
        string? token = null;
        do
        {
            calls.CostExplorerRequest();
            var page = await source.CostAnomalies.GetAnomaliesAsync(new GetAnomaliesRequest { DateInterval = interval, NextPageToken = token }, cancellationToken);
            anomalies.AddRange(page.Anomalies);
            token = page.NextPageToken;
        }
        while (!string.IsNullOrEmpty(token));

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ids = anomalies.Select(a => a.AnomalyId).ToList();
        var existing = await db.AwsAnomalies.Where(a => ids.Contains(a.AnomalyId)).ToDictionaryAsync(a => a.AnomalyId, cancellationToken);
        foreach (var a in anomalies)
        {
            if (!existing.TryGetValue(a.AnomalyId, out var row))
            {
                row = new AwsAnomaly { AnomalyId = a.AnomalyId, AccountId = source.AccountId, MonitorArn = a.MonitorArn, RootCausesJson = "[]", Source = source.Name };
                db.AwsAnomalies.Add(row);
            }

            row.MonitorArn = a.MonitorArn;
            row.StartDate = ParseDay(a.AnomalyStartDate) ?? today;
            row.EndDate = ParseDay(a.AnomalyEndDate);
            row.DimensionValue = a.DimensionValue;
            row.MaxScore = a.AnomalyScore.MaxScore;
            row.CurrentScore = a.AnomalyScore.CurrentScore;
            row.TotalImpact = Usd(a.Impact.TotalImpact ?? a.Impact.MaxImpact);
            row.TotalActualSpend = Usd(a.Impact.TotalActualSpend);
            row.TotalExpectedSpend = Usd(a.Impact.TotalExpectedSpend);
            row.RootCausesJson = JsonSerializer.Serialize(a.RootCauses ?? []);
            row.Feedback = a.Feedback;
            row.IngestedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        return anomalies.Count;
    }

    /// <summary>AWS dates come as "2026-11-04" or "2026-11-04T00:00:00Z": the day is what counts.</summary>
    private static DateOnly? ParseDay(string? value) =>
        value is { Length: >= 10 } && DateOnly.TryParseExact(value[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    /// <summary>The API reports impact as JSON doubles; kept to the cent, the precision AWS shows.</summary>
    private static decimal Usd(double? value) => value is { } v && double.IsFinite(v) ? Math.Round((decimal)v, 2) : 0m;
}
