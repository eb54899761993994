using FinOpsDashboard.Domain.Facts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinOpsDashboard.Infrastructure.Data.Configurations;

public sealed class MetricFactConfiguration : IEntityTypeConfiguration<MetricFact>
{
    public void Configure(EntityTypeBuilder<MetricFact> builder)
    {
        builder.ToTable("metric_facts");
        builder.HasKey(f => f.Id);
        builder.HasIndex(f => new { f.AccountId, f.Region, f.ModelId, f.MetricName, f.Stat, f.PeriodSeconds, f.Timestamp })
            .IsUnique()
            .HasDatabaseName("UX_metric_facts_point");
        builder.HasIndex(f => new { f.Model, f.MetricName, f.Timestamp }).HasDatabaseName("IX_metric_facts_Model_Metric_Time");
        builder.HasIndex(f => f.Timestamp).HasDatabaseName("IX_metric_facts_Timestamp");
        builder.HasIndex(f => new { f.MetricName, f.Timestamp, f.Model, f.Stat, f.Value }).HasDatabaseName("IX_metric_facts_Metric_Time");
    }
}
