using System.Text.Json;
using FinOpsDashboard.Infrastructure.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace FinOpsDashboard.Cli.Tests;

/// <summary>`finops usage-type` over every example usage type in shared/domain/aws-apis.md.</summary>
public sealed class UsageTypeCommandTests
{
    public static TheoryData<string, string?, string, string, string, string, string?, string?> Examples => new()
    {
        // usage type, service, model, direction, pricing mode, cross-region, cache TTL, commitment
        { "USE1-NovaLite-input-tokens", null, "Nova Lite", "input", "on-demand", "none", null, null },
        { "USE1-NovaPro-output-tokens", null, "Nova Pro", "output", "on-demand", "none", null, null },
        { "USW2-Claude4.6Sonnet-input-tokens", null, "Claude Sonnet 4.6", "input", "on-demand", "none", null, null },
        { "USE1-Llama3-2-1B-output-tokens", null, "Llama 3.2 1B", "output", "on-demand", "none", null, null },
        { "USE1-NovaPro-cache-read-input-token-count", null, "Nova Pro", "cache-read", "on-demand", "none", null, null },
        { "USW2-Claude4.5Sonnet-cache-write-input-token-count", null, "Claude Sonnet 4.5", "cache-write", "on-demand", "none", "5m", null },
        { "USW2-Claude4.5Sonnet-cache-write-input-token-count-1-hour", null, "Claude Sonnet 4.5", "cache-write", "on-demand", "none", "1h", null },
        { "USE1-NovaMicro-input-tokens-batch", null, "Nova Micro", "input", "batch", "none", null, null },
        { "USE1-MistralSmall-output-tokens-batch", null, "Mistral Small", "output", "batch", "none", null, null },
        { "USE1-Claude4Sonnet-input-tokens-cross-region-global", null, "Claude Sonnet 4", "input", "on-demand", "global", null, null },
        { "USE1-Nova2.0Lite-input-tokens-cross-region-global-batch", null, "Nova 2 Lite", "input", "batch", "global", null, null },
        { "USE1-NovaPro-input-tokens-priority", null, "Nova Pro", "input", "priority", "none", null, null },
        { "USE1-NovaPro-output-tokens-flex", null, "Nova Pro", "output", "flex", "none", null, null },
        { "USE2-TitanEmbeddingV2-Text-input-tokens", null, "Titan Text Embeddings V2", "input", "on-demand", "none", null, null },
        { "USE1-Nova2.0Omni-output-image-token-count", null, "Nova 2 Omni", "image", "on-demand", "none", null, null },
        { "USE1-Nova2.0Omni-input-audio-token-count", null, "Nova 2 Omni", "audio", "on-demand", "none", null, null },
        { "USE1-Nova2.0Lite-ProvisionedThroughput-NoCommit-ModelUnits", null, "Nova 2 Lite", "model-units", "provisioned", "none", null, "none" },
        { "USE1-Nova2.0Lite-ProvisionedThroughput-1month-ModelUnits", null, "Nova 2 Lite", "model-units", "provisioned", "none", null, "1-month" },
        { "USE1-Nova2.0Lite-Customization-Training", null, "Nova 2 Lite", "training", "customization", "none", null, null },
        { "USE1-Nova2.0Lite-Customization-Storage", null, "Nova 2 Lite", "storage", "customization", "none", null, null },
        { "USE1-NovaLite-input-tokens-custom-model", null, "Nova Lite", "input", "custom-model", "none", null, null },
        { "USW2-anthropic.claude-opus-4-8-mantle-cache-write-tokens-standard", null, "Claude Opus 4.8", "cache-write", "on-demand", "none", "5m", null },
        { "USE1-xai.grok-4.3-mantle-cache-read-tokens-flex", null, "Grok 4.3", "cache-read", "flex", "none", null, null },
        { "USE1-MP:USE1_InputTokenCount-Units", "Claude 3 Haiku (Amazon Bedrock Edition)", "Claude 3 Haiku", "input", "on-demand", "none", null, null },
        { "USE1-MP:USE1_OutputTokenCount-Units", "Claude 3 Haiku (Amazon Bedrock Edition)", "Claude 3 Haiku", "output", "on-demand", "none", null, null },
        { "USE1-MP:USE1_CacheReadInputTokenCount-Units", "Claude Sonnet 4.6 (Amazon Bedrock Edition)", "Claude Sonnet 4.6", "cache-read", "on-demand", "none", null, null },
        { "USE1-MP:USE1_CacheWrite1hInputTokenCount-Units", "Claude Sonnet 4.6 (Amazon Bedrock Edition)", "Claude Sonnet 4.6", "cache-write", "on-demand", "none", "1h", null },
        { "USE1-MP:USE1_InputTokenCount_Global_Batch-Units", "Claude Sonnet 4.6 (Amazon Bedrock Edition)", "Claude Sonnet 4.6", "input", "batch", "global", null, null },
        { "USE1-MP:USE1_input_tokens_standard-Units", "Claude Haiku 4.5 (Amazon Bedrock Edition)", "Claude Haiku 4.5", "input", "on-demand", "none", null, null },
        { "USE1-MP:USE1_input_tokens_global_standard-Units", "Claude Haiku 4.5 (Amazon Bedrock Edition)", "Claude Haiku 4.5", "input", "on-demand", "global", null, null },
        { "APN1-MP:APN1_cache_write_tokens_1h_standard-Units", "Claude Sonnet 4.6 (Amazon Bedrock Edition)", "Claude Sonnet 4.6", "cache-write", "on-demand", "none", "1h", null },
        { "USE1-MP:USE1_input_tokens_long_ctx_global_standard-Units", "Claude Sonnet 4.6 (Amazon Bedrock Edition)", "Claude Sonnet 4.6", "input", "on-demand", "global", null, null },
        { "USE1-MP:USE1_ProvisionedThroughput_1MonthCommit_ModelUnits_Usage-Units", "Claude 3 Haiku (Amazon Bedrock Edition)", "Claude 3 Haiku", "model-units", "provisioned", "none", null, "1-month" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task ClassifiesEveryDocumentedExample(string usageType, string? service, string model, string direction, string mode, string crossRegion, string? ttl, string? commitment)
    {
        var json = await ClassifyAsync(usageType, service);

        Assert.Equal(usageType, json.GetProperty("usageType").GetString());
        Assert.Equal(model, json.GetProperty("model").GetString());
        Assert.Equal(direction, json.GetProperty("direction").GetString());
        Assert.Equal(mode, json.GetProperty("pricingMode").GetString());
        Assert.Equal(crossRegion, json.GetProperty("crossRegion").GetString());
        Assert.Equal(ttl, json.GetProperty("cacheTtl").GetString());
        Assert.Equal(commitment, json.GetProperty("commitment").GetString());
        Assert.True(json.GetProperty("classified").GetBoolean());
    }

    [Fact]
    public async Task PrintsExactlyTheNineContractFields_WithRegionNames()
    {
        var json = await ClassifyAsync("USW2-Claude4.6Sonnet-input-tokens", null);

        Assert.Equal(
            ["usageType", "model", "region", "direction", "pricingMode", "crossRegion", "cacheTtl", "commitment", "classified"],
            json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("us-west-2", json.GetProperty("region").GetString());
    }

    [Fact]
    public async Task AnUnknownShape_IsReportedUnclassified_NotAnError()
    {
        var json = await ClassifyAsync("USE1-SomethingNew-widgets", null);

        Assert.False(json.GetProperty("classified").GetBoolean());
        Assert.Equal("other", json.GetProperty("direction").GetString());
        Assert.Equal("us-east-1", json.GetProperty("region").GetString());
    }

    private static async Task<JsonElement> ClassifyAsync(string usageType, string? service)
    {
        await using var db = new TestDatabase();
        using var host = CliHost.Build(new Dictionary<string, string?> { ["Database:Path"] = db.Path });
        var stdout = new StringWriter();
        var args = service is null ? new[] { "usage-type", usageType } : ["usage-type", usageType, "--service", service];
        var exit = await host.Services.GetRequiredService<FinOpsCommands>().RunAsync(args, stdout, new StringWriter(), CancellationToken.None);
        Assert.Equal(0, exit);
        Assert.False(File.Exists(db.Path), "classifying must not create a database");
        return JsonDocument.Parse(stdout.ToString()).RootElement;
    }
}
