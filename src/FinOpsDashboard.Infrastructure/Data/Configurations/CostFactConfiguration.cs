using FinOpsDashboard.Domain.Facts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinOpsDashboard.Infrastructure.Data.Configurations;

public sealed class CostFactConfiguration : IEntityTypeConfiguration<CostFact>
{
    public void Configure(EntityTypeBuilder<CostFact> builder)
    {
        builder.ToTable("cost_facts");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Quantity).HasConversion<MilliUnitConverter>();

        // The grain: ingestion replaces whole days, so a duplicate here is a bug, not data. It holds the raw attribution
        // inputs, not the resolved team and feature: two tag values one rule maps to the same team stay apart.
        builder.HasIndex(f => new { f.Source, f.AccountId, f.Date, f.Service, f.UsageType, f.TeamTag, f.FeatureTag, f.ResourceId, f.Principal })
            .IsUnique()
            .HasDatabaseName("UX_cost_facts_grain");

        // The pages filter by a date range and group by one dimension.
        builder.HasIndex(f => new { f.Date, f.Model }).HasDatabaseName("IX_cost_facts_Date_Model");
        builder.HasIndex(f => new { f.Date, f.Team }).HasDatabaseName("IX_cost_facts_Date_Team");
        builder.HasIndex(f => new { f.Date, f.Feature }).HasDatabaseName("IX_cost_facts_Date_Feature");
        builder.HasIndex(f => new { f.Date, f.PricingMode }).HasDatabaseName("IX_cost_facts_Date_PricingMode");
        builder.HasIndex(f => new { f.Date, f.Team, f.Model, f.Feature, f.PricingMode, f.AccountId, f.UnblendedCost }).HasDatabaseName("IX_cost_facts_Date_Cover");
    }
}
