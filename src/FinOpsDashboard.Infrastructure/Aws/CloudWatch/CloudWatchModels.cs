using System.Text.Json.Serialization;

namespace FinOpsDashboard.Infrastructure.Aws.CloudWatch;

// Wire shapes of CloudWatch's JSON 1.0 protocol (GraniteServiceVersion20100801). Timestamps are epoch seconds.

public sealed record Dimension(string Name, string Value);

public sealed record Metric(string Namespace, string MetricName, IReadOnlyList<Dimension> Dimensions);

public sealed record MetricStat(Metric Metric, int Period, string Stat);

public sealed record MetricDataQuery
{
    /// <summary>Must start with a lower-case letter.</summary>
    public required string Id { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MetricStat? MetricStat { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Expression { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Label { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Period { get; init; }
}

public sealed record GetMetricDataRequest
{
    public required double StartTime { get; init; }
    public required double EndTime { get; init; }
    public required IReadOnlyList<MetricDataQuery> MetricDataQueries { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NextToken { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ScanBy { get; init; }
}

public sealed record MetricDataResult(
    string Id,
    string? Label,
    IReadOnlyList<double> Timestamps,
    IReadOnlyList<double> Values,
    string StatusCode);

public sealed record GetMetricDataResponse(IReadOnlyList<MetricDataResult> MetricDataResults, string? NextToken);

public sealed record ListMetricsRequest
{
    public required string Namespace { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MetricName { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NextToken { get; init; }
}

public sealed record ListMetricsResponse(IReadOnlyList<Metric> Metrics, string? NextToken);

/// <summary>The CloudWatch operations ingestion needs. Real AWS (issue 3) and the demo workload both implement it.</summary>
public interface ICloudWatchApi
{
    Task<ListMetricsResponse> ListMetricsAsync(ListMetricsRequest request, CancellationToken cancellationToken);

    Task<GetMetricDataResponse> GetMetricDataAsync(GetMetricDataRequest request, CancellationToken cancellationToken);
}

public static class CloudWatchTime
{
    public static double ToEpochSeconds(DateTime utc) => (utc - DateTime.UnixEpoch).TotalSeconds;

    public static DateTime FromEpochSeconds(double seconds) => DateTime.UnixEpoch.AddSeconds(seconds);
}
