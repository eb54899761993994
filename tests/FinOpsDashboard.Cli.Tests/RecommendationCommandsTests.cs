using System.Text.Json;
using FinOpsDashboard.Domain.Recommendations;
using FinOpsDashboard.Infrastructure.Security;
using FinOpsDashboard.Infrastructure.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace FinOpsDashboard.Cli.Tests;

public sealed class RecommendationCommandsTests
{
    [Fact]
    public async Task Recommendations_AsJson_CarryTheDocumentedFields_AndScopeToAUser()
    {
        await using var db = new TestDatabase();
        var (seedExit, seedOut, _) = await RunAsync(db, "demo", "--days", "65");
        Assert.Equal(0, seedExit);
        Assert.Contains("Analytics refreshed:", seedOut);
        Assert.Contains("recommendations (", seedOut);

        var (exit, json, _) = await RunAsync(db, "recommendations", "--format", "json");
        Assert.Equal(0, exit);
        var items = JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(items);
        foreach (var item in items)
        {
            Assert.True(item.GetProperty("id").GetInt64() > 0);
            Assert.Contains(item.GetProperty("lever").GetString(), Levers.All);
            var scope = item.GetProperty("scope");
            foreach (var key in new[] { "model", "team", "feature" })
            {
                Assert.True(scope.GetProperty(key).ValueKind is JsonValueKind.String or JsonValueKind.Null, key);
            }

            Assert.True(item.GetProperty("monthlySavingsUsd").GetDecimal() >= 0);
            Assert.Contains(item.GetProperty("confidence").GetString(), new[] { "high", "medium", "low" });
            Assert.Equal("open", item.GetProperty("status").GetString());
            Assert.False(string.IsNullOrWhiteSpace(item.GetProperty("evidence").GetString()));
        }

        // Ranked by $ / month, and the premium-model scenario is there with its scope.
        var savings = items.Select(i => i.GetProperty("monthlySavingsUsd").GetDecimal()).ToList();
        Assert.Equal(savings.OrderByDescending(s => s), savings);
        var rightSize = Assert.Single(items, i => i.GetProperty("lever").GetString() == "right-size");
        Assert.Equal(("Claude Opus 4.8", "support", "support-triage"),
            (rightSize.GetProperty("scope").GetProperty("model").GetString(), rightSize.GetProperty("scope").GetProperty("team").GetString(), rightSize.GetProperty("scope").GetProperty("feature").GetString()));

        var (_, accepted, _) = await RunAsync(db, "recommendations", "--status", "accepted", "--format", "json");
        Assert.Equal("[]", accepted.Trim());

        // A manager of "growth" sees only growth's items (none of the planted ones are growth's).
        using (var host = CliHost.Build(new Dictionary<string, string?> { ["Database:Path"] = db.Path }))
        {
            await host.Services.GetRequiredService<UserDirectory>().CreateAsync(
                new UserDraft("gm", "Growth manager", Domain.Security.Roles.EngineeringManager, ["growth"], false), "a-long-enough-password", "test", CancellationToken.None);
        }

        var (_, scoped, _) = await RunAsync(db, "recommendations", "--user", "gm", "--format", "json");
        Assert.All(JsonDocument.Parse(scoped).RootElement.EnumerateArray(), i => Assert.Equal("growth", i.GetProperty("scope").GetProperty("team").GetString()));

        var (ptExit, pt, _) = await RunAsync(db, "pt", "--format", "json");
        Assert.Equal(0, ptExit);
        var reservation = Assert.Single(JsonDocument.Parse(pt).RootElement.EnumerateArray().ToList());
        Assert.InRange(reservation.GetProperty("utilization").GetDecimal(), 0.2m, 0.4m);
        Assert.True(reservation.GetProperty("effectiveCostPerMillionTokensUsd").GetDecimal() > 0);
    }

    [Theory]
    [InlineData("unknown status", new[] { "recommendations", "--status", "maybe" }, "--status must be one of")]
    [InlineData("unknown lever", new[] { "recommendations", "--lever", "magic" }, "--lever must be one of")]
    [InlineData("bad format", new[] { "pt", "--format", "xml" }, "--format must be json or text")]
    public async Task WrongWords_ExitWithCode2(string name, string[] args, string message)
    {
        _ = name;
        await using var db = new TestDatabase();
        var (exit, stdout, stderr) = await RunAsync(db, args);
        Assert.Equal(2, exit);
        Assert.Contains(message, stdout + stderr);
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
