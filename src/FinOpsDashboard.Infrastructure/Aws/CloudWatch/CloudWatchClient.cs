using FinOpsDashboard.Infrastructure.Aws.Http;

namespace FinOpsDashboard.Infrastructure.Aws.CloudWatch;

/// <summary>CloudWatch over HTTPS (JSON 1.0, one region). Returns one page per call: the caller follows NextToken.</summary>
public sealed class CloudWatchClient(AwsJsonClient json) : ICloudWatchApi
{
    public Task<ListMetricsResponse> ListMetricsAsync(ListMetricsRequest request, CancellationToken cancellationToken) =>
        json.InvokeAsync<ListMetricsRequest, ListMetricsResponse>("ListMetrics", request, cancellationToken);

    public Task<GetMetricDataResponse> GetMetricDataAsync(GetMetricDataRequest request, CancellationToken cancellationToken) =>
        json.InvokeAsync<GetMetricDataRequest, GetMetricDataResponse>("GetMetricData", request, cancellationToken);
}
