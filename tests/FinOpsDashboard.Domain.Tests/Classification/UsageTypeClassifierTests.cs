using FinOpsDashboard.Domain.Classification;

namespace FinOpsDashboard.Domain.Tests.Classification;

public class UsageTypeClassifierTests
{
    private const string K = "1K tokens";
    private const string M = "1M tokens";

    // Every usage type listed in docs/aws-apis.md ("How Bedrock spend appears in the bill"); "..." rows are completed with a real model.
    [Theory]
    // usage type                                                         model                 region        direction      pricing mode    cross     ttl   commitment unit
    [InlineData("USE1-NovaLite-input-tokens",                              "Nova Lite",          "us-east-1",  "input",       "on-demand",    "none",   null, null,      K)]
    [InlineData("USE1-NovaPro-output-tokens",                              "Nova Pro",           "us-east-1",  "output",      "on-demand",    "none",   null, null,      K)]
    [InlineData("USW2-Claude4.6Sonnet-input-tokens",                       "Claude Sonnet 4.6",  "us-west-2",  "input",       "on-demand",    "none",   null, null,      K)]
    [InlineData("USE1-Llama3-2-1B-output-tokens",                          "Llama 3.2 1B",       "us-east-1",  "output",      "on-demand",    "none",   null, null,      K)]
    [InlineData("USE1-NovaPro-cache-read-input-token-count",               "Nova Pro",           "us-east-1",  "cache-read",  "on-demand",    "none",   null, null,      K)]
    [InlineData("USW2-Claude4.5Sonnet-cache-write-input-token-count",      "Claude Sonnet 4.5",  "us-west-2",  "cache-write", "on-demand",    "none",   "5m", null,      K)]
    [InlineData("USW2-Claude4.5Sonnet-cache-write-input-token-count-1-hour", "Claude Sonnet 4.5", "us-west-2", "cache-write", "on-demand",    "none",   "1h", null,      K)]
    [InlineData("USE1-NovaMicro-input-tokens-batch",                       "Nova Micro",         "us-east-1",  "input",       "batch",        "none",   null, null,      K)]
    [InlineData("USE1-MistralSmall-output-tokens-batch",                   "Mistral Small",      "us-east-1",  "output",      "batch",        "none",   null, null,      K)]
    [InlineData("USE1-Claude4Sonnet-input-tokens-cross-region-global",     "Claude Sonnet 4",    "us-east-1",  "input",       "on-demand",    "global", null, null,      K)]
    [InlineData("USE1-Nova2.0Lite-input-tokens-cross-region-global-batch", "Nova 2 Lite",        "us-east-1",  "input",       "batch",        "global", null, null,      K)]
    [InlineData("USE1-NovaPro-input-tokens-priority",                      "Nova Pro",           "us-east-1",  "input",       "priority",     "none",   null, null,      K)]
    [InlineData("USE1-NovaPro-output-tokens-flex",                         "Nova Pro",           "us-east-1",  "output",      "flex",         "none",   null, null,      K)]
    [InlineData("USE2-TitanEmbeddingV2-Text-input-tokens",                 "Titan Text Embeddings V2", "us-east-2", "input",  "on-demand",    "none",   null, null,      K)]
    [InlineData("USE1-Nova2.0Omni-output-image-token-count",               "Nova 2 Omni",        "us-east-1",  "image",       "on-demand",    "none",   null, null,      K)]
    [InlineData("USE1-Nova2.0Omni-input-audio-token-count",                "Nova 2 Omni",        "us-east-1",  "audio",       "on-demand",    "none",   null, null,      K)]
    [InlineData("USE1-Nova2.0Lite-ProvisionedThroughput-NoCommit-ModelUnits", "Nova 2 Lite",     "us-east-1",  "model-units", "provisioned",  "none",   null, "none",    "hours")]
    [InlineData("USE1-Nova2.0Lite-ProvisionedThroughput-1month-ModelUnits", "Nova 2 Lite",       "us-east-1",  "model-units", "provisioned",  "none",   null, "1-month", "hours")]
    [InlineData("USE1-Nova2.0Lite-Customization-Training",                 "Nova 2 Lite",        "us-east-1",  "training",    "customization", "none",  null, null,      "units")]
    [InlineData("USE1-Nova2.0Lite-Customization-Storage",                  "Nova 2 Lite",        "us-east-1",  "storage",     "customization", "none",  null, null,      "units")]
    [InlineData("USE1-NovaLite-input-tokens-custom-model",                 "Nova Lite",          "us-east-1",  "input",       "custom-model", "none",   null, null,      K)]
    [InlineData("USW2-anthropic.claude-opus-4-8-mantle-cache-write-tokens-standard", "Claude Opus 4.8", "us-west-2", "cache-write", "on-demand", "none", "5m", null,  M)]
    [InlineData("USE1-xai.grok-4.3-mantle-cache-read-tokens-flex",         "Grok 4.3",           "us-east-1",  "cache-read",  "flex",         "none",   null, null,      M)]
    [InlineData("USW2-anthropic.claude-opus-4-8-mantle-input-tokens-global-standard", "Claude Opus 4.8", "us-west-2", "input", "on-demand",   "global", null, null,      M)]
    public void Classifies_DocumentedExample(
        string usageType, string model, string? region, string direction, string pricingMode, string crossRegion, string? cacheTtl, string? commitment, string unit)
    {
        var result = UsageTypeClassifier.Classify(usageType);

        AssertClassified(result, usageType, model, region, direction, pricingMode, crossRegion, cacheTtl, commitment, unit);
    }

