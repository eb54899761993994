using System.Text.Json.Serialization;

namespace FinOpsDashboard.Infrastructure.Aws.Bedrock;

// Wire shapes of the Bedrock control plane's inference-profile and tagging operations (REST JSON).

public sealed record InferenceProfileModel([property: JsonPropertyName("modelArn")] string ModelArn);

public sealed record InferenceProfileSummary
{
    [JsonPropertyName("inferenceProfileName")] public required string InferenceProfileName { get; init; }
    [JsonPropertyName("inferenceProfileArn")] public required string InferenceProfileArn { get; init; }
    [JsonPropertyName("inferenceProfileId")] public required string InferenceProfileId { get; init; }
    [JsonPropertyName("models")] public IReadOnlyList<InferenceProfileModel> Models { get; init; } = [];

    /// <summary>ACTIVE.</summary>
    [JsonPropertyName("status")] public string? Status { get; init; }

    /// <summary>SYSTEM_DEFINED | APPLICATION.</summary>
    [JsonPropertyName("type")] public required string Type { get; init; }
}

public sealed record ListInferenceProfilesResponse(
    [property: JsonPropertyName("inferenceProfileSummaries")] IReadOnlyList<InferenceProfileSummary> InferenceProfileSummaries,
    [property: JsonPropertyName("nextToken")] string? NextToken);

public sealed record ResourceTag(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("value")] string Value);

public sealed record ListTagsForResourceResponse([property: JsonPropertyName("tags")] IReadOnlyList<ResourceTag> Tags);

/// <summary>Application inference profiles and their tags: how a profile id seen in CloudWatch resolves to a team and feature.</summary>
public interface IBedrockInferenceProfileApi
{
    /// <summary>Lists profiles of one type: "APPLICATION" (tagged, ours) or "SYSTEM_DEFINED" (AWS cross-region ones).</summary>
    Task<ListInferenceProfilesResponse> ListInferenceProfilesAsync(string type, string? nextToken, CancellationToken cancellationToken);

    Task<ListTagsForResourceResponse> ListTagsForResourceAsync(string resourceArn, CancellationToken cancellationToken);
}
