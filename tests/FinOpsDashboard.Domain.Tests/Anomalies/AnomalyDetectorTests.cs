using FinOpsDashboard.Domain.Anomalies;
using FinOpsDashboard.Domain.Time;

namespace FinOpsDashboard.Domain.Tests.Anomalies;

public sealed class AnomalyDetectorTests
{
    private static readonly AnomalySettings Defaults = new();

    // 16 weeks: weekdays ~$1,000 and weekends ~$400 (40 %), ±4 % noise; a spike of +extra planted on one day.
    public static TheoryData<string, int, decimal> Spikes => new()
    {
        { "a Wednesday in week 10 triples", 65, 2000m },
        { "a Saturday (quiet day) gets +$300: 75 % above a weekend, below any weekday", 75, 300m },
        { "the last day of the data", 111, 800m },
        { "the first day with a full 8-week baseline", 56, 500m },
    };

    [Theory]
    [MemberData(nameof(Spikes))]
    public void FlagsAnInjectedSpike_OnTheDayItWasInjected_AndNoOtherDay(string name, int dayIndex, decimal extra)
    {
        var series = SeriesBuilder.Daily(112, weekday: 1000m, weekend: 400m, noise: 0.04m).Add(dayIndex, extra).Build();

        var flags = AnomalyDetector.Detect(series, Evaluate(series), Defaults);

        var flag = Assert.Single(flags);
        Assert.True(flag.Date == SeriesBuilder.Day(dayIndex), name);
        Assert.True(flag.Z >= Defaults.ZThreshold, name);
        Assert.True(flag.Deviation > extra * 0.85m && flag.Deviation < extra * 1.15m, $"{name}: deviation {flag.Deviation} for a planted {extra}");
    }

    [Fact]
    public void WeekdaySeasonality_WeekendsAt40PercentOfWeekdays_IsNotFlagged()
    {
        var series = SeriesBuilder.Daily(112, weekday: 1000m, weekend: 400m, noise: 0.04m).Build();

        Assert.Empty(AnomalyDetector.Detect(series, Evaluate(series), Defaults));

        // The test can fail: against the days just before it (no seasonality), a Saturday is far outside the band.
        var saturday = SeriesBuilder.Day(82);
        Assert.Equal(DayOfWeek.Saturday, saturday.DayOfWeek);
        var previousDays = Enumerable.Range(1, 5).Select(i => series.CostOn(saturday.AddDays(-i))).ToList();
        var naiveMedian = AnomalyDetector.Median(previousDays);
        var naiveSpread = Math.Max(AnomalyDetector.MadToSigma * AnomalyDetector.Median(previousDays.Select(v => Math.Abs(v - naiveMedian)).ToList()), 0.05m * naiveMedian);
        Assert.True((series.CostOn(saturday) - naiveMedian) / naiveSpread < -Defaults.ZThreshold);
    }

    [Fact]
    public void FlagsADrop_BelowTheBand()
    {
        // Tuesday of week 12 falls to 30 % of normal: an outage, or traffic moved elsewhere.
        var series = SeriesBuilder.Daily(112, weekday: 1000m, weekend: 400m, noise: 0.04m).Set(78, 300m).Build();

        var flag = Assert.Single(AnomalyDetector.Detect(series, Evaluate(series), Defaults));

        Assert.Equal(SeriesBuilder.Day(78), flag.Date);
        Assert.Equal(DayOfWeek.Tuesday, flag.Date.DayOfWeek);
        Assert.True(flag.Z <= -Defaults.ZThreshold);
        Assert.True(flag.Deviation < -600m);
    }

    // A flat weekday series of `level` (MAD 0, so spread = 5 % of level) with the last day at `actual`.
    public static TheoryData<string, decimal, decimal, bool> Thresholds => new()
    {
        { "z 8 passes, $40 does not → not flagged", 100m, 140m, false },
        { "z 3.0 fails although $150 passes → not flagged", 1000m, 1150m, false },
        { "z exactly 3.5 and $175 → flagged (thresholds are inclusive)", 1000m, 1175m, true },
        { "z 10, $50 exactly → flagged", 100m, 150m, true },
        { "a drop of z −4, −$200 → flagged", 1000m, 800m, true },
        { "a drop of z −8, −$40 → not flagged", 100m, 60m, false },
    };

    [Theory]
    [MemberData(nameof(Thresholds))]
    public void FlagsOnlyWhenBothTheZAndTheDollarThresholdAreMet(string name, decimal level, decimal actual, bool flagged)
    {
        var series = SeriesBuilder.Daily(63, weekday: level).Set(62, actual).Build();

        var flags = AnomalyDetector.Detect(series, Evaluate(series), Defaults);

        Assert.True(flagged == (flags.Count == 1), $"{name}: {flags.Count} flag(s)");
        Assert.All(flags, f => Assert.Equal(SeriesBuilder.Day(62), f.Date));
    }

