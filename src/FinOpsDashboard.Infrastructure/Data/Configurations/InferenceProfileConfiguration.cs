using FinOpsDashboard.Domain.Facts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinOpsDashboard.Infrastructure.Data.Configurations;

public sealed class InferenceProfileConfiguration : IEntityTypeConfiguration<InferenceProfile>
{
    public void Configure(EntityTypeBuilder<InferenceProfile> builder)
    {
        builder.ToTable("inference_profiles");
        builder.HasKey(p => p.Arn);
        builder.HasIndex(p => p.ProfileId).HasDatabaseName("IX_inference_profiles_ProfileId");
    }
}
