using FinOpsDashboard.Domain.Classification;

namespace FinOpsDashboard.Domain.Tests.Classification;

public class ModelCatalogTests
{
    [Theory]
    [InlineData("NovaMicro", "Nova Micro")]
    [InlineData("NovaLite", "Nova Lite")]
    [InlineData("NovaPro", "Nova Pro")]
    [InlineData("NovaPremier", "Nova Premier")]
    [InlineData("Nova2.0Lite", "Nova 2 Lite")]
    [InlineData("Nova2.0Pro", "Nova 2 Pro")]
    [InlineData("Nova2.0Omni", "Nova 2 Omni")]
    [InlineData("Nova2.0Sonic", "Nova 2 Sonic")]
    [InlineData("NovaCanvas", "Nova Canvas")]
    [InlineData("NovaReel", "Nova Reel")]
    [InlineData("NovaSonic", "Nova Sonic")]
    [InlineData("Claude4.6Sonnet", "Claude Sonnet 4.6")]
    [InlineData("Claude4Sonnet", "Claude Sonnet 4")]
    [InlineData("Claude4.5Haiku", "Claude Haiku 4.5")]
    [InlineData("Claude4.5Sonnet", "Claude Sonnet 4.5")]
    [InlineData("Claude4.8Opus", "Claude Opus 4.8")]
    [InlineData("Claude4.1Opus", "Claude Opus 4.1")]
    [InlineData("Claude3Haiku", "Claude 3 Haiku")]
    [InlineData("Claude3Opus", "Claude 3 Opus")]
    [InlineData("Claude3.5Sonnet", "Claude 3.5 Sonnet")]
    [InlineData("Claude3.5Haiku", "Claude 3.5 Haiku")]
    [InlineData("Claude3.7Sonnet", "Claude 3.7 Sonnet")]
    [InlineData("ClaudeInstant", "Claude Instant")]
    [InlineData("Llama3-2-1B", "Llama 3.2 1B")]
    [InlineData("Llama3-70B", "Llama 3 70B")]
    [InlineData("Llama3-8B", "Llama 3 8B")]
    [InlineData("Llama3-1-70B", "Llama 3.1 70B")]
    [InlineData("Llama3-1-405B", "Llama 3.1 405B")]
    [InlineData("Llama3-3-70B", "Llama 3.3 70B")]
    [InlineData("MistralSmall", "Mistral Small")]
    [InlineData("MistralLarge", "Mistral Large")]
    [InlineData("TitanEmbeddingV2-Text", "Titan Text Embeddings V2")]
    [InlineData("TitanEmbeddingV1-Text", "Titan Embeddings G1 - Text")]
    [InlineData("TitanTextExpress", "Titan Text G1 - Express")]
    [InlineData("anthropic.claude-opus-4-8", "Claude Opus 4.8")]
    [InlineData("anthropic.claude-sonnet-4-6", "Claude Sonnet 4.6")]
    [InlineData("xai.grok-4.3", "Grok 4.3")]
    [InlineData("openai.gpt-oss-120b", "gpt-oss-120b")]
    [InlineData("openai.gpt-oss-20b", "gpt-oss-20b")]
    [InlineData("  NovaPro  ", "Nova Pro")]
    public void FromUsageFragment_NamesKnownModels(string fragment, string expected)
    {
        Assert.Equal(expected, ModelCatalog.FromUsageFragment(fragment));
    }

    [Theory]
    [InlineData("SomeNewModel", "SomeNewModel")]
    [InlineData("  SomeNewModel ", "SomeNewModel")]
    [InlineData("", "")]
    [InlineData("Claude", "Claude")]
    [InlineData("Claude4.6Poem", "Claude4.6Poem")]
    [InlineData("Llama", "Llama")]
    [InlineData("Nova", "Nova")]
    [InlineData("acme.model-1", "acme.model-1")]
    [InlineData("anthropic.something-else", "anthropic.something-else")]
    public void FromUsageFragment_ReturnsUnknownFragmentTrimmed(string fragment, string expected)
    {
        Assert.Equal(expected, ModelCatalog.FromUsageFragment(fragment));
    }

