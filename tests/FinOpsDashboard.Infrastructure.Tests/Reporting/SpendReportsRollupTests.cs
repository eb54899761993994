using System.Globalization;
using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Attribution;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.AttributionRules;
using FinOpsDashboard.Infrastructure.Demo;
using FinOpsDashboard.Infrastructure.Ingestion;
using FinOpsDashboard.Infrastructure.Reporting;
using FinOpsDashboard.Infrastructure.Tests.Data;
using FinOpsDashboard.Infrastructure.Tests.Files;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static FinOpsDashboard.Infrastructure.Tests.Files.Fixtures;

namespace FinOpsDashboard.Infrastructure.Tests.Reporting;

/// <summary>
/// SpendReports' sums read the rollups; here every one of them is compared with the same sum computed in memory from
/// the cost facts, for windows with and without whole months, filters, and a manager's scope.
/// </summary>
public sealed class SpendReportsRollupTests(SpendReportsRollupTests.Dataset data) : IClassFixture<SpendReportsRollupTests.Dataset>
{
    private static readonly SpendDimension[] AllDimensions = Enum.GetValues<SpendDimension>();

    public static TheoryData<string, string, string> Windows => new()
    {
        { "whole months, data starts inside the first", "2026-03-01", "2026-07-01" },
        { "all data, partial months at both edges", "2026-03-28", "2026-06-11" },
        { "one whole month between two edges", "2026-04-15", "2026-06-05" },
        { "exactly one month", "2026-05-01", "2026-06-01" },
        { "30 days, no whole month", "2026-05-10", "2026-06-09" },
        { "month to date", "2026-06-01", "2026-06-11" },
        { "one day", "2026-05-02", "2026-05-03" },
        { "empty window", "2026-05-02", "2026-05-02" },
        { "before any data", "2026-01-01", "2026-02-01" },
    };

    [Theory]
    [MemberData(nameof(Windows))]
    public async Task EverySum_EqualsTheSameSumOverTheFacts(string name, string from, string to)
    {
        var window = new DateWindow(Day(from), Day(to));
        var reports = new SpendReports(data.Db.Factory());
        var (team1, team2) = (data.Teams[0], data.Teams[1]);
        SpendFilter[] filters =
        [
            new(window),
            new(window) { Models = [data.TopModel] },
            new(window) { PricingModes = ["batch", "on-demand"] },
            new(window) { Teams = [team1, Attribution.Unattributed] },
            new(window) { Accounts = [AccountA], Features = data.Features },
        ];
        AccessScope[] scopes = [AccessScope.Everything, AccessScope.ForTeams([team1, team2]), AccessScope.ForTeams([])];

        foreach (var scope in scopes)
        {
            foreach (var filter in filters)
            {
                var label = $"{name} {window}, {scope}, filter {Describe(filter)}";
                var facts = Matching(data.Facts, filter, scope).ToList();

                Same($"{label}, total", [facts.Sum(f => f.UnblendedCost)], [await reports.TotalAsync(filter, scope, CancellationToken.None)]);
                foreach (var dimension in AllDimensions)
                {
                    var expected = facts.GroupBy(f => Key(f, dimension)).Select(g => new KeyCost(g.Key, g.Sum(f => f.UnblendedCost)))
                        .OrderByDescending(k => k.Cost).ThenBy(k => k.Key, StringComparer.Ordinal);
                    Same($"{label}, by {dimension}", expected, await reports.ByAsync(dimension, filter, scope, CancellationToken.None));
                }

                foreach (var (first, second) in new (SpendDimension, SpendDimension?)[] { (SpendDimension.Team, SpendDimension.Feature), (SpendDimension.Model, SpendDimension.PricingMode), (SpendDimension.Account, null) })
                {
                    var expected = facts.GroupBy(f => (A: Key(f, first), B: second is { } s ? Key(f, s) : ""))
                        .Select(g => new PairCost(g.Key.A, g.Key.B, g.Sum(f => f.UnblendedCost)))
                        .OrderByDescending(p => p.Cost).ThenBy(p => p.First, StringComparer.Ordinal).ThenBy(p => p.Second, StringComparer.Ordinal);
                    Same($"{label}, by {first} then {second}", expected, await reports.ByPairAsync(first, second, filter, scope, CancellationToken.None));
                }

                foreach (var (dimension, count) in new[] { (SpendDimension.Team, 3), (SpendDimension.Feature, 2), (SpendDimension.Model, 100) })
                {
                    var expected = Ranking.DailyTopWithOther(
                        facts.GroupBy(f => (f.Date, Key: Key(f, dimension))).Select(g => new DailyKeyCost(g.Key.Date, g.Key.Key, g.Sum(f => f.UnblendedCost)))
                            .OrderBy(d => d.Date).ThenBy(d => d.Key, StringComparer.Ordinal),
                        count);
                    var actual = await reports.DailyTopAsync(dimension, count, filter, scope, CancellationToken.None);
                    Same($"{label}, top {count} {dimension} keys", expected.Keys, actual.Keys);
                    Same($"{label}, top {count} {dimension} daily", expected.Daily.OrderBy(d => d.Date).ThenBy(d => d.Key, StringComparer.Ordinal), actual.Daily);
                }

                foreach (var (first, second) in new (SpendDimension, SpendDimension?)[] { (SpendDimension.Feature, SpendDimension.Model), (SpendDimension.Team, null), (SpendDimension.PricingMode, null) })
                {
                    var expected = facts.GroupBy(f => (f.Date, A: Key(f, first), B: second is { } s ? Key(f, s) : ""))
                        .Select(g => new DailyPairCost(g.Key.Date, g.Key.A, g.Key.B, g.Sum(f => f.UnblendedCost)))
                        .OrderBy(p => p.Date).ThenBy(p => p.First, StringComparer.Ordinal).ThenBy(p => p.Second, StringComparer.Ordinal);
                    Same($"{label}, daily by {first} then {second}", expected, await reports.DailyByPairAsync(first, second, filter, scope, CancellationToken.None));
                }
            }

            foreach (var dimension in AllDimensions)
            {
                var expected = Matching(data.Facts, new SpendFilter(window), scope).Select(f => Key(f, dimension)).Distinct().Order(StringComparer.Ordinal);
                Same($"{name}, {scope}, values of {dimension}", expected, await reports.ValuesAsync(dimension, window, scope, CancellationToken.None));
            }
        }
    }

