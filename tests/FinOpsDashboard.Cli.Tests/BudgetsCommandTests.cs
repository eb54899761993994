using System.Text.Json;
using FinOpsDashboard.Domain.Budgets;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.Security;
using FinOpsDashboard.Infrastructure.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Cli.Tests;

public sealed class BudgetsCommandTests
{
    [Fact]
    public async Task BudgetsJson_PrintsEachVisibleBudget_WithItsEvaluationThresholdsAndSyncState()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        await SeedAsync(db, yesterday);
        await new UserDirectory(db.Factory(), Options.Create(new AuthOptions()), TimeProvider.System).EnsureDemoUsersAsync(CancellationToken.None);
        await db.ExecuteAsync("""
            INSERT INTO budgets (Name, ScopeKind, ScopeValue, Period, Amount, CreatedAt, CreatedBy, UpdatedAt, UpdatedBy, SyncToAws, AwsSyncState)
            VALUES ('Support monthly', 'team', 'support', 'monthly', 2500000000000, '2026-11-01 00:00:00', 'alice', '2026-11-01 00:00:00', 'alice', 1, 'pending'),
                   ('Everything', 'total', NULL, 'quarterly', 90000000000000, '2026-11-01 00:00:00', 'alice', '2026-11-01 00:00:00', 'alice', 0, 'off');
            INSERT INTO budget_thresholds (BudgetId, Percent, Basis) VALUES (1, 80, 'actual'), (1, 100, 'forecast'), (2, 50, 'actual');
            """);

        var (analyzeExit, _, analyzeErr) = await RunAsync(db, "analyze");
        var (exit, stdout, stderr) = await RunAsync(db, "budgets", "--format", "json");
        var (managerExit, managerOut, _) = await RunAsync(db, "budgets", "--format", "json", "--user", UserDirectory.DemoManager);

        Assert.True((0, 0, 0) == (analyzeExit, exit, managerExit), analyzeErr + stderr);
        var budgets = JsonSerializer.Deserialize<List<JsonElement>>(stdout)!;
        Assert.Equal(["Everything", "Support monthly"], budgets.Select(b => b.GetProperty("name").GetString()));
        var support = budgets[1];
        // The same facts through the domain's evaluator: what the command must print.
        var expected = BudgetEvaluator.Evaluate(BudgetPeriodKinds.Monthly, 2500m, [new(80, "actual"), new(100, "forecast")],
            Series(yesterday).Where(p => p.Team == "support").Select(p => new DailyCost(p.Day, p.Cost)), yesterday);
        Assert.Equal(1, support.GetProperty("id").GetInt64());
        Assert.Equal("team", support.GetProperty("scope").GetProperty("kind").GetString());
        Assert.Equal("support", support.GetProperty("scope").GetProperty("value").GetString());
        Assert.Equal("monthly", support.GetProperty("period").GetString());
        Assert.Equal(2500m, support.GetProperty("amountUsd").GetDecimal());
        Assert.Equal(expected.Actual, support.GetProperty("actualUsd").GetDecimal());
        Assert.Equal(decimal.Round(expected.ProjectedTotal, 9), support.GetProperty("forecastUsd").GetDecimal());
        Assert.Equal(expected.ProjectedExceedDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            support.GetProperty("projectedExceedDate").GetString());
        var thresholds = support.GetProperty("thresholds").EnumerateArray().ToList();
        Assert.Equal([(80, "actual"), (100, "forecast")], thresholds.Select(t => (t.GetProperty("percent").GetInt32(), t.GetProperty("basis").GetString()!)));
        Assert.Equal(expected.Thresholds.Select(t => t.Crossed), thresholds.Select(t => t.GetProperty("crossed").GetBoolean()));
        // Demo mode, no endpoint: the sync waits and says why.
        var sync = support.GetProperty("sync");
        Assert.True(sync.GetProperty("enabled").GetBoolean());
        Assert.Equal("pending", sync.GetProperty("state").GetString());
        Assert.StartsWith("Demo mode", sync.GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, budgets[0].GetProperty("scope").GetProperty("value").ValueKind);

        // The demo manager (team support) sees the support budget only.
        var mine = JsonSerializer.Deserialize<List<JsonElement>>(managerOut)!;
        Assert.Equal(["Support monthly"], mine.Select(b => b.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task BudgetsText_SaysWhenNothingIsDefined_AndRefusesAnUnknownFormat()
    {
        await using var db = await TestDatabase.MigratedAsync();

        var (exit, stdout, _) = await RunAsync(db, "budgets");
        var (badExit, _, stderr) = await RunAsync(db, "budgets", "--format", "xml");

        Assert.Equal((0, "No budgets."), (exit, stdout.Trim()));
        Assert.Equal(2, badExit);
        Assert.Contains("--format must be text or json", stderr);
    }

    private static IEnumerable<(DateOnly Day, string Team, decimal Cost)> Series(DateOnly yesterday)
    {
        for (var day = yesterday.AddDays(-59); day <= yesterday; day = day.AddDays(1))
        {
            // Weekdays cost more than weekends, so the weekday factors matter.
            var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            yield return (day, "support", weekend ? 40.5m : 120.25m);
            yield return (day, "search", 300m);
        }
    }

    private static async Task SeedAsync(TestDatabase db, DateOnly yesterday)
    {
        await using var context = db.Context();
        foreach (var (day, team, cost) in Series(yesterday))
        {
            context.CostFacts.Add(new CostFact
            {
                Date = day,
                AccountId = "111122223333",
                Region = "us-east-1",
                Service = "Amazon Bedrock",
                UsageType = "USE1-NovaPro-input-tokens",
                Model = "Nova Pro",
                PricingMode = "on-demand",
                TokenDirection = "input",
                Team = team,
                Feature = "f",
                TeamTag = team,
                Quantity = 1000,
                Unit = "tokens",
                UnblendedCost = cost,
                AmortizedCost = cost,
                Source = "demo",
            });
        }

        await context.SaveChangesAsync();
        await db.DeriveSpendRollupAsync(); // straight to the table: build the rollup the reports read
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(TestDatabase db, params string[] args)
    {
        using var host = CliHost.Build(new Dictionary<string, string?> { ["Database:Path"] = db.Path });
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await host.Services.GetRequiredService<FinOpsCommands>().RunAsync(args, stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
