using System.Globalization;
using System.Text.Json;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Infrastructure.Security;
using FinOpsDashboard.Infrastructure.Tests;
using FinOpsDashboard.Infrastructure.Tests.Reporting;
using Microsoft.Extensions.DependencyInjection;

namespace FinOpsDashboard.Cli.Tests;

public sealed class AnomaliesCommandTests
{
    // Ten flat weeks to Sunday 2026-05-10 (search/chat $300 a day, support/triage $160) with chat tripled on Wednesday 05-06.
    private static readonly DateOnly Spike = new(2026, 5, 6);

    [Fact]
    public async Task AfterAnalyze_PrintsOurFlagsAndAwsFindings_AsTheDocumentedJson_AndAManagerSeesOnlyTheirTeam()
    {
        await using var db = await SeededAsync();
        var (analyzeExit, analyzeOut, _) = await RunAsync(db, "analyze");
        Assert.Equal(0, analyzeExit);
        Assert.Matches(@"anomalies \([0-9.]+ s\): 5 flag\(s\)", analyzeOut);

        var (exit, stdout, stderr) = await RunAsync(db, "anomalies", "--from", "2026-05-01", "--to", "2026-05-11", "--format", "json");

        Assert.True(exit == 0, stderr);
        var rows = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(
            ["aws total Amazon Bedrock", "ours feature chat", "ours model Claude Sonnet 4.6", "ours pricing-mode on-demand", "ours team search", "ours total all"],
            rows.Select(r => $"{r.GetProperty("source").GetString()} {r.GetProperty("dimension").GetString()} {r.GetProperty("key").GetString()}").Order(StringComparer.Ordinal));

        var chat = rows.Single(r => r.GetProperty("key").GetString() == "chat");
        Assert.Equal("2026-05-06", chat.GetProperty("date").GetString());
        Assert.Equal((900m, 300m, "high"), (chat.GetProperty("actualUsd").GetDecimal(), chat.GetProperty("expectedUsd").GetDecimal(), chat.GetProperty("severity").GetString()));
        var explanation = chat.GetProperty("explanation");
        Assert.Equal(
            (600m, 0m, 0m, 0m, 0m),
            (explanation.GetProperty("volumeUsd").GetDecimal(), explanation.GetProperty("unitPriceUsd").GetDecimal(), explanation.GetProperty("mixUsd").GetDecimal(),
                explanation.GetProperty("cacheUsd").GetDecimal(), explanation.GetProperty("modeUsd").GetDecimal()));
        Assert.Equal("aws-1", chat.GetProperty("awsAnomalyId").GetString());

        var aws = rows.Single(r => r.GetProperty("source").GetString() == "aws");
        Assert.Equal((1060m, 470m, JsonValueKind.Null), (aws.GetProperty("actualUsd").GetDecimal(), aws.GetProperty("expectedUsd").GetDecimal(), aws.GetProperty("explanation").ValueKind));

        var (managerExit, managerOut, _) = await RunAsync(db, "anomalies", "--from", "2026-05-01", "--to", "2026-05-11", "--user", "sam", "--format", "json");
        Assert.Equal(0, managerExit);
        var managerRows = JsonDocument.Parse(managerOut).RootElement.EnumerateArray()
            .Select(r => $"{r.GetProperty("dimension").GetString()} {r.GetProperty("key").GetString()}").Order(StringComparer.Ordinal);
        Assert.Equal(["feature chat", "team search"], managerRows);
    }

    [Fact]
    public async Task AnEmptyOrReversedWindow_IsAUsageErrorThatSaysToIsExclusive()
    {
        await using var db = await TestDatabase.MigratedAsync();

        var (exit, _, stderr) = await RunAsync(db, "anomalies", "--from", "2026-05-06", "--to", "2026-05-06");

        Assert.Equal(2, exit);
        Assert.Contains("--to is exclusive", stderr, StringComparison.Ordinal);
        Assert.Contains("--from 2026-05-06 --to 2026-05-07 lists one day", stderr, StringComparison.Ordinal);
    }

    private static async Task<TestDatabase> SeededAsync()
    {
        var db = await TestDatabase.MigratedAsync();
        await using (var context = db.Context())
        {
            for (var day = new DateOnly(2026, 3, 2); day <= new DateOnly(2026, 5, 10); day = day.AddDays(1))
            {
                var iso = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                context.CostFacts.Add(ReviewFacts.Tokens(iso, "Claude Sonnet 4.6", "search", "chat", day == Spike ? 300 : 100, 3m));
                context.CostFacts.Add(ReviewFacts.Tokens(iso, "Nova Pro", "support", "triage", 200, 0.8m));
            }

            context.AwsAnomalies.Add(new AwsAnomaly
            {
                AnomalyId = "aws-1", AccountId = "111122223333", MonitorArn = "arn:aws:ce::111122223333:anomalymonitor/m", StartDate = Spike, EndDate = Spike,
                DimensionValue = "Amazon Bedrock", TotalImpact = 590m, TotalActualSpend = 1060m, TotalExpectedSpend = 470m, Source = "cost-explorer",
                RootCausesJson = """[{"Service":"Amazon Bedrock","UsageType":"USE1-ClaudeSonnet4.6-input-tokens","Impact":{"Contribution":590}}]""",
            });
            await context.SaveChangesAsync();
        }

        await db.DeriveSpendRollupAsync(); // straight to the table: build the rollup the reports read, as ingestion does
        using var host = CliHost.Build(new Dictionary<string, string?> { ["Database:Path"] = db.Path });
        await host.Services.GetRequiredService<UserDirectory>()
            .CreateAsync(new UserDraft("sam", "Sam", Roles.EngineeringManager, ["search"]), "a-long-enough-password", "test", CancellationToken.None);
        return db;
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
