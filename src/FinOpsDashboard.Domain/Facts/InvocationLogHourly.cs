namespace FinOpsDashboard.Domain.Facts;

/// <summary>
/// Model invocation logs summed per hour × account × region × model id × operation × caller × the team and feature
/// requestMetadata values as logged, per source file (so re-importing one object replaces exactly its share). Raw requests and their bodies are never stored.
/// </summary>
public sealed class InvocationLogHourly
{
    public long Id { get; set; }
    public long ImportedFileId { get; set; }

    /// <summary>Start of the UTC hour the requests were logged in.</summary>
    public DateTime HourStart { get; set; }

    public required string AccountId { get; set; }
    public required string Region { get; set; }

    /// <summary>As logged: a model id, a system profile id ("us.anthropic...") or an application-profile ARN.</summary>
    public required string ModelId { get; set; }

    /// <summary>Canonical model name when the id names one; otherwise the id unchanged (profile ARNs resolve via inference profiles).</summary>
    public required string Model { get; set; }

    /// <summary>InvokeModel | InvokeModelWithResponseStream | Converse | ConverseStream | ...</summary>
    public required string Operation { get; set; }

    /// <summary>Team from the attribution rules (metadata, caller, profile, account); <see cref="Attribution.Unattributed"/> when none applied.</summary>
    public required string Team { get; set; }

    public required string Feature { get; set; }

    /// <summary>identity.arn of the caller.</summary>
    public required string Caller { get; set; }

    /// <summary>The team requestMetadata value as logged (the first configured key present); empty when none.</summary>
    public string TeamMetadata { get; set; } = string.Empty;

    /// <summary>The feature requestMetadata value as logged; empty when none.</summary>
    public string FeatureMetadata { get; set; } = string.Empty;

    public long RequestCount { get; set; }
    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }
    public long CacheReadInputTokens { get; set; }
    public long CacheWriteInputTokens { get; set; }
    public DateTime IngestedAt { get; set; }
}
