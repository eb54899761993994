using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.Reporting;

/// <summary>What the importer did lately: files (with their row counts) and the rows it refused.</summary>
public sealed class ImportsQuery(IDbContextFactory<FinOpsDbContext> dbFactory)
{
    public async Task<IReadOnlyList<ImportedFile>> RecentFilesAsync(int count, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ImportedFiles.AsNoTracking().OrderByDescending(f => f.Id).Take(count).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ImportRejection>> RecentRejectionsAsync(int count, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ImportRejections.AsNoTracking()
            .OrderByDescending(r => r.ImportedFileId).ThenBy(r => r.LineNumber)
            .Take(count)
            .ToListAsync(cancellationToken);
    }

    public async Task<(int Files, long Rejected)> TotalsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return (await db.ImportedFiles.CountAsync(cancellationToken), await db.ImportedFiles.SumAsync(f => f.RowsRejected, cancellationToken));
    }
}
