using FinOpsDashboard.Domain.Facts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinOpsDashboard.Infrastructure.Data.Configurations;

public sealed class IngestedDayConfiguration : IEntityTypeConfiguration<IngestedDay>
{
    public void Configure(EntityTypeBuilder<IngestedDay> builder)
    {
        builder.ToTable("ingested_days");
        builder.HasKey(d => new { d.Source, d.AccountId, d.Date });
    }
}
