using FinOpsDashboard.Domain.Anomalies;
using FinOpsDashboard.Domain.Time;

namespace FinOpsDashboard.Domain.Tests.Anomalies;

/// <summary>Daily cost series for the detector tests: a weekday level, a weekend level, deterministic noise, planted changes.</summary>
internal sealed class SeriesBuilder
{
    /// <summary>A Monday, so day n's weekday is obvious: day 5 and 6 of each week are the weekend.</summary>
    public static readonly DateOnly Start = new(2026, 1, 5);

    private readonly Dictionary<DateOnly, decimal> _costs = [];
    private readonly int _days;

    private SeriesBuilder(int days) => _days = days;

    public DateWindow Window => new(Start, Start.AddDays(_days));

    /// <summary>
    /// <paramref name="days"/> days at <paramref name="weekday"/> on Monday-Friday and <paramref name="weekend"/> on
    /// Saturday-Sunday, each day moved by up to ±<paramref name="noise"/> (a share, from a fixed seed) and rounded to cents.
    /// </summary>
    public static SeriesBuilder Daily(int days, decimal weekday, decimal? weekend = null, decimal noise = 0m, int seed = 7)
    {
        var builder = new SeriesBuilder(days);
        var random = new Random(seed);
        for (var i = 0; i < days; i++)
        {
            var day = Start.AddDays(i);
            var level = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? weekend ?? weekday : weekday;
            var jitter = noise == 0 ? 1m : 1m + (noise * (((decimal)random.NextDouble() * 2) - 1));
            builder._costs[day] = Math.Round(level * jitter, 2);
        }

        return builder;
    }

    public static DateOnly Day(int index) => Start.AddDays(index);

    public SeriesBuilder Set(int dayIndex, decimal cost)
    {
        _costs[Day(dayIndex)] = cost;
        return this;
    }

    public SeriesBuilder Add(int dayIndex, decimal extra)
    {
        _costs[Day(dayIndex)] = _costs.GetValueOrDefault(Day(dayIndex)) + extra;
        return this;
    }

    public decimal this[int dayIndex] => _costs.GetValueOrDefault(Day(dayIndex));

    public DailySeries Build(AnomalyDimension dimension = AnomalyDimension.Feature, string key = "email-campaigns") =>
        new(new SeriesKey(dimension, key), new Dictionary<DateOnly, decimal>(_costs), Window);
}
