namespace FinOpsDashboard.Domain.Facts;

/// <summary>A provisioned-throughput reservation as the Bedrock control plane describes it.</summary>
public sealed class ProvisionedThroughput
{
    public long Id { get; set; }
    public required string Arn { get; set; }
    public required string Name { get; set; }
    public required string AccountId { get; set; }
    public required string Region { get; set; }
    public required string ModelArn { get; set; }

    /// <summary>Canonical model of the foundation model behind the reservation.</summary>
    public required string Model { get; set; }

    public int ModelUnits { get; set; }
    public int DesiredModelUnits { get; set; }

    /// <summary>Creating | InService | Updating | Failed.</summary>
    public required string Status { get; set; }

    /// <summary>none | 1-month | 6-month (the API omits the field for no commitment).</summary>
    public required string Commitment { get; set; }

    public DateTime? CommitmentExpiresAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime LastModifiedAt { get; set; }
    public required string Source { get; set; }
    public DateTime IngestedAt { get; set; }
}
