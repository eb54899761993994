using FinOpsDashboard.Domain.Facts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinOpsDashboard.Infrastructure.Data.Configurations;

public sealed class DailySpendConfiguration : IEntityTypeConfiguration<DailySpend>
{
    public void Configure(EntityTypeBuilder<DailySpend> builder)
    {
        // Written only by SpendRollup's SQL; a WITHOUT ROWID table in migration 0009, so the key is the row order.
        builder.ToTable("daily_spend");
        builder.HasKey(d => new { d.Date, d.AccountId, d.Model, d.Team, d.Feature, d.PricingMode });

        // Daily charts group by (day, one dimension): read in that order from these, SQLite sums without sorting. Each
        // entry also holds the key's columns (WITHOUT ROWID), so filters and team scoping never leave the index.
        builder.HasIndex(d => new { d.Date, d.Model, d.UnblendedCost }).HasDatabaseName("IX_daily_spend_Date_Model");
        builder.HasIndex(d => new { d.Date, d.Team, d.UnblendedCost }).HasDatabaseName("IX_daily_spend_Date_Team");
        builder.HasIndex(d => new { d.Date, d.Feature, d.UnblendedCost }).HasDatabaseName("IX_daily_spend_Date_Feature");
        builder.HasIndex(d => new { d.Date, d.PricingMode, d.UnblendedCost }).HasDatabaseName("IX_daily_spend_Date_PricingMode");
    }
}
