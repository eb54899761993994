using FinOpsDashboard.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.Reporting;

/// <summary>
/// Keeps reports that read a lot of stored facts but only change when something writes (the data-quality report, the
/// weekly review) until the store's write fingerprint moves. Every fact writer, in the web app or the CLI, records a
/// job run and appends facts with new ids (AUTOINCREMENT never reuses one), so the fingerprint is the job runs' count
/// and latest finish, the highest fact and metric-point ids and the AWS anomaly count: index lookups, well under a
/// millisecond, checked on every call, so another process's import shows on the next render. One report is computed
/// at a time, so fifty open pages reloading after an ingestion compute it once between them.
/// </summary>
public sealed class KeptUntilNextWrite<TKey, TValue>(IDbContextFactory<FinOpsDbContext> dbFactory)
    where TKey : notnull
{
    private readonly SemaphoreSlim _computing = new(1, 1);
    private readonly object _gate = new();
    private string? _fingerprint;
    private Dictionary<TKey, TValue> _values = [];

    public async Task<TValue> GetAsync(TKey key, Func<CancellationToken, Task<TValue>> compute, CancellationToken cancellationToken)
    {
        var fingerprint = await FingerprintAsync(cancellationToken);
        if (TryGet(fingerprint, key, out var hit))
        {
            return hit;
        }

        await _computing.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have computed it while this one waited.
            fingerprint = await FingerprintAsync(cancellationToken);
            if (TryGet(fingerprint, key, out var computed))
            {
                return computed;
            }

            var value = await compute(cancellationToken);
            // The fingerprint was read before computing: a write during the computation moves it, so the next call
            // computes again rather than keeping a report that may have missed that write.
            lock (_gate)
            {
                if (_fingerprint != fingerprint)
                {
                    _fingerprint = fingerprint;
                    _values = [];
                }

                _values[key] = value;
            }

            return value;
        }
        finally
        {
            _computing.Release();
        }
    }

    private bool TryGet(string fingerprint, TKey key, out TValue value)
    {
        lock (_gate)
        {
            if (_fingerprint == fingerprint && _values.TryGetValue(key, out value!))
            {
                return true;
            }
        }

        value = default!;
        return false;
    }

    private async Task<string> FingerprintAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(*) || '/' || ifnull(max("FinishedAt"), '') FROM "job_runs")
                || '|' || ifnull((SELECT max("Id") FROM "cost_facts"), 0)
                || '|' || ifnull((SELECT max("Id") FROM "metric_facts"), 0)
                || '|' || (SELECT count(*) FROM "aws_anomalies")
            """;
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