    public static TheoryData<string, string, string> WeekWindows => new()
    {
        { "exactly one ISO week (Monday to Monday)", "2026-05-04", "2026-05-11" },
        { "whole weeks only", "2026-04-06", "2026-06-01" },
        { "edge days at both ends around whole weeks", "2026-04-15", "2026-05-29" },
        { "starts on a Monday, ends mid-week", "2026-05-04", "2026-05-20" },
        { "starts mid-week, ends on a Monday", "2026-05-06", "2026-06-01" },
        { "six days, no whole week", "2026-05-05", "2026-05-11" },
        { "all data, partial weeks at both edges", "2026-03-28", "2026-06-11" },
        { "one day", "2026-05-02", "2026-05-03" },
        { "empty window", "2026-05-02", "2026-05-02" },
    };

    /// <summary>
    /// The usage cells (the change decomposition's and unit economics' input) read whole weeks from weekly_usage and
    /// edge days from the facts; every split of every window must equal the same cells summed from the facts.
    /// </summary>
    [Theory]
    [MemberData(nameof(WeekWindows))]
    public async Task UsageCells_EqualTheSameCellsOverTheFacts(string name, string from, string to)
    {
        var window = new DateWindow(Day(from), Day(to));
        var reports = new SpendReports(data.Db.Factory());
        var team1 = data.Teams[0];
        SpendFilter[] filters =
        [
            new(window),
            new(window) { Teams = [team1] },
            new(window) { Models = [data.TopModel], PricingModes = ["on-demand", "batch"] },
            new(window) { Accounts = [AccountA], Features = data.Features },
        ];
        AccessScope[] scopes = [AccessScope.Everything, AccessScope.ForTeams([team1, data.Teams[1]]), AccessScope.ForTeams([])];
        SpendDimension[] dimensions = [SpendDimension.Model, SpendDimension.Team, SpendDimension.Feature, SpendDimension.PricingMode, SpendDimension.Account];

        foreach (var scope in scopes)
        {
            foreach (var filter in filters)
            {
                var facts = Matching(data.Facts, filter, scope).ToList();
                var actual = await reports.CellsByEachAsync(dimensions, filter, scope, CancellationToken.None);
                foreach (var dimension in dimensions)
                {
                    var expected = facts
                        .GroupBy(f => (Key: Key(f, dimension), f.Model, f.PricingMode, f.TokenDirection, f.CacheTtl, f.CrossRegion, f.Unit))
                        .Select(g => Cell(new KeyedCostCell(g.Key.Key, g.Key.Model, g.Key.PricingMode, g.Key.TokenDirection, g.Key.CacheTtl, g.Key.CrossRegion, g.Key.Unit,
                            g.Sum(f => f.Quantity), g.Sum(f => f.UnblendedCost))))
                        .Order(StringComparer.Ordinal);
                    Same($"{name} {window}, {scope}, filter {Describe(filter)}, cells by {dimension}", expected, actual[dimension].Select(Cell).Order(StringComparer.Ordinal));
                }
            }
        }
    }

    /// <summary>A cell as text with its amounts normalised (trailing zeros differ between sums in memory and in SQLite).</summary>
    private static string Cell(KeyedCostCell c) =>
        $"{c.Key}|{c.Model}|{c.PricingMode}|{c.Direction}|{c.CacheTtl ?? "(none)"}|{c.CrossRegion}|{c.Unit}|{c.Quantity / 1.000000000000000000000000000000000m}|{c.Cost / 1.000000000000000000000000000000000m}";