    // Marketplace editions: the model is in the service name, quantities are in millions of tokens.
    [Theory]
    // usage type                                                  service name                                   model               region            direction      pricing mode   cross     ttl   commitment unit
    [InlineData("USE1-MP:USE1_InputTokenCount-Units",              "Claude Haiku 4.5 (Amazon Bedrock Edition)",   "Claude Haiku 4.5", "us-east-1",      "input",       "on-demand",   "none",   null, null,      M)]
    [InlineData("USE1-MP:USE1_OutputTokenCount-Units",             "Claude 3 Haiku (Amazon Bedrock Edition)",     "Claude 3 Haiku",   "us-east-1",      "output",      "on-demand",   "none",   null, null,      M)]
    [InlineData("USE1-MP:USE1_CacheReadInputTokenCount-Units",     "Claude Sonnet 4.6 (Amazon Bedrock Edition)",  "Claude Sonnet 4.6", "us-east-1",     "cache-read",  "on-demand",   "none",   null, null,      M)]
    [InlineData("USE1-MP:USE1_CacheWrite1hInputTokenCount-Units",  "Claude Sonnet 4.6 (Amazon Bedrock Edition)",  "Claude Sonnet 4.6", "us-east-1",     "cache-write", "on-demand",   "none",   "1h", null,      M)]
    [InlineData("USE1-MP:USE1_CacheWriteInputTokenCount-Units",    "Claude Sonnet 4.6 (Amazon Bedrock Edition)",  "Claude Sonnet 4.6", "us-east-1",     "cache-write", "on-demand",   "none",   "5m", null,      M)]
    [InlineData("USE1-MP:USE1_InputTokenCount_Global-Units",       "Claude Haiku 4.5 (Amazon Bedrock Edition)",   "Claude Haiku 4.5", "us-east-1",      "input",       "on-demand",   "global", null, null,      M)]
    [InlineData("USE1-MP:USE1_OutputTokenCount_Batch-Units",       "Claude Haiku 4.5 (Amazon Bedrock Edition)",   "Claude Haiku 4.5", "us-east-1",      "output",      "batch",       "none",   null, null,      M)]
    [InlineData("USE1-MP:USE1_InputTokenCount_Global_Batch-Units", "Claude Haiku 4.5 (Amazon Bedrock Edition)",   "Claude Haiku 4.5", "us-east-1",      "input",       "batch",       "global", null, null,      M)]
    [InlineData("USE1-MP:USE1_CacheReadInputTokenCount_Global-Units", "Claude Haiku 4.5 (Amazon Bedrock Edition)", "Claude Haiku 4.5", "us-east-1",     "cache-read",  "on-demand",   "global", null, null,      M)]
    [InlineData("USE1-MP:USE1_CacheWrite1hInputTokenCount_Global_Batch-Units", "Claude Haiku 4.5 (Amazon Bedrock Edition)", "Claude Haiku 4.5", "us-east-1", "cache-write", "batch", "global", "1h", null,   M)]
    [InlineData("USE1-MP:USE1_input_tokens_standard-Units",        "Claude Haiku 4.5 (Amazon Bedrock Edition)",   "Claude Haiku 4.5", "us-east-1",      "input",       "on-demand",   "none",   null, null,      M)]
    [InlineData("USE1-MP:USE1_input_tokens_global_standard-Units", "Claude Haiku 4.5 (Amazon Bedrock Edition)",   "Claude Haiku 4.5", "us-east-1",      "input",       "on-demand",   "global", null, null,      M)]
    [InlineData("APN1-MP:APN1_cache_write_tokens_1h_standard-Units", "Claude Sonnet 4.6 (Amazon Bedrock Edition)", "Claude Sonnet 4.6", "ap-northeast-1", "cache-write", "on-demand",  "none",   "1h", null,      M)]
    [InlineData("USE1-MP:USE1_input_tokens_long_ctx_global_standard-Units", "Claude Sonnet 4.6 (Amazon Bedrock Edition)", "Claude Sonnet 4.6", "us-east-1", "input", "on-demand",  "global", null, null,      M)]
    [InlineData("USE1-MP:USE1_ProvisionedThroughput_1MonthCommit_ModelUnits_Usage-Units", "Claude 3 Haiku (Amazon Bedrock Edition)", "Claude 3 Haiku", "us-east-1", "model-units", "provisioned", "none", null, "1-month", "hours")]
    [InlineData("USE1-MP:USE1_ProvisionedThroughput_6MonthCommit_ModelUnits_Usage-Units", "Claude 3 Haiku (Amazon Bedrock Edition)", "Claude 3 Haiku", "us-east-1", "model-units", "provisioned", "none", null, "6-month", "hours")]
    [InlineData("USE1-MP:USE1_ProvisionedThroughput_NoCommit_ModelUnits_Usage-Units", "Claude 3 Haiku (Amazon Bedrock Edition)", "Claude 3 Haiku", "us-east-1", "model-units", "provisioned", "none", null, "none", "hours")]
    [InlineData("EUC1-MP:EUC1_output_tokens_batch-Units",          "Claude Haiku 4.5 (Amazon Bedrock Edition)",   "Claude Haiku 4.5", "eu-central-1",   "output",      "batch",       "none",   null, null,      M)]
    [InlineData("USW2-MP:USW2_cache_read_tokens_global_flex-Units", "Claude Haiku 4.5 (Amazon Bedrock Edition)",  "Claude Haiku 4.5", "us-west-2",      "cache-read",  "flex",        "global", null, null,      M)]
    [InlineData("USE1-MP:USE1_cache_write_tokens_standard-Units",  "Claude Haiku 4.5 (Amazon Bedrock Edition)",   "Claude Haiku 4.5", "us-east-1",      "cache-write", "on-demand",   "none",   "5m", null,      M)]
    public void Classifies_MarketplaceEdition_WithModelFromServiceName(
        string usageType, string serviceName, string model, string? region, string direction, string pricingMode, string crossRegion, string? cacheTtl, string? commitment, string unit)
    {
        var result = UsageTypeClassifier.Classify(usageType, serviceName);

        AssertClassified(result, usageType, model, region, direction, pricingMode, crossRegion, cacheTtl, commitment, unit);
    }

