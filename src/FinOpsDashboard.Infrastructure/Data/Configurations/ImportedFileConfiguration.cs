using FinOpsDashboard.Domain.Facts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinOpsDashboard.Infrastructure.Data.Configurations;

public sealed class ImportedFileConfiguration : IEntityTypeConfiguration<ImportedFile>
{
    public void Configure(EntityTypeBuilder<ImportedFile> builder)
    {
        builder.ToTable("imported_files");
        builder.HasKey(f => f.Id);

        // One row per version of an object: the importer's "seen before?" question.
        builder.HasIndex(f => new { f.Location, f.ContentHash }).IsUnique().HasDatabaseName("UX_imported_files_Location_ContentHash");
        builder.HasIndex(f => f.ImportedAt).HasDatabaseName("IX_imported_files_ImportedAt");
    }
}
