using FinOpsDashboard.Domain.Facts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinOpsDashboard.Infrastructure.Data.Configurations;

public sealed class MonthlySpendConfiguration : IEntityTypeConfiguration<MonthlySpend>
{
    public void Configure(EntityTypeBuilder<MonthlySpend> builder)
    {
        // Written only by SpendRollup's SQL; a WITHOUT ROWID table in migration 0009.
        builder.ToTable("monthly_spend");
        builder.HasKey(m => new { m.Month, m.AccountId, m.Model, m.Team, m.Feature, m.PricingMode });
    }
}
