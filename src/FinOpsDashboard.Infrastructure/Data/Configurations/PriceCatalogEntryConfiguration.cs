using FinOpsDashboard.Domain.Pricing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinOpsDashboard.Infrastructure.Data.Configurations;

public sealed class PriceCatalogEntryConfiguration : IEntityTypeConfiguration<PriceCatalogEntry>
{
    public void Configure(EntityTypeBuilder<PriceCatalogEntry> builder)
    {
        builder.ToTable("price_catalog_entries");
        builder.HasKey(e => e.Id);
        builder.Ignore(e => e.Key);

        // The admin page lists by model; overlap checks read one model's entries of one direction.
        builder.HasIndex(e => new { e.Model, e.Direction, e.EffectiveFrom }).HasDatabaseName("IX_price_catalog_entries_Model_Direction_EffectiveFrom");
    }
}