    [Fact]
    public void CustomThresholds_AreRespected()
    {
        var series = SeriesBuilder.Daily(63, weekday: 100m).Set(62, 140m).Build();
        var lowerDollar = Defaults with { DollarThreshold = 25m };
        var higherZ = Defaults with { DollarThreshold = 25m, ZThreshold = 9m };

        Assert.Empty(AnomalyDetector.Detect(series, Evaluate(series), Defaults));
        Assert.Single(AnomalyDetector.Detect(series, Evaluate(series), lowerDollar));
        Assert.Empty(AnomalyDetector.Detect(series, Evaluate(series), higherZ));
    }

    [Fact]
    public void FlatSeries_WithMadZero_UsesTheSpreadFloor_AndGivesAFiniteZ()
    {
        // Eight previous Fridays of exactly $200: median 200, MAD 0 → spread max(0, 5 % × 200, $1) = $10; $260 → z = 6.
        var series = SeriesBuilder.Daily(63, weekday: 200m, weekend: 200m).Set(60, 260m).Build();
        Assert.Equal(DayOfWeek.Friday, SeriesBuilder.Day(60).DayOfWeek);

        var flag = Assert.Single(AnomalyDetector.Detect(series, Evaluate(series), Defaults));

        Assert.Equal(0m, flag.Baseline.MedianAbsoluteDeviation);
        Assert.Equal(10m, flag.Baseline.Spread);
        Assert.Equal(6m, flag.Z);

        // A series of zeros has median 0: the $1 minimum spread keeps z finite (a $60 day → z 60).
        var zeros = SeriesBuilder.Daily(63, weekday: 0m).Set(0, 20m).Set(62, 60m).Build();
        var baseline = AnomalyDetector.BaselineFor(zeros, SeriesBuilder.Day(62), Defaults with { MinimumAverageDailySpend = 0 })!;
        Assert.Equal(1m, baseline.Spread);
        Assert.Equal(60m, baseline.ZOf(60m));
    }

    [Fact]
    public void Baseline_IsTheMedianAndScaledMadOfTheSameWeekday_ComputedByHand()
    {
        // The eight Wednesdays before day 65 (days 9, 16, ..., 58) cost 100, 104, 96, 110, 90, 102, 98, 300 (one old spike).
        var series = SeriesBuilder.Daily(70, weekday: 1m);
        decimal[] wednesdays = [100m, 104m, 96m, 110m, 90m, 102m, 98m, 300m];
        for (var week = 0; week < wednesdays.Length; week++)
        {
            series.Set(9 + (7 * week), wednesdays[week]);
        }

        var built = series.Set(65, 160m).Build();
        var baseline = AnomalyDetector.BaselineFor(built, SeriesBuilder.Day(65), Defaults)!;

        // Sorted: 90 96 98 100 102 104 110 300 → median (100 + 102) / 2 = 101.
        // |x − 101|: 1 3 5 11 9 1 3 199 → sorted 1 1 3 3 5 9 11 199 → MAD (3 + 5) / 2 = 4; spread 1.4826 × 4 = 5.9304 (> 5 % × 101 = 5.05).
        Assert.Equal(8, baseline.Days.Count);
        Assert.Equal(SeriesBuilder.Day(58), baseline.Days[0]);
        Assert.Equal(101m, baseline.Expected);
        Assert.Equal(4m, baseline.MedianAbsoluteDeviation);
        Assert.Equal(5.9304m, baseline.Spread);
        // 160 → z = 59 / 5.9304 = 9.9487...
        Assert.Equal(9.9487m, Math.Round(baseline.ZOf(160m), 4));
    }

    [Fact]
    public void ADay_WithFewerThanMinimumPointsOfHistory_IsNotJudged()
    {
        // 4 weeks: a day in week 4 has 3 earlier same weekdays, so even a tenfold day is not judged.
        var series = SeriesBuilder.Daily(35, weekday: 500m).Set(25, 5000m).Build();
        var settings = Defaults with { MinimumHistoryWeeks = 1 };

        Assert.Null(AnomalyDetector.BaselineFor(series, SeriesBuilder.Day(25), settings));
        Assert.NotNull(AnomalyDetector.BaselineFor(series, SeriesBuilder.Day(28), settings));
        Assert.Empty(AnomalyDetector.Detect(series, new DateWindow(SeriesBuilder.Start, series.Data.End), settings));
    }

    public static TheoryData<string, int, decimal, int, bool> HistoryCases => new()
    {
        { "12 weeks at $100 a day", 84, 100m, 0, true },
        { "3 weeks only", 21, 100m, 0, false },
        { "$5 a day: below the $10 average", 84, 5m, 0, false },
        { "began 5 weeks before the end: watched from then", 84, 100m, 49, true },
        { "began 3 weeks before the end", 84, 100m, 63, false },
    };

