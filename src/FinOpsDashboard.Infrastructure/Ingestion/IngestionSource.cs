using FinOpsDashboard.Infrastructure.Aws.Bedrock;
using FinOpsDashboard.Infrastructure.Aws.CloudWatch;
using FinOpsDashboard.Infrastructure.Aws.CostExplorer;

namespace FinOpsDashboard.Infrastructure.Ingestion;

/// <summary>One account's APIs as ingestion sees them: real AWS or the demo workload behind the same interfaces.</summary>
public sealed record IngestionSource(
    string Name,
    string AccountId,
    string Region,
    bool IsDemo,
    ICostExplorerApi CostExplorer,
    ICloudWatchApi CloudWatch,
    IBedrockApi Bedrock);

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
