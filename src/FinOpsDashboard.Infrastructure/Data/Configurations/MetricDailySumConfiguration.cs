using FinOpsDashboard.Domain.Facts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinOpsDashboard.Infrastructure.Data.Configurations;

public sealed class MetricDailySumConfiguration : IEntityTypeConfiguration<MetricDailySum>
{
    public void Configure(EntityTypeBuilder<MetricDailySum> builder)
    {
        builder.ToTable("metric_daily_sums");
        builder.HasKey(m => new { m.Source, m.AccountId, m.Region, m.ModelId, m.MetricName, m.Date });
        builder.HasIndex(m => new { m.MetricName, m.Date, m.Model }).HasDatabaseName("IX_metric_daily_sums_Metric_Date");
    }
}
