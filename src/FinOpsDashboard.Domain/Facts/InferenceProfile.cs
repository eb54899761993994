namespace FinOpsDashboard.Domain.Facts;

/// <summary>
/// A Bedrock inference profile. Application profiles carry tags, so a profile id seen in CloudWatch or the
/// invocation logs resolves to a model, a team and a feature.
/// </summary>
public sealed class InferenceProfile
{
    public required string Arn { get; set; }
    public required string ProfileId { get; set; }
    public required string Name { get; set; }

    /// <summary>APPLICATION | SYSTEM_DEFINED.</summary>
    public required string Type { get; set; }

    public required string AccountId { get; set; }
    public required string Region { get; set; }

    /// <summary>Canonical model of the profile's first model.</summary>
    public required string Model { get; set; }

    /// <summary>From the team tag; <see cref="Attribution.Unattributed"/> when untagged.</summary>
    public required string Team { get; set; }

    public required string Feature { get; set; }

    /// <summary>All tags, JSON object.</summary>
    public required string TagsJson { get; set; }

    public required string Source { get; set; }
    public DateTime IngestedAt { get; set; }
}
