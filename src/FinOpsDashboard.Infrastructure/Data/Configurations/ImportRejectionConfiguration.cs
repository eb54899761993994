using FinOpsDashboard.Domain.Facts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinOpsDashboard.Infrastructure.Data.Configurations;

public sealed class ImportRejectionConfiguration : IEntityTypeConfiguration<ImportRejection>
{
    public void Configure(EntityTypeBuilder<ImportRejection> builder)
    {
        builder.ToTable("import_rejections");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.ImportedFileId, r.LineNumber }).HasDatabaseName("IX_import_rejections_ImportedFileId_LineNumber");
    }
}
