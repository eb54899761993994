using System.Text.Json.Serialization;

namespace FinOpsDashboard.Infrastructure.Aws.CostExplorer;

// Wire shapes of the Cost Explorer JSON 1.1 API (AWSInsightsIndexService). Property names are AWS's own,
// so these records serialise to and from the real service's bodies with default options.

public sealed record DateInterval(string Start, string End);

public sealed record MetricValue(string Amount, string Unit);

public sealed record GroupDefinition(string Type, string Key);

public sealed record DimensionValues(string Key, IReadOnlyList<string> Values, IReadOnlyList<string>? MatchOptions = null);

public sealed record TagValues(string Key, IReadOnlyList<string>? Values = null, IReadOnlyList<string>? MatchOptions = null);

/// <summary>CE filter expression: exactly one member set.</summary>
public sealed record Expression
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Expression>? And { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Expression>? Or { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Expression? Not { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DimensionValues? Dimensions { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TagValues? Tags { get; init; }
}

public sealed record Group(IReadOnlyList<string> Keys, IReadOnlyDictionary<string, MetricValue> Metrics);

public sealed record ResultByTime(
    DateInterval TimePeriod,
    IReadOnlyDictionary<string, MetricValue>? Total,
    IReadOnlyList<Group> Groups,
    bool Estimated);

public sealed record GetCostAndUsageRequest
{
    public required DateInterval TimePeriod { get; init; }
    public string Granularity { get; init; } = "DAILY";
    public required IReadOnlyList<string> Metrics { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Expression? Filter { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<GroupDefinition>? GroupBy { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NextPageToken { get; init; }
}

public sealed record GetCostAndUsageResponse(
    IReadOnlyList<ResultByTime> ResultsByTime,
    IReadOnlyList<GroupDefinition>? GroupDefinitions,
    string? NextPageToken);

public sealed record GetDimensionValuesRequest
{
    public required DateInterval TimePeriod { get; init; }
    public required string Dimension { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SearchString { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NextPageToken { get; init; }
}

public sealed record DimensionValuesWithAttributes(string Value, IReadOnlyDictionary<string, string>? Attributes);

public sealed record GetDimensionValuesResponse(
    IReadOnlyList<DimensionValuesWithAttributes> DimensionValues,
    int ReturnSize,
    int TotalSize,
    string? NextPageToken);

public sealed record GetTagsRequest
{
    public required DateInterval TimePeriod { get; init; }
    public required string TagKey { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Expression? Filter { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NextPageToken { get; init; }
}

public sealed record GetTagsResponse(IReadOnlyList<string> Tags, int ReturnSize, int TotalSize, string? NextPageToken);

/// <summary>The Cost Explorer operations ingestion needs. Real AWS (issue 3) and the demo workload both implement it.</summary>
public interface ICostExplorerApi
{
    Task<GetCostAndUsageResponse> GetCostAndUsageAsync(GetCostAndUsageRequest request, CancellationToken cancellationToken);

    Task<GetDimensionValuesResponse> GetDimensionValuesAsync(GetDimensionValuesRequest request, CancellationToken cancellationToken);

    Task<GetTagsResponse> GetTagsAsync(GetTagsRequest request, CancellationToken cancellationToken);
}
