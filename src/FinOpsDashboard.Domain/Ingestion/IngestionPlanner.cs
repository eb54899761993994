using FinOpsDashboard.Domain.Time;

namespace FinOpsDashboard.Domain.Ingestion;

/// <summary>Decides which days an ingestion run must fetch: only what is missing or still estimated.</summary>
public static class IngestionPlanner
{
    /// <summary>
    /// Days of <paramref name="window"/> that are not stored or stored as estimated, merged into contiguous
    /// windows of at most <paramref name="maxDaysPerWindow"/> days. Example: window [05-01, 05-08), stored
    /// final 05-01..05-04 and estimated 05-05 → one window [05-05, 05-08).
    /// </summary>
    public static IReadOnlyList<DateWindow> WindowsToFetch(
        DateWindow window,
        IReadOnlyDictionary<DateOnly, bool> storedDayIsEstimated,
        int maxDaysPerWindow = 31)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDaysPerWindow, 1);
        var windows = new List<DateWindow>();
        DateOnly? runStart = null;
        var runLength = 0;

        foreach (var day in window.EachDay())
        {
            var needed = !storedDayIsEstimated.TryGetValue(day, out var estimated) || estimated;
            if (needed && runStart is null)
            {
                runStart = day;
                runLength = 0;
            }

            if (!needed && runStart is { } start)
            {
                windows.Add(new DateWindow(start, day));
                runStart = null;
            }

            if (runStart is { } open && ++runLength == maxDaysPerWindow)
            {
                windows.Add(new DateWindow(open, day.AddDays(1)));
                runStart = null;
            }
        }

        if (runStart is { } last)
        {
            windows.Add(new DateWindow(last, window.End));
        }

        return windows;
    }
}
