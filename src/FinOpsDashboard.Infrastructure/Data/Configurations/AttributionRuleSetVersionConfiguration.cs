using FinOpsDashboard.Domain.Attribution;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinOpsDashboard.Infrastructure.Data.Configurations;

public sealed class AttributionRuleSetVersionConfiguration : IEntityTypeConfiguration<AttributionRuleSetVersion>
{
    public void Configure(EntityTypeBuilder<AttributionRuleSetVersion> builder)
    {
        builder.ToTable("attribution_rule_sets");
        builder.HasKey(v => v.Version);

        // Numbered by the store (latest + 1) inside the saving transaction: a concurrent save collides on the key.
        builder.Property(v => v.Version).ValueGeneratedNever();
        builder.HasMany(v => v.Rules).WithOne().HasForeignKey(r => r.RuleSetVersion).OnDelete(DeleteBehavior.Cascade);
    }
}
