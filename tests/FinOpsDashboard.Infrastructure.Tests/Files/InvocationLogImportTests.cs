using System.Text;
using System.Text.Json;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.Files;
using Microsoft.Data.Sqlite;
using static FinOpsDashboard.Infrastructure.Tests.Files.Fixtures;

namespace FinOpsDashboard.Infrastructure.Tests.Files;

public sealed class InvocationLogImportTests
{
    private const string Prompt = "PROMPT-7f3a: summarise the quarterly revenue of ACME Corp for the board";
    private const string Completion = "COMPLETION-91bc: ACME revenue grew eleven percent";
    private const string ProfileArn = "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5";

    private static readonly Dictionary<string, string> Search = new() { ["team"] = "search", ["feature"] = "semantic-search", ["tenant"] = "t-1" };
    private static readonly Dictionary<string, string> Support = new() { ["feature"] = "agent-assist", ["team"] = "support" };

    private static string S3Key(string region = "us-east-1") =>
        $"logs/AWSLogs/{AccountA}/BedrockModelInvocationLogs/{region}/2026/05/01/10/20260501T101500Z_3f2a.json.gz";

    private static string DeliveredFile() => string.Join('\n',
    [
        LogRecord("2026-05-01T10:01:00Z", "us.anthropic.claude-sonnet-4-6", 1200, 300, cacheRead: 5000, cacheWrite: 800, metadata: Search, prompt: Prompt, completion: Completion),
        LogRecord("2026-05-01T10:35:10Z", "us.anthropic.claude-sonnet-4-6", 800, 200, cacheRead: 5000, metadata: Search, prompt: Prompt, completion: Completion),
        LogRecord("2026-05-01T10:59:59Z", "amazon.nova-pro-v1:0", 400, 100, metadata: Support, prompt: Prompt, completion: Completion),
        LogRecord("2026-05-01T11:00:00Z", ProfileArn, 50, 10, prompt: Prompt, completion: Completion, operation: "InvokeModel"),

        // No account or region in the record: the S3 key says them.
        LogRecord("2026-05-01T11:20:00Z", "amazon.nova-pro-v1:0", 10, 5, metadata: Support, accountId: null, region: null, prompt: Prompt),
    ]) + "\n";

    [Fact]
    public async Task S3Delivery_IsSummedPerHourModelTeamFeatureAndCaller()
    {
        await using var h = await ImportHarness.CreateAsync();

        var summary = await h.ImportAsync(h.Write(S3Key(), Gzip(DeliveredFile())));

        Assert.Equal((1, 5L, 5L, 0L), (summary.FilesImported, summary.RowsRead, summary.RowsKept, summary.RowsRejected));
        var hours = await h.LogHoursAsync();
        Assert.Equal(4, hours.Count);

        var claude = Assert.Single(hours, x => x.ModelId == "us.anthropic.claude-sonnet-4-6");
        Assert.Equal((new DateTime(2026, 5, 1, 10, 0, 0), "Claude Sonnet 4.6", "search", "semantic-search"), (claude.HourStart, claude.Model, claude.Team, claude.Feature));
        Assert.Equal((2L, 2000L, 500L, 10_000L, 800L), (claude.RequestCount, claude.InputTokens, claude.OutputTokens, claude.CacheReadInputTokens, claude.CacheWriteInputTokens));
        Assert.Equal((AccountA, "us-east-1", "Converse", "arn:aws:sts::111122223333:assumed-role/app/session"), (claude.AccountId, claude.Region, claude.Operation, claude.Caller));

        // An application-profile ARN names no model: it stays as logged, for the profile map to resolve.
        var profile = Assert.Single(hours, x => x.ModelId == ProfileArn);
        Assert.Equal((ProfileArn, Attribution.Unattributed, Attribution.Unattributed), (profile.Model, profile.Team, profile.Feature));

        var novaHours = hours.Where(x => x.Model == "Nova Pro").OrderBy(x => x.HourStart).ToList();
        Assert.Equal(2, novaHours.Count);
        Assert.Equal(("support", "agent-assist"), (novaHours[0].Team, novaHours[0].Feature));
        Assert.Equal((AccountA, "us-east-1"), (novaHours[1].AccountId, novaHours[1].Region));

        var file = Assert.Single(await h.FilesAsync());
        Assert.Equal(("invocation-logs", ImportStatus.Imported), (file.Format, file.Status));
    }

