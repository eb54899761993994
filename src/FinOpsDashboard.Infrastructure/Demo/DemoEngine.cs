using System.Collections.Concurrent;

namespace FinOpsDashboard.Infrastructure.Demo;

/// <summary>
/// Owns the generated days (cached per instance, thread-safe) and the clock rules: a day is billed once it is
/// before today (UTC), and Estimated while it is one of the two days before today.
/// </summary>
internal sealed class DemoEngine
{
    private readonly TimeProvider _time;
    private readonly DemoDayGenerator _generator;
    private readonly ConcurrentDictionary<int, Lazy<DemoDay>> _days = new();
    private readonly ConcurrentDictionary<int, Lazy<DemoHourlyDay>> _hours = new();

    public DemoEngine(DemoWorkloadOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.HistoryDays, 1, nameof(options));
        _time = time;
        Seed = options.Seed;
        Scale = options.Scale;
        HistoryDays = options.HistoryDays;
        AnchorDay = options.AnchorDay == default ? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-1) : options.AnchorDay;
        Organisation = DemoOrganisation.Create(Seed, AnchorDay, HistoryDays, Scale);
        Plan = DemoScenarioPlan.Create(Organisation, AnchorDay);
        _generator = new DemoDayGenerator(Seed, AnchorDay, Organisation, Plan);
    }

    public int Seed { get; }
    public DemoScale Scale { get; }
    public int HistoryDays { get; }
    public DateOnly AnchorDay { get; }
    public DemoOrganisation Organisation { get; }
    public DemoScenarioPlan Plan { get; }

    public DateOnly HistoryStart => AnchorDay.AddDays(1 - HistoryDays);

    public DateTime UtcNow => _time.GetUtcNow().UtcDateTime;

    public DateOnly Today => DateOnly.FromDateTime(UtcNow);

    public bool IsBilled(DateOnly day, DateOnly today) => day >= HistoryStart && day < today;

    public bool IsEstimated(DateOnly day, DateOnly today) => IsBilled(day, today) && day >= today.AddDays(-2);

    /// <summary>How much of a day's final usage Cost Explorer shows while it is Estimated: 0.92-0.98, fixed per day.</summary>
    public decimal EstimateFactor(DateOnly day) =>
        0.92m + Math.Round((decimal)DemoRandom.Unit(Seed, day.DayNumber, 0, DemoRandom.EstimateSalt) * 0.06m, 4);

    /// <summary>The day's final data, whatever the clock says (empty before the history starts).</summary>
    public DemoDay Day(DateOnly day)
    {
        if (day < HistoryStart)
        {
            return new DemoDay(day, [], []);
        }

        return _days.GetOrAdd(day.DayNumber, n => new Lazy<DemoDay>(() => _generator.Generate(DateOnly.FromDayNumber(n)))).Value;
    }

    public DemoHourlyDay Hourly(DateOnly day) =>
        _hours.GetOrAdd(day.DayNumber, n => new Lazy<DemoHourlyDay>(() => DemoHourly.ForDay(Seed, Day(DateOnly.FromDayNumber(n))))).Value;

    /// <summary>What Cost Explorer shows for the day now: nothing before the history or from today on, scaled while Estimated.</summary>
    public IReadOnlyList<DemoLedgerLine> BilledLines(DateOnly day, DateOnly today)
    {
        if (!IsBilled(day, today))
        {
            return [];
        }

        var lines = Day(day).Lines;
        if (!IsEstimated(day, today))
        {
            return lines;
        }

        var factor = EstimateFactor(day);
        return lines.Select(l => l.AsEstimate(factor)).ToArray();
    }

    /// <summary>Generates missing days in parallel: each day is independent, so order cannot change a number.</summary>
    public void Warm(IEnumerable<DateOnly> days)
    {
        var missing = days.Where(d => d >= HistoryStart && !_days.ContainsKey(d.DayNumber)).ToList();
        if (missing.Count > 4)
        {
            Parallel.ForEach(missing, d => Day(d));
        }
    }
}
