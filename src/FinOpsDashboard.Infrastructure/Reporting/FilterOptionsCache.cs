using System.Collections.Concurrent;
using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Jobs;

namespace FinOpsDashboard.Infrastructure.Reporting;

/// <summary>
/// The explorer's filter choices (distinct accounts, models, teams, features, modes in a window) only change when
/// ingestion commits data, but cost five scans per window: they are kept per (window, scope) until the next commit.
/// </summary>
public sealed class FilterOptionsCache
{
    private readonly SpendReports _reports;
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<SpendDimension, IReadOnlyList<string>>> _cache = new(StringComparer.Ordinal);

    public FilterOptionsCache(SpendReports reports, JobMonitor monitor)
    {
        _reports = reports;
        monitor.DataChanged += _cache.Clear;
    }

    public async Task<IReadOnlyDictionary<SpendDimension, IReadOnlyList<string>>> GetAsync(
        IReadOnlyCollection<SpendDimension> dimensions, DateWindow window, AccessScope scope, CancellationToken cancellationToken)
    {
        var key = $"{window}|{scope}|{string.Join(',', dimensions)}";
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var options = new Dictionary<SpendDimension, IReadOnlyList<string>>();
        foreach (var dimension in dimensions)
        {
            options[dimension] = await _reports.ValuesAsync(dimension, window, scope, cancellationToken);
        }

        _cache[key] = options;
        return options;
    }
}
