using FinOpsDashboard.Domain.Facts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinOpsDashboard.Infrastructure.Data.Configurations;

public sealed class ProvisionedThroughputConfiguration : IEntityTypeConfiguration<ProvisionedThroughput>
{
    public void Configure(EntityTypeBuilder<ProvisionedThroughput> builder)
    {
        builder.ToTable("provisioned_throughputs");
        builder.HasKey(p => p.Id);
        builder.HasIndex(p => p.Arn).IsUnique().HasDatabaseName("UX_provisioned_throughputs_Arn");
    }
}
