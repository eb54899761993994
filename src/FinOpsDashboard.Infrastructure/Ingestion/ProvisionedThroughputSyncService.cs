using FinOpsDashboard.Domain.Classification;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.Aws.Bedrock;
using FinOpsDashboard.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.Ingestion;

/// <summary>Mirrors the account's provisioned-throughput reservations (upsert by ARN; gone ones are removed).</summary>
public sealed class ProvisionedThroughputSyncService(IDbContextFactory<FinOpsDbContext> dbFactory, TimeProvider clock)
{
    public async Task<int> SyncAsync(IngestionSource source, RegionalApis region, CancellationToken cancellationToken)
    {
        var summaries = new List<ProvisionedModelSummary>();
        string? token = null;
        do
        {
            var page = await region.Bedrock.ListProvisionedModelThroughputsAsync(token, cancellationToken);
            summaries.AddRange(page.ProvisionedModelSummaries);
            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var existing = await db.ProvisionedThroughputs
            .Where(p => p.Source == source.Name && p.AccountId == source.AccountId && p.Region == region.Region)
            .ToDictionaryAsync(p => p.Arn, StringComparer.Ordinal, cancellationToken);

        foreach (var s in summaries)
        {
            if (!existing.Remove(s.ProvisionedModelArn, out var row))
            {
                row = new ProvisionedThroughput
                {
                    Arn = s.ProvisionedModelArn,
                    Name = s.ProvisionedModelName,
                    AccountId = source.AccountId,
                    Region = RegionOf(s.ProvisionedModelArn) ?? region.Region,
                    ModelArn = s.ModelArn,
                    Model = "",
                    Status = s.Status,
                    Commitment = "none",
                    Source = source.Name,
                };
                db.ProvisionedThroughputs.Add(row);
            }

            row.Name = s.ProvisionedModelName;
            row.ModelArn = s.ModelArn;
            row.Model = ModelCatalog.FromModelId(s.FoundationModelArn ?? s.ModelArn);
            row.ModelUnits = s.ModelUnits;
            row.DesiredModelUnits = s.DesiredModelUnits;
            row.Status = s.Status;
            row.Commitment = s.CommitmentDuration switch
            {
                null or "" => "none",
                "OneMonth" => "1-month",
                "SixMonths" => "6-month",
                var other => other,
            };
            row.CommitmentExpiresAt = s.CommitmentExpirationTime?.ToUniversalTime();
            row.CreatedAt = s.CreationTime.ToUniversalTime();
            row.LastModifiedAt = s.LastModifiedTime.ToUniversalTime();
            row.IngestedAt = now;
        }

        db.ProvisionedThroughputs.RemoveRange(existing.Values);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return summaries.Count;
    }

    /// <summary>arn:aws:bedrock:us-east-1:111122223333:provisioned-model/x → us-east-1.</summary>
    private static string? RegionOf(string arn)
    {
        var parts = arn.Split(':');
        return parts.Length > 3 && parts[3].Length > 0 ? parts[3] : null;
    }
}
