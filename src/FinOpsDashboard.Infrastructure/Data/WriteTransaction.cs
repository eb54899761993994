using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace FinOpsDashboard.Infrastructure.Data;

public static class WriteTransactions
{
    /// <summary>
    /// Begins a transaction whose disposal never hides the error that ended it. On SQLITE_FULL (disk full) and some I/O
    /// errors SQLite rolls the transaction back by itself; the ROLLBACK that disposal then issues fails with "cannot
    /// rollback - no transaction is active", and that error would replace "database or disk is full" (found by the
    /// disk-full fault test).
    /// </summary>
    public static async Task<IDbContextTransaction> BeginWriteTransactionAsync(this DatabaseFacade database, CancellationToken cancellationToken) =>
        new WriteTransaction(await database.BeginTransactionAsync(cancellationToken), database.GetDbConnection());

    private sealed class WriteTransaction(IDbContextTransaction inner, DbConnection connection) : IDbContextTransaction, IInfrastructure<DbTransaction>
    {
        /// <summary>Keeps <c>GetDbTransaction()</c> working for code that enlists raw commands (the CUR importer).</summary>
        public DbTransaction Instance => inner.GetDbTransaction();

        public Guid TransactionId => inner.TransactionId;

        public void Commit() => inner.Commit();

        public Task CommitAsync(CancellationToken cancellationToken = default) => inner.CommitAsync(cancellationToken);

        public void Rollback() => inner.Rollback();

        public Task RollbackAsync(CancellationToken cancellationToken = default) => inner.RollbackAsync(cancellationToken);

        public void Dispose()
        {
            try
            {
                inner.Dispose();
            }
            catch (SqliteException) when (SqliteRolledBackItself())
            {
                // Already rolled back by SQLite: let the original error through.
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await inner.DisposeAsync();
            }
            catch (SqliteException) when (SqliteRolledBackItself())
            {
                // Already rolled back by SQLite: let the original error through.
            }
        }

        /// <summary>True when the connection is back in autocommit mode, i.e. no transaction is open any more.</summary>
        private bool SqliteRolledBackItself() =>
            connection is SqliteConnection { Handle: { } handle } && SQLitePCL.raw.sqlite3_get_autocommit(handle) != 0;
    }
}