    // Shapes built from the documented parts: other regions, geos, and every suffix combination the bill can carry.
    [Theory]
    [InlineData("EUW1-Claude4.5Haiku-output-tokens-batch",                 "Claude Haiku 4.5",   "eu-west-1",  "output",      "batch",        "none",   null, null,      K)]
    [InlineData("USE1-NovaPro-cache-write-input-token-count",              "Nova Pro",           "us-east-1",  "cache-write", "on-demand",    "none",   "5m", null,      K)]
    [InlineData("APN1-Claude4.6Sonnet-input-tokens-cross-region-global-batch", "Claude Sonnet 4.6", "ap-northeast-1", "input", "batch",        "global", null, null,      K)]
    [InlineData("USE1-Claude4.6Sonnet-output-tokens-cross-region-global-flex", "Claude Sonnet 4.6", "us-east-1", "output",   "flex",         "global", null, null,      K)]
    [InlineData("USE1-Claude4.6Sonnet-input-tokens-cross-region-global-priority", "Claude Sonnet 4.6", "us-east-1", "input", "priority",     "global", null, null,      K)]
    [InlineData("USE1-NovaPro-cache-read-input-token-count-flex",          "Nova Pro",           "us-east-1",  "cache-read",  "flex",         "none",   null, null,      K)]
    [InlineData("USE1-NovaPro-cache-read-input-token-count-priority",      "Nova Pro",           "us-east-1",  "cache-read",  "priority",     "none",   null, null,      K)]
    [InlineData("USE1-Claude4.6Sonnet-cache-write-input-token-count-1-hour-cross-region-global", "Claude Sonnet 4.6", "us-east-1", "cache-write", "on-demand", "global", "1h", null, K)]
    [InlineData("USE1-Claude4.6Sonnet-cache-read-input-token-count-cross-region-global-batch", "Claude Sonnet 4.6", "us-east-1", "cache-read", "batch", "global", null, null, K)]
    [InlineData("EU-Claude4.5Sonnet-input-tokens",                         "Claude Sonnet 4.5",  "eu",         "input",       "on-demand",    "none",   null, null,      K)]
    [InlineData("US-Claude3.7Sonnet-output-tokens",                        "Claude 3.7 Sonnet",  "us",         "output",      "on-demand",    "none",   null, null,      K)]
    [InlineData("APAC-Claude3Haiku-input-tokens",                          "Claude 3 Haiku",     "apac",       "input",       "on-demand",    "none",   null, null,      K)]
    [InlineData("USW2-Llama3-1-70B-input-tokens",                          "Llama 3.1 70B",      "us-west-2",  "input",       "on-demand",    "none",   null, null,      K)]
    [InlineData("USW2-Llama3-1-70B-ProvisionedThroughput-NoCommit-ModelUnits", "Llama 3.1 70B",  "us-west-2",  "model-units", "provisioned",  "none",   null, "none",    "hours")]
    [InlineData("USE1-Nova2.0Lite-ProvisionedThroughput-6month-ModelUnits", "Nova 2 Lite",       "us-east-1",  "model-units", "provisioned",  "none",   null, "6-month", "hours")]
    [InlineData("USE1-NovaCanvas-output-image-token-count",                "Nova Canvas",        "us-east-1",  "image",       "on-demand",    "none",   null, null,      K)]
    [InlineData("USE1-Nova2.0Omni-input-image-token-count",                "Nova 2 Omni",        "us-east-1",  "image",       "on-demand",    "none",   null, null,      K)]
    [InlineData("USE1-NovaSonic-output-audio-token-count",                 "Nova Sonic",         "us-east-1",  "audio",       "on-demand",    "none",   null, null,      K)]
    [InlineData("USE1-NovaLite-output-tokens-custom-model",                "Nova Lite",          "us-east-1",  "output",      "custom-model", "none",   null, null,      K)]
    [InlineData("USE1-NovaMicro-Customization-Training",                   "Nova Micro",         "us-east-1",  "training",    "customization", "none",  null, null,      "units")]
    [InlineData("USE1-Llama3-70B-input-tokens",                            "Llama 3 70B",        "us-east-1",  "input",       "on-demand",    "none",   null, null,      K)]
    [InlineData("USW2-MistralLarge-input-tokens",                          "Mistral Large",      "us-west-2",  "input",       "on-demand",    "none",   null, null,      K)]
    [InlineData("USE1-Claude3.5Sonnet-output-tokens",                      "Claude 3.5 Sonnet",  "us-east-1",  "output",      "on-demand",    "none",   null, null,      K)]
    [InlineData("USE1-Claude4.8Opus-input-tokens-cross-region-global",     "Claude Opus 4.8",    "us-east-1",  "input",       "on-demand",    "global", null, null,      K)]
    [InlineData("USE1-NovaPro-input-token-count",                          "Nova Pro",           "us-east-1",  "input",       "on-demand",    "none",   null, null,      K)]
    [InlineData("USE1-Rerank1.0-search-units",                             "Rerank1.0",          "us-east-1",  "search-units", "on-demand",   "none",   null, null,      "units")]
    [InlineData("SAE1-NovaPro-input-tokens",                               "Nova Pro",           "sa-east-1",  "input",       "on-demand",    "none",   null, null,      K)]
    [InlineData("XYZ9-NovaPro-input-tokens",                               "Nova Pro",           "xyz9",       "input",       "on-demand",    "none",   null, null,      K)]
    [InlineData("NovaPro-input-tokens",                                    "Nova Pro",           null,         "input",       "on-demand",    "none",   null, null,      K)]
    [InlineData("USE1-SomeNewModel-input-tokens",                          "SomeNewModel",       "us-east-1",  "input",       "on-demand",    "none",   null, null,      K)]
    [InlineData("USW2-anthropic.claude-sonnet-4-6-mantle-output-tokens-batch", "Claude Sonnet 4.6", "us-west-2", "output",  "batch",        "none",   null, null,      M)]
    [InlineData("USW2-anthropic.claude-sonnet-4-6-mantle-cache-write-tokens-1h-global-standard", "Claude Sonnet 4.6", "us-west-2", "cache-write", "on-demand", "global", "1h", null, M)]
    [InlineData("USE1-openai.gpt-oss-120b-mantle-input-tokens-priority",   "gpt-oss-120b",       "us-east-1",  "input",       "priority",     "none",   null, null,      M)]
    [InlineData("USE1-xai.grok-4.3-mantle-output-tokens-global-flex",      "Grok 4.3",           "us-east-1",  "output",      "flex",         "global", null, null,      M)]
    public void Classifies_ConstructedCombination(
        string usageType, string model, string? region, string direction, string pricingMode, string crossRegion, string? cacheTtl, string? commitment, string unit)
    {
        var result = UsageTypeClassifier.Classify(usageType);

        AssertClassified(result, usageType, model, region, direction, pricingMode, crossRegion, cacheTtl, commitment, unit);
    }

