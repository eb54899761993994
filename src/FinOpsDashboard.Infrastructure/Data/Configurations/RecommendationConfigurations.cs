using FinOpsDashboard.Domain.Recommendations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinOpsDashboard.Infrastructure.Data.Configurations;

public sealed class StoredRecommendationConfiguration : IEntityTypeConfiguration<StoredRecommendation>
{
    public void Configure(EntityTypeBuilder<StoredRecommendation> builder)
    {
        builder.ToTable("recommendations");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => r.Key).IsUnique().HasDatabaseName("UX_recommendations_Key");
        builder.HasIndex(r => r.Team).HasDatabaseName("IX_recommendations_Team");
    }
}

public sealed class RecommendationEventConfiguration : IEntityTypeConfiguration<RecommendationEvent>
{
    public void Configure(EntityTypeBuilder<RecommendationEvent> builder)
    {
        builder.ToTable("recommendation_events");
        builder.HasKey(e => e.Id);
        builder.HasIndex(e => e.RecommendationId).HasDatabaseName("IX_recommendation_events_RecommendationId");
        builder.HasOne<StoredRecommendation>().WithMany().HasForeignKey(e => e.RecommendationId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class PtModelSettingConfiguration : IEntityTypeConfiguration<PtModelSetting>
{
    public void Configure(EntityTypeBuilder<PtModelSetting> builder)
    {
        builder.ToTable("pt_model_settings");
        builder.HasKey(s => s.Model);
    }
}