    [Fact]
    public async Task NoPromptOrCompletionText_ReachesTheDatabaseOrTheLog()
    {
        await using var h = await ImportHarness.CreateAsync();
        var wrapped = JsonSerializer.Serialize(new { timestamp = 1_777_629_600_000L, message = LogRecord("2026-05-01T12:00:00Z", "amazon.nova-pro-v1:0", 1, 1, prompt: Prompt, completion: Completion) });
        var broken = LogRecord("2026-05-01T12:00:00Z", "amazon.nova-pro-v1:0", 1, 1, prompt: Prompt, completion: Completion)[..^40];
        var badCount = LogRecord("2026-05-01T12:00:00Z", "amazon.nova-pro-v1:0", 1, 1, prompt: Prompt).Replace("\"inputTokenCount\":1", "\"inputTokenCount\":\"" + Prompt + "\"", StringComparison.Ordinal);
        h.Write(S3Key(), Gzip(DeliveredFile() + wrapped + "\n" + broken + "\n" + badCount + "\n"));

        var summary = await h.ImportAsync(h.Folder);

        Assert.Equal(6, summary.RowsKept);
        Assert.Equal(2, summary.RowsRejected);
        var rejections = await h.RejectionsAsync();
        Assert.All(rejections, r => Assert.Null(r.RawLine));
        Assert.Contains(rejections, r => r.Column == "input.inputTokenCount" && r.LineNumber == 8);
        Assert.Contains(rejections, r => r.Column is null && r.LineNumber == 7);

        SqliteConnection.ClearAllPools();
        var dbFolder = Path.GetDirectoryName(h.Db.Path)!;
        foreach (var file in Directory.GetFiles(dbFolder))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            foreach (var secret in new[] { "PROMPT-7f3a", "COMPLETION-91bc", "quarterly revenue", "ACME" })
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"'{secret}' was found in {Path.GetFileName(file)}");
                Assert.True(bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(secret)) < 0, $"'{secret}' (UTF-16) was found in {Path.GetFileName(file)}");
            }
        }

        Assert.DoesNotContain(h.Logger.Messages, m => m.Contains("PROMPT-7f3a", StringComparison.Ordinal) || m.Contains("COMPLETION-91bc", StringComparison.Ordinal));
        Assert.DoesNotContain(summary.FirstRejections, r => r.Reason.Contains("PROMPT", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CloudWatchLogsShapes_ExportLines_MessageWrappers_AndSubscriptionBatches()
    {
        await using var h = await ImportHarness.CreateAsync();
        var record = LogRecord("2026-05-01T10:01:00Z", "amazon.nova-pro-v1:0", 100, 10, metadata: Support, prompt: Prompt);
        var export = "2026-05-01T10:01:00.123Z " + record;
        var wrapper = JsonSerializer.Serialize(new { timestamp = 1_777_629_660_000L, message = record });
        var batch = JsonSerializer.Serialize(new
        {
            messageType = "DATA_MESSAGE",
            owner = AccountA,
            logGroup = "/aws/bedrock/modelinvocations",
            logStream = "aws/bedrock/modelinvocations",
            logEvents = new[] { new { id = "1", timestamp = 1_777_629_660_000L, message = record }, new { id = "2", timestamp = 1_777_629_660_000L, message = record } },
        });

        // CloudWatch Logs' CreateExportTask writes "000000.gz"; Firehose concatenates JSON values without newlines.
        await h.ImportAsync(h.Write("exportedlogs/task-1/stream/000000.gz", Gzip(export + "\n" + export + "\n")));
        await h.ImportAsync(h.Write("events.json", wrapper + "\n"));
        await h.ImportAsync(h.Write("firehose/batch.json", batch + batch));

        var hours = await h.LogHoursAsync();
        Assert.Equal(2 + 1 + 4, hours.Sum(x => x.RequestCount));
        Assert.Equal(700, hours.Sum(x => x.InputTokens));
        Assert.All(hours, x => Assert.Equal(("Nova Pro", "support"), (x.Model, x.Team)));
        Assert.Equal(3, (await h.FilesAsync()).Count(f => f.Status == ImportStatus.Imported));
    }

    [Fact]
    public async Task MetadataKeys_AreConfigurable_FirstConfiguredKeyWins()
    {
        await using var h = await ImportHarness.CreateAsync(new ImportOptions { TeamMetadataKeys = ["cost_center", "team"], FeatureMetadataKeys = ["use_case"] });
        var metadata = new Dictionary<string, string> { ["team"] = "search", ["cost_center"] = "cc-7", ["use_case"] = "rag" };

        await h.ImportAsync(h.Write("log.json", LogRecord("2026-05-01T10:00:00Z", "amazon.nova-pro-v1:0", 1, 1, metadata: metadata)));

        var hour = Assert.Single(await h.LogHoursAsync());
        Assert.Equal(("cc-7", "rag"), (hour.Team, hour.Feature));
    }

    [Fact]
    public async Task AChangedLogObject_ReplacesExactlyItsOwnShare()
    {
        await using var h = await ImportHarness.CreateAsync();
        var a = h.Write("logs/a.json", LogRecord("2026-05-01T10:00:00Z", "amazon.nova-pro-v1:0", 100, 10, metadata: Support) + "\n");
        h.Write("logs/b.json", LogRecord("2026-05-01T10:10:00Z", "amazon.nova-pro-v1:0", 1000, 100, metadata: Support) + "\n");
        await h.ImportAsync(h.Folder);

        h.Write("logs/a.json", LogRecord("2026-05-01T10:00:00Z", "amazon.nova-pro-v1:0", 200, 20, metadata: Support) + "\n");
        var summary = await h.ImportAsync(h.Folder);

        Assert.Equal((1, 1), (summary.FilesImported, summary.FilesSkipped));
        var hours = await h.LogHoursAsync();
        Assert.Equal((1200L, 2L), (hours.Sum(x => x.InputTokens), hours.Sum(x => x.RequestCount)));
        Assert.Equal(ImportStatus.Superseded, (await h.FilesAsync()).First(f => f.Location == a).Status);
    }

    [Fact]
    public async Task AJsonFileThatIsNotALog_IsRejectedWhole()
    {
        await using var h = await ImportHarness.CreateAsync();

        var summary = await h.ImportAsync(h.Write("package.json", "{\"name\":\"x\",\"version\":\"1.0.0\"}\n"));

        Assert.Equal(1, summary.FilesRejected);
        Assert.Contains("not a Bedrock model invocation log", Assert.Single(await h.FilesAsync()).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALogGzipMissingOnlyItsTrailer_WritesNothingEither()
    {
        await using var h = await ImportHarness.CreateAsync();
        var gz = Gzip(DeliveredFile());

        var summary = await h.ImportAsync(h.Write(S3Key(), gz[..^4]));

        Assert.Equal((0, 1), (summary.FilesImported, summary.FilesFailed));
        Assert.Empty(await h.LogHoursAsync());
        Assert.Empty(await h.RejectionsAsync());
    }

    [Fact]
    public async Task ATruncatedLogGzip_WritesNothing()
    {
        await using var h = await ImportHarness.CreateAsync();
        var gz = Gzip(DeliveredFile());

        var summary = await h.ImportAsync(h.Write(S3Key(), gz[..(gz.Length / 2)]));

        Assert.Equal(1, summary.FilesFailed);
        Assert.Empty(await h.LogHoursAsync());
    }
}