    [Theory]
    [InlineData("USE1-NovaPro-cache-read-input-token-count", "cache-read")]
    [InlineData("USE1-NovaPro-cache-write-input-token-count", "cache-write")]
    [InlineData("USE1-MP:USE1_CacheReadInputTokenCount-Units", "cache-read")]
    [InlineData("USE1-MP:USE1_CacheWriteInputTokenCount-Units", "cache-write")]
    [InlineData("USE1-MP:USE1_cache_read_tokens_standard-Units", "cache-read")]
    public void Classifies_CacheMarkers_BeforePlainInput(string usageType, string direction)
    {
        Assert.Equal(direction, UsageTypeClassifier.Classify(usageType).Direction);
    }

    [Theory]
    [InlineData("USW2-Claude4.5Sonnet-cache-write-input-token-count-1-hour")]
    [InlineData("USE1-MP:USE1_CacheWrite1hInputTokenCount-Units")]
    [InlineData("APN1-MP:APN1_cache_write_tokens_1h_standard-Units")]
    public void Classifies_CacheWrite1Hour_BeforePlainInput(string usageType)
    {
        var result = UsageTypeClassifier.Classify(usageType);

        Assert.Equal("cache-write", result.Direction);
        Assert.Equal("1h", result.CacheTtl);
    }

