using System.Text.Json;
using FinOpsDashboard.Domain.Classification;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Ingestion;

/// <summary>
/// Mirrors the application inference profiles of one region with their tags, so a profile id seen in CloudWatch
/// (or invocation logs) resolves to its model and to the team and feature its tags name.
/// </summary>
public sealed class InferenceProfileSyncService(IDbContextFactory<FinOpsDbContext> dbFactory, IOptions<IngestionOptions> options, TimeProvider clock)
{
    public async Task<int> SyncAsync(IngestionSource source, RegionalApis region, CancellationToken cancellationToken)
    {
        var profiles = new List<InferenceProfile>();
        var now = clock.GetUtcNow().UtcDateTime;
        string? token = null;
        do
        {
            var page = await region.InferenceProfiles.ListInferenceProfilesAsync("APPLICATION", token, cancellationToken);
            foreach (var summary in page.InferenceProfileSummaries)
            {
                var tags = (await region.InferenceProfiles.ListTagsForResourceAsync(summary.InferenceProfileArn, cancellationToken)).Tags
                    .GroupBy(t => t.Key, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
                profiles.Add(new InferenceProfile
                {
                    Arn = summary.InferenceProfileArn,
                    ProfileId = summary.InferenceProfileId,
                    Name = summary.InferenceProfileName,
                    Type = summary.Type,
                    AccountId = source.AccountId,
                    Region = region.Region,
                    Model = summary.Models.Count > 0 ? ModelCatalog.FromModelId(summary.Models[0].ModelArn) : summary.InferenceProfileId,
                    Team = TagOrUnattributed(tags, options.Value.TeamTagKey),
                    Feature = TagOrUnattributed(tags, options.Value.FeatureTagKey),
                    TagsJson = JsonSerializer.Serialize(tags),
                    Source = source.Name,
                    IngestedAt = now,
                });
            }

            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        await db.InferenceProfiles
            .Where(p => p.Source == source.Name && p.AccountId == source.AccountId && p.Region == region.Region)
            .ExecuteDeleteAsync(cancellationToken);
        db.InferenceProfiles.AddRange(profiles);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return profiles.Count;
    }

    private static string TagOrUnattributed(Dictionary<string, string> tags, string key) =>
        tags.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : Attribution.Unattributed;
}
