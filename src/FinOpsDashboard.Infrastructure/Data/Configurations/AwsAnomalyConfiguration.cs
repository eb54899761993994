using FinOpsDashboard.Domain.Facts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinOpsDashboard.Infrastructure.Data.Configurations;

public sealed class AwsAnomalyConfiguration : IEntityTypeConfiguration<AwsAnomaly>
{
    public void Configure(EntityTypeBuilder<AwsAnomaly> builder)
    {
        builder.ToTable("aws_anomalies");
        builder.HasKey(a => a.AnomalyId);
        builder.HasIndex(a => a.StartDate).HasDatabaseName("IX_aws_anomalies_StartDate");
    }
}