    [Theory]
    [InlineData("USE1-MP:USE1_InputTokenCount-Units", null)]
    [InlineData("USE1-MP:USE1_input_tokens_standard-Units", "Amazon Bedrock")]
    public void NamesMarketplaceModelPlaceholder_WhenServiceNameHasNoModel(string usageType, string? serviceName)
    {
        var result = UsageTypeClassifier.Classify(usageType, serviceName);

        Assert.True(result.Classified);
        Assert.Equal(UsageTypeClassifier.MarketplaceModel, result.Model);
        Assert.Equal("(marketplace)", result.Model);
        Assert.Equal("input", result.Direction);
    }

    [Fact]
    public void IgnoresServiceName_ForAmazonBedrockUsageTypes()
    {
        var result = UsageTypeClassifier.Classify("USE1-NovaPro-input-tokens", "Claude Haiku 4.5 (Amazon Bedrock Edition)");

        Assert.Equal("Nova Pro", result.Model);
    }

    // Unknown shapes are kept and reported: model only when it can still be read, region only when the code is known.
    [Theory]
    // usage type                                    service name                                  model                region
    [InlineData("USE1-SomethingNew-thing",            null,                                         "(unknown)",         "us-east-1")]
    [InlineData("",                                   null,                                         "(unknown)",         null)]
    [InlineData("garbage",                            null,                                         "(unknown)",         null)]
    [InlineData("   ",                                null,                                         "(unknown)",         null)]
    [InlineData("-",                                  null,                                         "(unknown)",         null)]
    [InlineData("USE1-",                              null,                                         "(unknown)",         "us-east-1")]
    [InlineData("XYZ9-SomethingNew-thing",            null,                                         "(unknown)",         null)]
    [InlineData("EU-DataTransfer-Out-Bytes",          null,                                         "(unknown)",         "eu")]
    [InlineData("USE1-NovaPro-reserved-capacity",     null,                                         "Nova Pro",          "us-east-1")]
    [InlineData("USE1-NovaPro-input-tokens-turbo",    null,                                         "Nova Pro",          "us-east-1")]
    [InlineData("USE1-NovaPro-input-tokens-batch-flex", null,                                       "Nova Pro",          "us-east-1")]
    [InlineData("USE1-NovaPro-input-tokens-1-hour",   null,                                         "Nova Pro",          "us-east-1")]
    [InlineData("USE1-NovaPro-input-tokensx",         null,                                         "Nova Pro",          "us-east-1")]
    [InlineData("USE1-Nova2.0Lite-ProvisionedThroughput-3month-ModelUnits", null,                   "Nova 2 Lite",       "us-east-1")]
    [InlineData("USE1-Nova2.0Lite-ProvisionedThroughput-NoCommit",          null,                   "Nova 2 Lite",       "us-east-1")]
    [InlineData("USE1-Nova2.0Lite-Customization-Training-extra",            null,                   "Nova 2 Lite",       "us-east-1")]
    [InlineData("USE1- -input-tokens",                                      null,                   "(unknown)",         "us-east-1")]
    [InlineData("USE1--cache-read-input-token-count",                       null,                   "(unknown)",         "us-east-1")]
    [InlineData("USE1-NovaPro-cache-read-input-token-countx-input-tokens",  null,                   "Nova Pro",          "us-east-1")]
    [InlineData("USE1-xai.grok-4.3-mantle-reasoning-tokens-standard",       null,                   "Grok 4.3",          "us-east-1")]
    [InlineData("USE1-xai.grok-4.3-mantle-input-tokens-turbo",              null,                   "Grok 4.3",          "us-east-1")]
    [InlineData("USE1-MP:USE1_SearchUnitCount-Units", "Claude Haiku 4.5 (Amazon Bedrock Edition)",  "Claude Haiku 4.5",  "us-east-1")]
    [InlineData("USE1-MP:USE1_input_tokens_turbo-Units", null,                                      "(unknown)",         "us-east-1")]
    [InlineData("USE1-MP:USE1_CacheWrite1hInputTokenCount_5m-Units", null,                          "(unknown)",         "us-east-1")]
    [InlineData("USE1-MP:USE1_input_tokens_1h_standard-Units", null,                                "(unknown)",         "us-east-1")]
    [InlineData("USE1-MP:USE1_ProvisionedThroughput_2MonthCommit_ModelUnits_Usage-Units", null,     "(unknown)",         "us-east-1")]
    [InlineData("USE1-MP:",                           null,                                         "(unknown)",         "us-east-1")]
    public void LeavesUnknownShape_Unclassified(string usageType, string? serviceName, string model, string? region)
    {
        var result = UsageTypeClassifier.Classify(usageType, serviceName);

        Assert.Equal(usageType, result.UsageType);
        Assert.False(result.Classified);
        Assert.Equal(model, result.Model);
        Assert.Equal(region, result.Region);
        Assert.Equal("other", result.Direction);
        Assert.Equal("on-demand", result.PricingMode);
        Assert.Equal("none", result.CrossRegion);
        Assert.Null(result.CacheTtl);
        Assert.Null(result.Commitment);
        Assert.Equal("units", result.QuantityUnit);
        Assert.Equal(1m, result.TokensPerQuantityUnit);
    }