    [Theory]
    [InlineData("amazon.nova-pro-v1:0", "Nova Pro")]
    [InlineData("amazon.nova-lite-v1:0", "Nova Lite")]
    [InlineData("amazon.nova-micro-v1:0", "Nova Micro")]
    [InlineData("amazon.nova-premier-v1:0", "Nova Premier")]
    [InlineData("amazon.nova-2-lite-v1:0", "Nova 2 Lite")]
    [InlineData("us.amazon.nova-2-lite-v1:0", "Nova 2 Lite")]
    [InlineData("us.anthropic.claude-sonnet-4-6", "Claude Sonnet 4.6")]
    [InlineData("eu.anthropic.claude-sonnet-4-6", "Claude Sonnet 4.6")]
    [InlineData("apac.anthropic.claude-sonnet-4-6", "Claude Sonnet 4.6")]
    [InlineData("jp.anthropic.claude-sonnet-4-6", "Claude Sonnet 4.6")]
    [InlineData("au.anthropic.claude-sonnet-4-6", "Claude Sonnet 4.6")]
    [InlineData("global.anthropic.claude-sonnet-4-6", "Claude Sonnet 4.6")]
    [InlineData("anthropic.claude-haiku-4-5-20251001-v1:0", "Claude Haiku 4.5")]
    [InlineData("global.anthropic.claude-haiku-4-5-20251001-v1:0", "Claude Haiku 4.5")]
    [InlineData("anthropic.claude-sonnet-4-20250514-v1:0", "Claude Sonnet 4")]
    [InlineData("anthropic.claude-opus-4-1-20250805-v1:0", "Claude Opus 4.1")]
    [InlineData("anthropic.claude-opus-4-8", "Claude Opus 4.8")]
    [InlineData("anthropic.claude-3-haiku-20240307-v1:0", "Claude 3 Haiku")]
    [InlineData("anthropic.claude-3-haiku-20240307-v1:0:200k", "Claude 3 Haiku")]
    [InlineData("anthropic.claude-3-5-sonnet-20240620-v1:0", "Claude 3.5 Sonnet")]
    [InlineData("us.anthropic.claude-3-7-sonnet-20250219-v1:0", "Claude 3.7 Sonnet")]
    [InlineData("anthropic.claude-v2:1", "Claude 2.1")]
    [InlineData("anthropic.claude-instant-v1", "Claude Instant")]
    [InlineData("meta.llama3-70b-instruct-v1:0", "Llama 3 70B")]
    [InlineData("meta.llama3-8b-instruct-v1:0", "Llama 3 8B")]
    [InlineData("meta.llama3-1-70b-instruct-v1:0", "Llama 3.1 70B")]
    [InlineData("us.meta.llama3-2-1b-instruct-v1:0", "Llama 3.2 1B")]
    [InlineData("us.meta.llama3-3-70b-instruct-v1:0", "Llama 3.3 70B")]
    [InlineData("us.meta.llama4-scout-17b-instruct-v1:0", "Llama 4 Scout 17B")]
    [InlineData("mistral.mistral-small-2402-v1:0", "Mistral Small")]
    [InlineData("mistral.mistral-large-2402-v1:0", "Mistral Large")]
    [InlineData("mistral.mixtral-8x7b-instruct-v0:1", "Mixtral 8x7B Instruct")]
    [InlineData("amazon.titan-embed-text-v2:0", "Titan Text Embeddings V2")]
    [InlineData("amazon.titan-embed-text-v1", "Titan Embeddings G1 - Text")]
    [InlineData("xai.grok-4.3", "Grok 4.3")]
    [InlineData("openai.gpt-oss-120b-1:0", "gpt-oss-120b")]
    [InlineData("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0", "Nova Pro")]
    [InlineData("arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-sonnet-4-6", "Claude Sonnet 4.6")]
    [InlineData("arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0", "Claude 3 Haiku")]
    public void FromModelId_NamesKnownModels(string modelId, string expected)
    {
        Assert.Equal(expected, ModelCatalog.FromModelId(modelId));
    }

    // Those ARNs name a resource, not a model: callers resolve them through the control-plane map.
    [Theory]
    [InlineData("arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6")]
    [InlineData("arn:aws:bedrock:us-east-1:111122223333:provisioned-model/abcd1234efgh")]
    [InlineData("arn:aws:bedrock:us-east-1:111122223333:custom-model/amazon.nova-lite-v1:0:300k/xyz")]
    [InlineData("arn:aws:bedrock:us-east-1")]
    [InlineData("arn:aws:bedrock:us-east-1::foundation-model")]
    [InlineData("a1b2c3d4e5f6")]
    [InlineData("acme.secret-model-v1:0")]
    [InlineData("anthropic.claude-next")]
    [InlineData("amazon.titan-unknown-v9:0")]
    [InlineData("meta.not-a-llama")]
    [InlineData("")]
    [InlineData("  us.acme.model ")]

