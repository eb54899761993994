using FinOpsDashboard.Domain.Facts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinOpsDashboard.Infrastructure.Data.Configurations;

public sealed class WeeklyUsageConfiguration : IEntityTypeConfiguration<WeeklyUsage>
{
    public void Configure(EntityTypeBuilder<WeeklyUsage> builder)
    {
        // Written only by SpendRollup's SQL; a WITHOUT ROWID table in migration 0013. Team second in the key, so a team's
        // weeks (showback, a manager's scope) are contiguous ranges of the table.
        builder.ToTable("weekly_usage");
        builder.HasKey(w => new { w.Week, w.Team, w.Model, w.Feature, w.PricingMode, w.AccountId, w.TokenDirection, w.CacheTtl, w.CrossRegion, w.Unit });
        builder.Property(w => w.Quantity).HasConversion<MilliUnitConverter>();
    }
}