    [Fact]
    public void NeverThrows_OnRandomJunk()
    {
        // Fragments of real shapes make the junk reach deep into the parsers, not just fail on the region code.
        string[] pieces =
        [
            "USE1", "EU", "MP:", "USE1_", "-", "_", ":", ".", "-Units", "input", "-input-tokens", "-cache-write-input-token-count",
            "-1-hour", "-cross-region-global", "-batch", "-flex", "-mantle-", "cache-read-tokens", "-global", "-standard",
            "ProvisionedThroughput", "-ProvisionedThroughput-", "_ModelUnits", "NoCommit", "1MonthCommit", "-Customization-",
            "CacheWrite1hInputTokenCount", "_Global", "long_ctx", "Claude4.6Sonnet", "Nova2.0", "Llama3-", "anthropic.claude-",
            "\u00e9", " ", "\t", "1", "99",
        ];
        var random = new Random(20260801);

        for (var i = 0; i < 5_000; i++)
        {
            var length = random.Next(0, 8);
            var parts = new string[length];
            for (var p = 0; p < length; p++)
            {
                parts[p] = random.Next(4) == 0
                    ? new string((char)random.Next(32, 127), random.Next(1, 4))
                    : pieces[random.Next(pieces.Length)];
            }

            var usageType = string.Concat(parts);
            var serviceName = random.Next(3) == 0 ? usageType + " (Amazon Bedrock Edition)" : null;

            var result = UsageTypeClassifier.Classify(usageType, serviceName);

            Assert.Equal(usageType, result.UsageType);
            Assert.False(string.IsNullOrEmpty(result.Model));
            Assert.True(result.TokensPerQuantityUnit >= 1m);
        }
    }

