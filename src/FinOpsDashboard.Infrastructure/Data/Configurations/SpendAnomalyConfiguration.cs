using FinOpsDashboard.Domain.Anomalies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinOpsDashboard.Infrastructure.Data.Configurations;

public sealed class SpendAnomalyConfiguration : IEntityTypeConfiguration<SpendAnomaly>
{
    public void Configure(EntityTypeBuilder<SpendAnomaly> builder)
    {
        builder.ToTable("anomalies");
        builder.HasKey(a => a.Id);
        builder.Ignore(a => a.Deviation);
        builder.Ignore(a => a.IsUnreviewed);

        // Re-runs update in place: one flag per series and day.
        builder.HasIndex(a => new { a.Date, a.Dimension, a.Key }).IsUnique().HasDatabaseName("UX_anomalies_Date_Dimension_Key");
        // A manager's list: their teams' flags over a date range.
        builder.HasIndex(a => new { a.Team, a.Date }).HasDatabaseName("IX_anomalies_Team_Date");
    }
}

public sealed class SpendAnomalyEventConfiguration : IEntityTypeConfiguration<SpendAnomalyEvent>
{
    public void Configure(EntityTypeBuilder<SpendAnomalyEvent> builder)
    {
        builder.ToTable("anomaly_events");
        builder.HasKey(e => e.Id);
        builder.HasOne<SpendAnomaly>().WithMany().HasForeignKey(e => e.AnomalyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => e.AnomalyId).HasDatabaseName("IX_anomaly_events_AnomalyId");
    }
}
