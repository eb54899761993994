using FinOpsDashboard.Infrastructure.Aws.Http;

namespace FinOpsDashboard.Infrastructure.Aws.CostExplorer;

/// <summary>
/// Cost Explorer and Cost Anomaly Detection over HTTPS (JSON 1.1, us-east-1). Returns one page per call: the
/// caller follows NextPageToken, and counts the calls, since AWS charges for each page.
/// </summary>
public sealed class CostExplorerClient(AwsJsonClient json) : ICostExplorerApi, ICostAnomalyApi
{
    public Task<GetCostAndUsageResponse> GetCostAndUsageAsync(GetCostAndUsageRequest request, CancellationToken cancellationToken) =>
        json.InvokeAsync<GetCostAndUsageRequest, GetCostAndUsageResponse>("GetCostAndUsage", request, cancellationToken);

    public Task<GetDimensionValuesResponse> GetDimensionValuesAsync(GetDimensionValuesRequest request, CancellationToken cancellationToken) =>
        json.InvokeAsync<GetDimensionValuesRequest, GetDimensionValuesResponse>("GetDimensionValues", request, cancellationToken);

    public Task<GetTagsResponse> GetTagsAsync(GetTagsRequest request, CancellationToken cancellationToken) =>
        json.InvokeAsync<GetTagsRequest, GetTagsResponse>("GetTags", request, cancellationToken);

    public Task<GetAnomaliesResponse> GetAnomaliesAsync(GetAnomaliesRequest request, CancellationToken cancellationToken) =>
        json.InvokeAsync<GetAnomaliesRequest, GetAnomaliesResponse>("GetAnomalies", request, cancellationToken);
}
