using System.Globalization;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Aws.Bedrock;
using FinOpsDashboard.Infrastructure.Aws.CostExplorer;

namespace FinOpsDashboard.Infrastructure.Demo;

/// <summary>
/// The demo's answers to GetAnomalies and the inference-profile calls. AWS Cost Anomaly Detection would catch
/// the planted runaway-retry day, so the demo reports exactly that one anomaly, with its root-cause usage types.
/// The demo organisation calls models directly or through system profiles: it has no application profiles.
/// </summary>
public sealed partial class DemoWorkload : ICostAnomalyApi, IBedrockInferenceProfileApi
{
    public const string AnomalyMonitorArn = "arn:aws:ce::111122223333:anomalymonitor/demo-bedrock-services";

    public Task<GetAnomaliesResponse> GetAnomaliesAsync(GetAnomaliesRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var spike = Scenarios.RetrySpike;
        var start = DateOnly.ParseExact(request.DateInterval.StartDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var end = request.DateInterval.EndDate is { } e ? DateOnly.ParseExact(e, "yyyy-MM-dd", CultureInfo.InvariantCulture) : DateOnly.MaxValue;
        if (spike.Day < start || spike.Day > end || spike.Day >= DateOnly.FromDateTime(_engine.UtcNow) || !string.IsNullOrEmpty(request.NextPageToken))
        {
            return Task.FromResult(new GetAnomaliesResponse([], null));
        }

        var lines = FinalLedger(new DateWindow(spike.Day, spike.Day.AddDays(1))).Where(l => l.StreamId == spike.StreamId).ToList();
        var dayCost = lines.Sum(l => l.UnblendedCost);
        var rootCauses = lines
            .OrderByDescending(l => l.UnblendedCost)
            .Take(3)
            .Select(l => new RootCause(l.Service, l.Region, AccountId, null, l.UsageType,
                new RootCauseImpact((double)Math.Round(spike.ExtraCost * (dayCost == 0 ? 0 : l.UnblendedCost / dayCost), 2))))
            .ToList();
        var day = spike.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var anomaly = new Anomaly(
            AnomalyId: $"demo-{day}-{spike.StreamId}",
            AnomalyStartDate: day,
            AnomalyEndDate: day,
            DimensionValue: lines.FirstOrDefault()?.Service,
            RootCauses: rootCauses,
            AnomalyScore: new AnomalyScore(0.93, 0.93),
            Impact: new AnomalyImpact(
                MaxImpact: (double)Math.Round(spike.ExtraCost, 2),
                TotalImpact: (double)Math.Round(spike.ExtraCost, 2),
                TotalActualSpend: (double)Math.Round(spike.DayCost, 2),
                TotalExpectedSpend: (double)Math.Round(spike.NormalCost, 2),
                TotalImpactPercentage: spike.NormalCost == 0 ? null : (double)Math.Round(spike.ExtraCost / spike.NormalCost * 100, 2)),
            MonitorArn: AnomalyMonitorArn,
            Feedback: null);
        return Task.FromResult(new GetAnomaliesResponse([anomaly], null));
    }

    public Task<ListInferenceProfilesResponse> ListInferenceProfilesAsync(string type, string? nextToken, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new ListInferenceProfilesResponse([], null));
    }

    public Task<ListTagsForResourceResponse> ListTagsForResourceAsync(string resourceArn, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new ListTagsForResourceResponse([]));
    }
}
