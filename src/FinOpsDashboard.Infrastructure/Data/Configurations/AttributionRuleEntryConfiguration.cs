using FinOpsDashboard.Domain.Attribution;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinOpsDashboard.Infrastructure.Data.Configurations;

public sealed class AttributionRuleEntryConfiguration : IEntityTypeConfiguration<AttributionRuleEntry>
{
    public void Configure(EntityTypeBuilder<AttributionRuleEntry> builder)
    {
        builder.ToTable("attribution_rules");
        builder.HasKey(r => r.Id);

        // One rule per precedence slot of a version; also serves the foreign key.
        builder.HasIndex(r => new { r.RuleSetVersion, r.Position }).IsUnique().HasDatabaseName("UX_attribution_rules_RuleSetVersion_Position");
    }
}
