using Amazon.Runtime;
using Amazon.S3;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.Files;
using Microsoft.Extensions.Configuration;
using static FinOpsDashboard.Infrastructure.Tests.Files.Fixtures;

namespace FinOpsDashboard.Infrastructure.Tests.Files;

public sealed class S3ImportTests
{
    [Fact]
    public async Task AnS3Prefix_IsListedAcrossPages_ImportedByETag_AndSkippedWhenUnchanged()
    {
        await using var s3 = new FakeS3Server();
        await using var h = await ImportHarness.CreateAsync(s3: new LocalS3(s3.Url));
        s3.Put("billing", "cur/my-export/data/BILLING_PERIOD=2026-05/my-export-00001.csv.gz", Gzip(Cur(MixedMonth().Take(7))));
        s3.Put("billing", "cur/my-export/data/BILLING_PERIOD=2026-05/my-export-00002.csv.gz", Gzip(Cur(MixedMonth().Skip(7))));
        s3.Put("billing", "cur/my-export/metadata/BILLING_PERIOD=2026-05/my-export-Manifest.json", System.Text.Encoding.UTF8.GetBytes("""
            {"billingPeriod":"2026-05","dataFiles":[
              "s3://billing/cur/my-export/data/BILLING_PERIOD=2026-05/my-export-00001.csv.gz",
              "s3://billing/cur/my-export/data/BILLING_PERIOD=2026-05/my-export-00002.csv.gz"]}
            """));
        s3.Put("billing", $"cur/AWSLogs/{AccountA}/BedrockModelInvocationLogs/us-east-1/2026/05/01/10/a.json.gz",
            Gzip(LogRecord("2026-05-01T10:00:00Z", "amazon.nova-pro-v1:0", 10, 1) + "\n"));
        s3.Put("billing", "cur-other/ignored.csv", System.Text.Encoding.UTF8.GetBytes("not,under,the,prefix\n"));

        var first = await h.ImportAsync("s3://billing/cur");

        Assert.Equal((4, 0, 0), (first.FilesImported, first.FilesFailed, first.FilesRejected));
        Assert.Equal(11, (await h.FactsAsync()).Count);
        Assert.Single(await h.LogHoursAsync());
        var files = await h.FilesAsync();
        Assert.All(files, f => Assert.Equal("s3", f.SourceKind));
        Assert.All(files, f => Assert.StartsWith("etag:", f.ContentHash, StringComparison.Ordinal));
        Assert.Contains(files, f => f.Location == "s3://billing/cur/my-export/data/BILLING_PERIOD=2026-05/my-export-00001.csv.gz");
        Assert.True(s3.AllSigned, "every request is SigV4-signed");
        Assert.True(s3.Requests.Count(r => r.Contains("list-type=2", StringComparison.Ordinal)) >= 3, "the listing is paged");

        var requestsBefore = s3.Requests.Count;
        var second = await h.ImportAsync("s3://billing/cur/");
        Assert.Equal((0, 4), (second.FilesImported, second.FilesSkipped));
        Assert.DoesNotContain(s3.Requests.Skip(requestsBefore), r => r.StartsWith("GET /billing/cur/my-export/data", StringComparison.Ordinal));

        // A restated part: new ETag, the whole period is read again and replaced.
        s3.Put("billing", "cur/my-export/data/BILLING_PERIOD=2026-05/my-export-00002.csv.gz", Gzip(Cur(MixedMonth().Skip(7).Where(c => c.Account == AccountA))));
        var third = await h.ImportAsync("s3://billing/cur");
        Assert.Equal(3, third.FilesImported);
        Assert.DoesNotContain(await h.FactsAsync(), f => f.AccountId == AccountB);
        Assert.Contains(await h.FilesAsync(), f => f.Status == ImportStatus.Superseded);
    }

    [Fact]
    public async Task AnUnreachableBucket_IsReportedAsASourceError()
    {
        await using var s3 = new FakeS3Server();
        await using var h = await ImportHarness.CreateAsync(s3: new LocalS3("http://127.0.0.1:9/"));

        await Assert.ThrowsAsync<ImportSourceException>(() => h.ImportAsync("s3://billing/cur"));
    }

    [Fact]
    public void TheEndpointOverride_UsesPathStyleAddressing()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aws:Region"] = "eu-west-1",
            ["Aws:Endpoints:S3"] = "http://127.0.0.1:9000",
        }).Build();

        var config = new S3ClientFactory(configuration).Config();

        Assert.Equal(("http://127.0.0.1:9000/", true, "eu-west-1"), (config.ServiceURL, config.ForcePathStyle, config.AuthenticationRegion));
        Assert.False(new S3ClientFactory(new ConfigurationBuilder().Build()).Config().ForcePathStyle);
    }

    /// <summary>The fake server needs no real credentials; the signature is still computed and sent.</summary>
    private sealed class LocalS3(string url) : IS3ClientFactory
    {
        public IAmazonS3 Create() => new AmazonS3Client(
            new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            new AmazonS3Config { ServiceURL = url, ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0, Timeout = TimeSpan.FromSeconds(5) });
    }
}
