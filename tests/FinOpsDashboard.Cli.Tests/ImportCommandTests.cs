using FinOpsDashboard.Infrastructure.Tests;
using FinOpsDashboard.Infrastructure.Tests.Files;
using Microsoft.Extensions.DependencyInjection;

namespace FinOpsDashboard.Cli.Tests;

public sealed class ImportCommandTests
{
    [Fact]
    public async Task ImportingAFolderTwice_KeepsGoodRows_ReportsTheBadLine_AndSkipsTheUnchangedFile()
    {
        await using var db = new TestDatabase();
        var folder = Directory.CreateTempSubdirectory("finops-import-").FullName;
        var csv = Fixtures.Cur(Fixtures.MixedMonth()).TrimEnd('\n', '\r');
        var badLine = csv.Split('\n').Length + 1;
        await File.WriteAllTextAsync(Path.Combine(folder, "cur.csv"), csv + "\nonly,three,columns\n");
        try
        {
            var (firstExit, first, _) = await RunAsync(db, "import", folder);
            var factsAfterFirst = await db.ScalarAsync("SELECT count(*) FROM cost_facts");
            var (secondExit, second, _) = await RunAsync(db, "import", folder);

            Assert.Equal(0, firstExit);
            Assert.Contains("1 imported", first);
            Assert.Contains("1 rejected", first);
            Assert.Contains($"cur.csv:{badLine}", first);
            Assert.True(factsAfterFirst > 0);
            Assert.Equal(0, secondExit);
            Assert.Contains("1 skipped (unchanged)", second);
            Assert.Equal(factsAfterFirst, await db.ScalarAsync("SELECT count(*) FROM cost_facts"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ImportingAMissingPath_FailsWithAClearMessage()
    {
        await using var db = new TestDatabase();

        var (exit, _, stderr) = await RunAsync(db, "import", "/nonexistent/finops/exports");

        Assert.Equal(1, exit);
        Assert.Contains("/nonexistent/finops/exports", stderr);
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