    // An xAI id with no model after the provider used to give an empty name (found by UsageTypeClassifierPropertyTests).
    [InlineData("xai.")]
    [InlineData("xai.:1")]
    [InlineData("xai.-")]
    public void FromModelId_ReturnsUnresolvableInputUnchanged(string modelId)
    {
        Assert.Equal(modelId, ModelCatalog.FromModelId(modelId));
    }

    // CloudWatch joins against the bill by name, so both spellings of a model must agree.
    [Theory]
    [InlineData("Claude4.5Haiku", "global.anthropic.claude-haiku-4-5-20251001-v1:0")]
    [InlineData("Claude4.6Sonnet", "us.anthropic.claude-sonnet-4-6")]
    [InlineData("Claude3.5Sonnet", "anthropic.claude-3-5-sonnet-20240620-v1:0")]
    [InlineData("Nova2.0Lite", "us.amazon.nova-2-lite-v1:0")]
    [InlineData("NovaPro", "amazon.nova-pro-v1:0")]
    [InlineData("Llama3-1-70B", "meta.llama3-1-70b-instruct-v1:0")]
    [InlineData("MistralSmall", "mistral.mistral-small-2402-v1:0")]
    [InlineData("TitanEmbeddingV2-Text", "amazon.titan-embed-text-v2:0")]
    public void UsageFragmentAndModelId_GiveTheSameName(string fragment, string modelId)
    {
        Assert.Equal(ModelCatalog.FromUsageFragment(fragment), ModelCatalog.FromModelId(modelId));
    }

    [Theory]
    [InlineData("Claude Haiku 4.5 (Amazon Bedrock Edition)", "Claude Haiku 4.5")]
    [InlineData("Claude 3 Haiku (Amazon Bedrock Edition)", "Claude 3 Haiku")]
    [InlineData("Claude Sonnet 4.6 (Amazon Bedrock Edition)", "Claude Sonnet 4.6")]
    [InlineData("  Cohere Command R+ (amazon bedrock edition) ", "Cohere Command R+")]
    public void FromMarketplaceService_ReadsModelFromEditionName(string serviceName, string expected)
    {
        Assert.Equal(expected, ModelCatalog.FromMarketplaceService(serviceName));
    }

    [Theory]
    [InlineData("Amazon Bedrock")]
    [InlineData("Amazon Bedrock Service")]
    [InlineData("Amazon Elastic Compute Cloud - Compute")]
    [InlineData(" (Amazon Bedrock Edition)")]
    [InlineData("")]
    public void FromMarketplaceService_ReturnsNull_ForOtherServices(string serviceName)
    {
        Assert.Null(ModelCatalog.FromMarketplaceService(serviceName));
    }

    [Theory]
    [InlineData("Amazon Bedrock", true)]
    [InlineData("Amazon Bedrock Service", true)]
    [InlineData("AmazonBedrock", true)]
    [InlineData("AmazonBedrockService", true)]
    [InlineData("amazon bedrock", true)]
    [InlineData("Claude 3 Haiku (Amazon Bedrock Edition)", true)]
    [InlineData("Claude Sonnet 4.6 (Amazon Bedrock Edition)", true)]
    [InlineData("Amazon SageMaker", false)]
    [InlineData("Amazon Bedrock Edition", false)]
    [InlineData("AmazonEC2", false)]
    [InlineData("", false)]
    public void IsBedrockService_RecognisesAllThreeServiceFamilies(string serviceName, bool expected)
    {
        Assert.Equal(expected, ModelCatalog.IsBedrockService(serviceName));
    }

    [Fact]
    public void Throws_OnNullInput()
    {
        Assert.Throws<ArgumentNullException>(() => ModelCatalog.FromUsageFragment(null!));
        Assert.Throws<ArgumentNullException>(() => ModelCatalog.FromModelId(null!));
        Assert.Throws<ArgumentNullException>(() => ModelCatalog.FromMarketplaceService(null!));
        Assert.Throws<ArgumentNullException>(() => ModelCatalog.IsBedrockService(null!));
    }
}
