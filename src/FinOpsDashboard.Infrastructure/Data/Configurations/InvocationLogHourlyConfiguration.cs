using FinOpsDashboard.Domain.Facts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinOpsDashboard.Infrastructure.Data.Configurations;

public sealed class InvocationLogHourlyConfiguration : IEntityTypeConfiguration<InvocationLogHourly>
{
    public void Configure(EntityTypeBuilder<InvocationLogHourly> builder)
    {
        builder.ToTable("invocation_log_hourly");
        builder.HasKey(h => h.Id);

        // The grain, per source file: a re-imported object deletes its own rows by ImportedFileId. Raw metadata values,
        // not the resolved team and feature, so re-attribution never merges rows.
        builder.HasIndex(h => new { h.ImportedFileId, h.HourStart, h.AccountId, h.Region, h.ModelId, h.Operation, h.TeamMetadata, h.FeatureMetadata, h.Caller })
            .IsUnique()
            .HasDatabaseName("UX_invocation_log_hourly_grain");

        // Reconciliation reads a day range per model; showback per team.
        builder.HasIndex(h => new { h.HourStart, h.Model }).HasDatabaseName("IX_invocation_log_hourly_HourStart_Model");
        builder.HasIndex(h => new { h.HourStart, h.Team }).HasDatabaseName("IX_invocation_log_hourly_HourStart_Team");
    }
}