    // Found by UsageTypeClassifierPropertyTests (FSCHECK_SEED=6): a model id naming no model gave an empty model name.
    [Fact]
    public void KeepsTheModelSegment_WhenItsModelIdNamesNoModel()
    {
        var result = UsageTypeClassifier.Classify("JP-xai.:grok-4.3-mantle-cache-write-tokens-global-priority", "(Amazon Bedrock Edition)");

        Assert.True(result.Classified);
        Assert.Equal("xai.:grok-4.3", result.Model);
        Assert.Equal(("cache-write", "priority", "global"), (result.Direction, result.PricingMode, result.CrossRegion));
    }

    [Fact]
    public void Throws_OnNullUsageType()
    {
        Assert.Throws<ArgumentNullException>(() => UsageTypeClassifier.Classify(null!));
    }

    [Fact]
    public void ReturnsEqualResults_WhenCalledRepeatedly()
    {
        var first = UsageTypeClassifier.Classify("USE1-NovaPro-input-tokens-priority");
        var second = UsageTypeClassifier.Classify("USE1-NovaPro-input-tokens-priority");

        Assert.Equal(first, second);
    }

    [Fact]
    public void KeepsMarketplaceModelsApart_WhenOnlyTheServiceNameDiffers()
    {
        var haiku = UsageTypeClassifier.Classify("USE1-MP:USE1_InputTokenCount-Units", "Claude Haiku 4.5 (Amazon Bedrock Edition)");
        var sonnet = UsageTypeClassifier.Classify("USE1-MP:USE1_InputTokenCount-Units", "Claude Sonnet 4.6 (Amazon Bedrock Edition)");

        Assert.Equal("Claude Haiku 4.5", haiku.Model);
        Assert.Equal("Claude Sonnet 4.6", sonnet.Model);
    }

