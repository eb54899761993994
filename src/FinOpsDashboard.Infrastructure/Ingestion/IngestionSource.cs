using FinOpsDashboard.Infrastructure.Aws.Bedrock;
using FinOpsDashboard.Infrastructure.Aws.CloudWatch;
using FinOpsDashboard.Infrastructure.Aws.CostExplorer;

namespace FinOpsDashboard.Infrastructure.Ingestion;

/// <summary>
/// One account's APIs as ingestion sees them: real AWS or the demo workload behind the same interfaces.
/// Cost Explorer is global (us-east-1); CloudWatch and the Bedrock control plane are per region.
/// </summary>
public sealed record IngestionSource(
    string Name,
    string AccountId,
    bool IsDemo,
    ICostExplorerApi CostExplorer,
    ICostAnomalyApi CostAnomalies,
    IReadOnlyList<RegionalApis> Regions);

/// <summary>The regional APIs of one account.</summary>
public sealed record RegionalApis(
    string Region,
    ICloudWatchApi CloudWatch,
    IBedrockApi Bedrock,
    IBedrockInferenceProfileApi InferenceProfiles);

/// <summary>Counts the paid calls a run makes, so every run can say what its own ingestion cost.</summary>
public sealed class AwsCallCounter
{
    private int _costExplorerRequests;
    private int _cloudWatchMetrics;

    public int CostExplorerRequests => _costExplorerRequests;
    public int CloudWatchMetricsRequested => _cloudWatchMetrics;

    public void CostExplorerRequest() => Interlocked.Increment(ref _costExplorerRequests);

    public void CloudWatchMetrics(int count) => Interlocked.Add(ref _cloudWatchMetrics, count);
}

/// <summary>What a job reports while it runs; the Jobs page shows the latest message live.</summary>
public interface IJobProgress
{
    void Report(string message, double? fraction = null);
}

public sealed class NullJobProgress : IJobProgress
{
    public static readonly NullJobProgress Instance = new();

    public void Report(string message, double? fraction = null)
    {
    }
}
