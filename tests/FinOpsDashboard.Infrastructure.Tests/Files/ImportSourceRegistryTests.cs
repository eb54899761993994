using FinOpsDashboard.Infrastructure.Files;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Tests.Files;

public sealed class ImportSourceRegistryTests
{
    [Theory]
    [InlineData("empty", "", "Enter a folder, a file or an s3:// URL.")]
    [InlineData("relative path", "exports/cur", "Use an absolute path")]
    [InlineData("missing folder", "/nonexistent/finops/exports", "does not exist on the dashboard's machine")]
    [InlineData("bad bucket", "s3://My_Bucket/cur/", "is not a valid S3 bucket name")]
    public void InvalidLocations_AreRefusedWithAReason(string name, string location, string reason)
    {
        _ = name;
        Assert.Contains(reason, ImportSourceRegistry.Validate(location));
    }

    [Theory]
    [InlineData("s3 bucket and prefix", "s3://finops-exports/cur/bedrock/")]
    [InlineData("s3 bucket only", "s3://finops-exports")]
    [InlineData("existing folder", "/tmp")]
    public void ValidLocations_AreAccepted(string name, string location)
    {
        _ = name;
        Assert.Null(ImportSourceRegistry.Validate(location));
    }

    [Fact]
    public async Task AddedSources_PersistBesideConfiguredOnes_AndOnlyAddedOnesCanBeRemoved()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var options = Options.Create(new ImportOptions { Sources = ["s3://configured-bucket/cur/"] });
        var registry = new ImportSourceRegistry(db.Factory(), options, TimeProvider.System);

        Assert.Null(await registry.AddAsync("s3://admin-bucket/logs/", CancellationToken.None));
        Assert.Contains("already a source", await registry.AddAsync("s3://admin-bucket/logs/", CancellationToken.None));
        Assert.Contains("already a source", await registry.AddAsync("s3://configured-bucket/cur/", CancellationToken.None));
        var all = await new ImportSourceRegistry(db.Factory(), options, TimeProvider.System).AllAsync(CancellationToken.None);

        Assert.Equal([new ImportSourceEntry("s3://configured-bucket/cur/", true), new ImportSourceEntry("s3://admin-bucket/logs/", false)], all);
        await registry.RemoveAsync("s3://admin-bucket/logs/", CancellationToken.None);
        await registry.RemoveAsync("s3://configured-bucket/cur/", CancellationToken.None);
        Assert.Equal([new ImportSourceEntry("s3://configured-bucket/cur/", true)], await registry.AllAsync(CancellationToken.None));
    }
}