    private static void AssertClassified(
        UsageTypeClassification result, string usageType, string model, string? region, string direction, string pricingMode,
        string crossRegion, string? cacheTtl, string? commitment, string unit)
    {
        Assert.Equal(usageType, result.UsageType);
        Assert.True(result.Classified);
        Assert.Equal(model, result.Model);
        Assert.Equal(region, result.Region);
        Assert.Equal(direction, result.Direction);
        Assert.Equal(pricingMode, result.PricingMode);
        Assert.Equal(crossRegion, result.CrossRegion);
        Assert.Equal(cacheTtl, result.CacheTtl);
        Assert.Equal(commitment, result.Commitment);
        Assert.Equal(unit, result.QuantityUnit);
        Assert.Equal(unit switch { K => 1_000m, M => 1_000_000m, _ => 1m }, result.TokensPerQuantityUnit);
    }
}

public class RegionCodesTests
{
    [Theory]
    [InlineData("USE1", "us-east-1")]
    [InlineData("USE2", "us-east-2")]
    [InlineData("USW1", "us-west-1")]
    [InlineData("USW2", "us-west-2")]
    [InlineData("CAN1", "ca-central-1")]
    [InlineData("CAN2", "ca-west-1")]
    [InlineData("MXC1", "mx-central-1")]
    [InlineData("SAE1", "sa-east-1")]
    [InlineData("EUC1", "eu-central-1")]
    [InlineData("EUC2", "eu-central-2")]
    [InlineData("EUW1", "eu-west-1")]
    [InlineData("EUW2", "eu-west-2")]
    [InlineData("EUW3", "eu-west-3")]
    [InlineData("EUN1", "eu-north-1")]
    [InlineData("EUS1", "eu-south-1")]
    [InlineData("EUS2", "eu-south-2")]
    [InlineData("APE1", "ap-east-1")]
    [InlineData("APE2", "ap-east-2")]
    [InlineData("APN1", "ap-northeast-1")]
    [InlineData("APN2", "ap-northeast-2")]
    [InlineData("APN3", "ap-northeast-3")]
    [InlineData("APS1", "ap-southeast-1")]
    [InlineData("APS2", "ap-southeast-2")]
    [InlineData("APS3", "ap-south-1")]
    [InlineData("APS4", "ap-southeast-3")]
    [InlineData("APS5", "ap-south-2")]
    [InlineData("APS6", "ap-southeast-4")]
    [InlineData("APS7", "ap-southeast-5")]
    [InlineData("APS8", "ap-southeast-6")]
    [InlineData("APS9", "ap-southeast-7")]
    [InlineData("MES1", "me-south-1")]
    [InlineData("MEC1", "me-central-1")]
    [InlineData("ILC1", "il-central-1")]
    [InlineData("AFS1", "af-south-1")]
    [InlineData("CNN1", "cn-north-1")]
    [InlineData("CNW1", "cn-northwest-1")]
    [InlineData("UGW1", "us-gov-west-1")]
    [InlineData("UGE1", "us-gov-east-1")]
    [InlineData("EU", "eu")]
    [InlineData("US", "us")]
    [InlineData("APAC", "apac")]
    [InlineData("JP", "jp")]
    [InlineData("AU", "au")]
    public void MapsCodeToRegionName_AndBack(string code, string regionName)
    {
        Assert.Equal(regionName, RegionCodes.ToRegionName(code));
        Assert.Equal(code, RegionCodes.ToCode(regionName));
    }

    [Theory]
    [InlineData("XYZ9", "xyz9")]
    [InlineData(" use1 ", "us-east-1")]
    [InlineData("", "")]
    public void LowerCasesUnknownCodes(string code, string regionName)
    {
        Assert.Equal(regionName, RegionCodes.ToRegionName(code));
    }

    [Theory]
    [InlineData("mars-north-1")]
    [InlineData("")]
    public void ReturnsNullCode_ForUnknownRegion(string regionName)
    {
        Assert.Null(RegionCodes.ToCode(regionName));
    }
}
