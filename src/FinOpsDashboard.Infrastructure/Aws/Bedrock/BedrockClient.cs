using System.Globalization;
using System.Text.Json.Serialization;
using FinOpsDashboard.Infrastructure.Aws.Http;

namespace FinOpsDashboard.Infrastructure.Aws.Bedrock;

/// <summary>The Bedrock control plane over HTTPS (REST JSON, one region). Returns one page per call: the caller follows nextToken.</summary>
public sealed class BedrockClient(AwsRestJsonClient rest) : IBedrockApi, IBedrockInferenceProfileApi
{
    /// <summary>The largest page both list operations accept.</summary>
    public const int PageSize = 1000;

    public Task<ListProvisionedModelThroughputsResponse> ListProvisionedModelThroughputsAsync(string? nextToken, CancellationToken cancellationToken) =>
        rest.GetAsync<ListProvisionedModelThroughputsResponse>(
            "ListProvisionedModelThroughputs",
            "/provisioned-model-throughputs",
            [new("maxResults", PageSize.ToString(CultureInfo.InvariantCulture)), new("nextToken", nextToken)],
            cancellationToken);

    /// <remarks>The SDKs call the filter typeEquals; on the wire it is the query parameter "type".</remarks>
    public Task<ListInferenceProfilesResponse> ListInferenceProfilesAsync(string type, string? nextToken, CancellationToken cancellationToken) =>
        rest.GetAsync<ListInferenceProfilesResponse>(
            "ListInferenceProfiles",
            "/inference-profiles",
            [new("maxResults", PageSize.ToString(CultureInfo.InvariantCulture)), new("type", type), new("nextToken", nextToken)],
            cancellationToken);

    public Task<ListTagsForResourceResponse> ListTagsForResourceAsync(string resourceArn, CancellationToken cancellationToken) =>
        rest.PostAsync<ListTagsForResourceRequest, ListTagsForResourceResponse>(
            "ListTagsForResource", "/listTagsForResource", new ListTagsForResourceRequest(resourceArn), cancellationToken);
}

public sealed record ListTagsForResourceRequest([property: JsonPropertyName("resourceARN")] string ResourceArn);
