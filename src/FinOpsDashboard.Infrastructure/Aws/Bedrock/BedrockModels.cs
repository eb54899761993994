using System.Text.Json.Serialization;

namespace FinOpsDashboard.Infrastructure.Aws.Bedrock;

// Wire shapes of the Bedrock control plane's REST JSON API (camelCase names, ISO-8601 timestamps).

public sealed record ProvisionedModelSummary
{
    [JsonPropertyName("provisionedModelName")] public required string ProvisionedModelName { get; init; }
    [JsonPropertyName("provisionedModelArn")] public required string ProvisionedModelArn { get; init; }
    [JsonPropertyName("modelArn")] public required string ModelArn { get; init; }
    [JsonPropertyName("foundationModelArn")] public string? FoundationModelArn { get; init; }
    [JsonPropertyName("modelUnits")] public int ModelUnits { get; init; }
    [JsonPropertyName("desiredModelUnits")] public int DesiredModelUnits { get; init; }

    /// <summary>Creating | InService | Updating | Failed.</summary>
    [JsonPropertyName("status")] public required string Status { get; init; }

    /// <summary>OneMonth | SixMonths; absent for no commitment.</summary>
    [JsonPropertyName("commitmentDuration")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CommitmentDuration { get; init; }

    [JsonPropertyName("commitmentExpirationTime")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTime? CommitmentExpirationTime { get; init; }

    [JsonPropertyName("creationTime")] public DateTime CreationTime { get; init; }
    [JsonPropertyName("lastModifiedTime")] public DateTime LastModifiedTime { get; init; }
}

public sealed record ListProvisionedModelThroughputsResponse(
    [property: JsonPropertyName("provisionedModelSummaries")] IReadOnlyList<ProvisionedModelSummary> ProvisionedModelSummaries,
    [property: JsonPropertyName("nextToken")] string? NextToken);

/// <summary>The Bedrock control-plane operations ingestion needs. Real AWS (issue 3) and the demo workload both implement it.</summary>
public interface IBedrockApi
{
    Task<ListProvisionedModelThroughputsResponse> ListProvisionedModelThroughputsAsync(string? nextToken, CancellationToken cancellationToken);
}
