using System.Text.Json;
using FinOpsDashboard.Domain.Anomalies;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.Aws.CostExplorer;

namespace FinOpsDashboard.Infrastructure.Anomalies;

/// <summary>Stored AWS Cost Anomaly Detection findings (aws_anomalies) in the shape matching needs.</summary>
public static class AwsFindings
{
    public static AwsFinding From(AwsAnomaly row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new AwsFinding(row.AnomalyId, row.StartDate, row.EndDate, row.TotalImpact, RootCauses(row.RootCausesJson));
    }

    /// <summary>The stored GetAnomalies root causes; JSON that does not parse gives none (the finding then matches total flags only).</summary>
    public static IReadOnlyList<AwsRootCause> RootCauses(string json)
    {
        try
        {
            return (JsonSerializer.Deserialize<List<RootCause>>(json) ?? [])
                .Select(r => new AwsRootCause(
                    r.Service,
                    r.UsageType,
                    r.Impact is { } impact && double.IsFinite(impact.Contribution) ? Math.Round((decimal)impact.Contribution, 2) : null))
                .ToList();
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
