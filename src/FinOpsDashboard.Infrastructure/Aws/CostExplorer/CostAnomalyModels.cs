using System.Text.Json.Serialization;

namespace FinOpsDashboard.Infrastructure.Aws.CostExplorer;

// Wire shapes of Cost Explorer's GetAnomalies (AWS Cost Anomaly Detection). AWS keeps anomalies 90 days.

public sealed record AnomalyDateInterval(string StartDate, string? EndDate = null);

public sealed record GetAnomaliesRequest
{
    public required AnomalyDateInterval DateInterval { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MonitorArn { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NextPageToken { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MaxResults { get; init; }
}

public sealed record AnomalyScore(double MaxScore, double CurrentScore);

public sealed record AnomalyImpact(
    double MaxImpact,
    double? TotalImpact,
    double? TotalActualSpend,
    double? TotalExpectedSpend,
    double? TotalImpactPercentage);

public sealed record RootCauseImpact(double Contribution);

public sealed record RootCause(
    string? Service,
    string? Region,
    string? LinkedAccount,
    string? LinkedAccountName,
    string? UsageType,
    RootCauseImpact? Impact);

public sealed record Anomaly(
    string AnomalyId,
    string? AnomalyStartDate,
    string? AnomalyEndDate,
    string? DimensionValue,
    IReadOnlyList<RootCause>? RootCauses,
    AnomalyScore AnomalyScore,
    AnomalyImpact Impact,
    string MonitorArn,
    string? Feedback);

public sealed record GetAnomaliesResponse(IReadOnlyList<Anomaly> Anomalies, string? NextPageToken);

/// <summary>AWS Cost Anomaly Detection's findings, shown beside ours.</summary>
public interface ICostAnomalyApi
{
    Task<GetAnomaliesResponse> GetAnomaliesAsync(GetAnomaliesRequest request, CancellationToken cancellationToken);
}