    [Fact]
    public async Task TheDataset_SpansSeveralMonths_TwoSources_AndSeveralTeams()
    {
        var reports = new SpendReports(data.Db.Factory());

        Assert.Equal(["cur", "demo"], data.Facts.Select(f => f.Source).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(4, data.Facts.Select(f => f.Date.Month).Distinct().Count());
        Assert.True(data.Teams.Count >= 2);
        var expectedTeams = data.Facts.Select(f => f.Team).Where(t => t != Attribution.Unattributed).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(expectedTeams, await reports.AllTeamsAsync(CancellationToken.None));
        await SpendRollupTests.AssertRollupMatchesFactsAsync(data.Db);
    }

    private static IEnumerable<CostFact> Matching(IEnumerable<CostFact> facts, SpendFilter filter, AccessScope scope)
    {
        var teams = scope.Restrict(filter.Teams);
        return facts.Where(f => filter.Window.Contains(f.Date)
            && (filter.Accounts is null || filter.Accounts.Contains(f.AccountId))
            && (filter.Models is null || filter.Models.Contains(f.Model))
            && (teams is null || teams.Contains(f.Team))
            && (filter.Features is null || filter.Features.Contains(f.Feature))
            && (filter.PricingModes is null || filter.PricingModes.Contains(f.PricingMode)));
    }

    private static string Key(CostFact fact, SpendDimension dimension) => dimension switch
    {
        SpendDimension.Model => fact.Model,
        SpendDimension.Team => fact.Team,
        SpendDimension.Feature => fact.Feature,
        SpendDimension.PricingMode => fact.PricingMode,
        _ => fact.AccountId,
    };

    /// <summary>Equal row by row (amounts compared as numbers: a sum in memory keeps trailing zeros SQLite's does not).</summary>
    private static void Same<T>(string label, IEnumerable<T> expected, IEnumerable<T> actual)
    {
        var (e, a) = (expected.ToList(), actual.ToList());
        Assert.True(e.SequenceEqual(a), $"{label}\nexpected:\n{string.Join('\n', e)}\nactual:\n{string.Join('\n', a)}");
    }

    private static string Describe(SpendFilter filter) => string.Join("; ", AllDimensions
        .Where(d => filter.ValuesFor(d) is not null)
        .Select(d => $"{d}={string.Join(',', filter.ValuesFor(d)!)}")
        .DefaultIfEmpty("none"));

    private static DateOnly Day(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// A CUR import (May 2026, two accounts, and a June line) and 75 days of the demo through Cost Explorer ingestion
    /// (2026-03-28 to 2026-06-10), both written by the production paths that maintain the rollups.
    /// </summary>
    public sealed class Dataset : IAsyncLifetime
    {
        private ImportHarness? _harness;

        public TestDatabase Db => _harness!.Db;
        public List<CostFact> Facts { get; private set; } = [];
        public List<string> Teams { get; private set; } = [];
        public string TopModel { get; private set; } = "";
        public List<string> Features { get; private set; } = [];

        public async Task InitializeAsync()
        {
            _harness = await ImportHarness.CreateAsync();
            await _harness.ImportAsync(_harness.Write("cur/2026-05.csv", Cur(MixedMonth())));
            await _harness.ImportAsync(_harness.Write("cur/2026-06.csv", Cur([new Charge(AccountB, Jun1, "USE1-NovaPro-input-tokens", 100m, "1K tokens", 0.08m) { Team = "search" }])));

            var anchor = new DateOnly(2026, 6, 10);
            var clock = new FixedClock(new DateTimeOffset(2026, 6, 11, 8, 0, 0, TimeSpan.Zero));
            var workload = new DemoWorkload(new DemoWorkloadOptions { Seed = 42, AnchorDay = anchor, HistoryDays = 75 }, clock);
            var source = new IngestionSource("demo", DemoWorkload.AccountId, true, workload, workload, [new RegionalApis("us-east-1", workload, workload, workload)]);
            var service = new CostIngestionService(Db.Factory(), Options.Create(new IngestionOptions()), new AttributionRuleStore(Db.Factory(), AttributionKeys.Default, clock), clock);
            await service.IngestAsync(source, new DateWindow(anchor.AddDays(-74), anchor.AddDays(1)), 1, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None);

            await using var context = Db.Context();
            Facts = await context.CostFacts.AsNoTracking().ToListAsync();
            Teams = Facts.Where(f => f.Team != Attribution.Unattributed).GroupBy(f => f.Team).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.Key).Take(2).ToList();
            TopModel = Facts.GroupBy(f => f.Model).OrderByDescending(g => g.Sum(f => f.UnblendedCost)).First().Key;
            Features = Facts.Where(f => f.AccountId == AccountA).Select(f => f.Feature).Distinct().Order(StringComparer.Ordinal).Take(2).ToList();
        }

        public async Task DisposeAsync()
        {
            if (_harness is not null)
            {
                await _harness.DisposeAsync();
            }
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