    [Theory]
    [MemberData(nameof(HistoryCases))]
    public void EnoughHistory_NeedsMinimumWeeksAndAverageDailySpend(string name, int days, decimal level, int silentDays, bool watched)
    {
        var builder = SeriesBuilder.Daily(days, weekday: level);
        for (var i = 0; i < silentDays; i++)
        {
            builder.Set(i, 0m);
        }

        Assert.True(watched == AnomalyDetector.HasEnoughHistory(builder.Build(), Defaults), name);
    }

    [Fact]
    public void ASeriesThatBeganLate_IsJudgedOnlyAgainstDaysItExisted()
    {
        // Spend starts on day 28 at $500: its first weeks are not compared with the zeros before it existed.
        var builder = SeriesBuilder.Daily(84, weekday: 500m, noise: 0.03m);
        for (var i = 0; i < 28; i++)
        {
            builder.Set(i, 0m);
        }

        var series = builder.Build();

        Assert.Equal(SeriesBuilder.Day(28), series.Start);
        Assert.Empty(AnomalyDetector.Detect(series, Evaluate(series), Defaults));
        Assert.Null(AnomalyDetector.BaselineFor(series, SeriesBuilder.Day(49), Defaults));
        Assert.Equal(4, AnomalyDetector.BaselineFor(series, SeriesBuilder.Day(56), Defaults)!.Days.Count);
    }

    [Fact]
    public void ALastingLevelShift_IsFlaggedAtFirst_AndBecomesTheNewNormalOnceItHoldsMostOfTheTrailingWeeks()
    {
        // From day 70 every day costs double. Flagged days stay in later baselines, so by the fifth week the median has moved.
        var builder = SeriesBuilder.Daily(126, weekday: 1000m, weekend: 400m, noise: 0.03m);
        for (var i = 70; i < 126; i++)
        {
            builder.Set(i, builder[i] * 2);
        }

        var flags = AnomalyDetector.Detect(builder.Build(), new DateWindow(SeriesBuilder.Day(56), SeriesBuilder.Day(126)), Defaults);

        Assert.Equal(SeriesBuilder.Day(70), flags.Min(f => f.Date));
        Assert.True(flags.Max(f => f.Date) < SeriesBuilder.Day(70 + 35), $"still flagged on {flags.Max(f => f.Date)}");
        Assert.All(flags, f => Assert.True(f.Z > 0));
    }

    public static TheoryData<string, decimal, decimal?, AnomalySeverity> SeverityCases => new()
    {
        { "+$80 → low (under 2 × $50)", 80m, 5m, AnomalySeverity.Low },
        { "−$180 → medium (2-5 ×)", -180m, -6m, AnomalySeverity.Medium },
        { "+$600 → high (5-20 ×)", 600m, 12m, AnomalySeverity.High },
        { "+$1,500 at z 9 → critical (≥ 20 ×, |z| ≥ 7)", 1500m, 9m, AnomalySeverity.Critical },
        { "+$1,500 at z 4 → high: barely outside the band", 1500m, 4m, AnomalySeverity.High },
        { "−$1,000 at z −7 → critical", -1000m, -7m, AnomalySeverity.Critical },
        { "AWS finding of $1,200 (no z) → critical", 1200m, null, AnomalySeverity.Critical },
    };

    [Theory]
    [MemberData(nameof(SeverityCases))]
    public void Severity_FollowsTheDollarImpact_CappedForLowZ(string name, decimal deviation, decimal? z, AnomalySeverity expected) =>
        Assert.True(expected == AnomalyDetector.SeverityOf(deviation, z, Defaults), name);

    [Theory]
    [InlineData(new[] { 3.0, 1.0, 2.0 }, 2.0)]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 2.5)]
    [InlineData(new[] { 7.0 }, 7.0)]
    public void Median_IsTheMiddleOrTheMeanOfTheTwoMiddles(double[] values, double expected) =>
        Assert.Equal((decimal)expected, AnomalyDetector.Median(values.Select(v => (decimal)v).ToList()));

    [Fact]
    public void Settings_OutOfRange_AreRejectedWithEveryProblemNamed()
    {
        var bad = new AnomalySettings { TrailingWeeks = 1, MinimumPoints = 9, DollarThreshold = 0 };

        var error = Assert.Throws<ArgumentException>(bad.Validated);

        Assert.Contains("TrailingWeeks", error.Message, StringComparison.Ordinal);
        Assert.Contains("MinimumPoints", error.Message, StringComparison.Ordinal);
        Assert.Contains("DollarThreshold", error.Message, StringComparison.Ordinal);
        Assert.Same(Defaults, Defaults.Validated());
    }

    private static DateWindow Evaluate(DailySeries series) => series.Data;
}
