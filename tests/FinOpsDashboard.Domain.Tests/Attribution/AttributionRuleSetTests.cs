using FinOpsDashboard.Domain.Attribution;
using Unattributed = FinOpsDashboard.Domain.Facts.Attribution;

namespace FinOpsDashboard.Domain.Tests.Attribution;

public sealed class AttributionRuleSetTests
{
    private const string U = Unattributed.Unattributed;
    private const string SearchRole = "arn:aws:iam::111122223333:role/search-indexer";
    private const string ProfileArn = "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/k3x9q2";

    private static readonly AttributionRule[] Rules =
    [
        /* 1 */ new("team", "principal", null, "arn:aws:iam::111122223333:role/search-*", "search"),
        /* 2 */ new("team", "tag", "team", "*", "{value}"),
        /* 3 */ new("team", "log-metadata", "team", "*", "{value}"),
        /* 4 */ new("team", "inference-profile", null, "k3x9q2", "support"),
        /* 5 */ new("team", "account", null, "444455556666", "ml-platform"),
        /* 6 */ new("feature", "tag", "feature", "legacy-?", "legacy"),
        /* 7 */ new("feature", "tag", "feature", "*", "{value}"),
        /* 8 */ new("feature", "log-metadata", "feature", "*", "{value}"),
    ];

    public static TheoryData<string, AttributionInputs, string, string, int?, int?> Cases => new()
    {
        { "nothing at all is unattributed", AttributionInputs.None, U, U, null, null },
        { "team tag given as is", Inputs(tags: [("team", "growth")]), "growth", U, 2, null },
        { "blank tag counts as absent", Inputs(tags: [("team", "  ")]), U, U, null, null },
        { "principal glob beats the tag (higher precedence)", Inputs(principal: SearchRole, tags: [("team", "growth")]), "search", U, 1, null },
        { "principal outside the glob falls through to the tag", Inputs(principal: "arn:aws:iam::111122223333:role/app", tags: [("team", "growth")]), "growth", U, 2, null },
        { "glob is case-sensitive", Inputs(principal: "arn:aws:iam::111122223333:role/Search-indexer"), U, U, null, null },
        { "log metadata when there is no tag", Inputs(metadata: [("team", "support"), ("feature", "agent-assist")]), "support", "agent-assist", 3, 8 },
        { "profile matched by its id inside the ARN", Inputs(profile: ProfileArn), "support", U, 4, null },
        { "profile matched by its bare id", Inputs(profile: "k3x9q2"), "support", U, 4, null },
        { "account exact match", Inputs(account: "444455556666"), "ml-platform", U, 5, null },
        { "other account unattributed", Inputs(account: "111122223333"), U, U, null, null },
        { "? matches one character, fixed assign", Inputs(tags: [("feature", "legacy-1")]), U, "legacy", null, 6 },
        { "? does not match two characters", Inputs(tags: [("feature", "legacy-12")]), U, "legacy-12", null, 7 },
        { "team and feature decided independently", Inputs(account: "444455556666", tags: [("feature", "chat")]), "ml-platform", "chat", 5, 7 },
        { "a tag key other than the rule's is ignored", Inputs(tags: [("owner", "growth")]), U, U, null, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resolve_FirstMatchingRulePerTargetWins(string name, AttributionInputs inputs, string team, string feature, int? teamRule, int? featureRule)
    {
        var result = AttributionRuleSet.Create(Rules).Resolve(inputs);

        Assert.True(new AttributionResult(team, feature, teamRule, featureRule) == result, $"{name}: got {result}");
    }

    [Fact]
    public void DefaultRuleSet_ReproducesTagAndMetadataValuesAsIs()
    {
        var rules = AttributionRuleSet.Default(new AttributionKeys("cost-center", "app", "team", "use_case"));

        Assert.Equal(new AttributionResult("cc-42", "chat", 1, 3), rules.Resolve(Inputs(tags: [("cost-center", "cc-42"), ("app", "chat")])));
        Assert.Equal(new AttributionResult("cc-7", "rag", 2, 4), rules.Resolve(Inputs(metadata: [("team", "cc-7"), ("use_case", "rag")])));
        Assert.Equal(AttributionResult.Unattributed, rules.Resolve(Inputs(tags: [("team", "search")], principal: SearchRole)));
        Assert.Equal(
            ["team: tag[cost-center] = * → {value}", "team: log-metadata[team] = * → {value}", "feature: tag[app] = * → {value}", "feature: log-metadata[use_case] = * → {value}"],
            rules.Rules.Select(r => r.Describe()));
    }

    [Fact]
    public void Rules_AreNormalised_KeyDroppedWhereTheSourceHasNone()
    {
        var set = AttributionRuleSet.Create([new(" Team ", "ACCOUNT", "ignored", " 111122223333 ", " search ")]);

        Assert.Equal(new AttributionRule("team", "account", null, "111122223333", "search"), Assert.Single(set.Rules));
    }

    public static TheoryData<string, AttributionRule, string, string> Invalid => new()
    {
        { "unknown source", new("team", "cost-center", "x", "*", "{value}"), "source", "Unknown source 'cost-center': use tag, log-metadata, inference-profile, principal or account." },
        { "unknown target", new("owner", "tag", "team", "*", "{value}"), "target", "Unknown target 'owner': use team or feature." },
        { "tag without key", new("team", "tag", " ", "*", "{value}"), "key", "A tag rule needs the tag key to read (e.g. team)." },
        { "log-metadata without key", new("team", "log-metadata", null, "*", "{value}"), "key", "A log-metadata rule needs the requestMetadata key to read (e.g. team)." },
        { "empty match", new("team", "account", null, "", "search"), "match", "The match is empty: use an exact value, * for any value, or a glob such as search-*." },
        { "double star", new("team", "principal", null, "arn:**", "search"), "match", "Bad glob 'arn:**': '**' is not supported (one * already matches any run of characters)." },
        { "character class", new("team", "tag", "team", "search-[ab]", "search"), "match", "Bad glob 'search-[ab]': '[' is not supported; the only wildcards are * (any characters) and ? (one character)." },
        { "empty assign", new("team", "tag", "team", "*", "  "), "assign", "Assign is empty: give a fixed name (e.g. search) or {value} to use the matched value." },
        { "unknown placeholder", new("team", "tag", "team", "*", "{val}"), "assign", "'{val}' is neither a fixed name nor {value}: braces are only allowed in the placeholder {value}." },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_RefusesWithAClearMessage(string name, AttributionRule rule, string field, string message)
    {
        var errors = AttributionRuleSet.Validate([new("team", "account", null, "1", "a"), rule]);

        var error = Assert.Single(errors);
        Assert.True((2, field, message) == (error.Position, error.Field, error.Message), $"{name}: got {error}");
    }

    [Fact]
    public void Validate_ADuplicateRule_CanNeverApply()
    {
        var errors = AttributionRuleSet.Validate([new("team", "tag", "team", "*", "{value}"), new("team", "tag", "team", "*", "other")]);

        Assert.Equal("Rule 2 (match): Same target, source, key and match as rule 1, which always decides first: this rule can never apply.", Assert.Single(errors).ToString());
    }

    [Fact]
    public void Validate_WithCapturedKeys_RefusesKeysThatAreNotStored()
    {
        var errors = AttributionRuleSet.Validate(
            [new("team", "tag", "owner", "*", "{value}"), new("feature", "log-metadata", "app", "*", "{value}"), new("team", "tag", "team", "*", "{value}")],
            AttributionKeys.Default);

        Assert.Equal([1, 2], errors.Select(e => e.Position));
        Assert.StartsWith("Tag key 'owner' is not stored with the facts", errors[0].Message);
        Assert.StartsWith("requestMetadata key 'app' is not stored with the invocation logs", errors[1].Message);
    }

    [Fact]
    public void Create_WithInvalidRules_ThrowsListingEveryProblem()
    {
        var error = Assert.Throws<AttributionRulesException>(() => AttributionRuleSet.Create([new("team", "nope", null, "*", ""), new("x", "account", null, "1", "a")]));

        Assert.Equal(["source", "assign", "target"], error.Errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData("exact", "search", "search", true)]
    [InlineData("exact differs by case", "search", "Search", false)]
    [InlineData("star any non-empty", "*", "x", true)]
    [InlineData("star never matches empty", "*", "", false)]
    [InlineData("prefix glob", "search-*", "search-", true)]
    [InlineData("prefix glob other", "search-*", "searching", false)]
    [InlineData("infix glob", "arn:aws:iam::*:role/search-*", "arn:aws:iam::123:role/search-api", true)]
    [InlineData("suffix glob", "*-prod", "chat-prod", true)]
    [InlineData("suffix glob mismatch", "*-prod", "chat-prod-eu", false)]
    [InlineData("question mark", "team-?", "team-a", true)]
    [InlineData("backtracking", "*a*b", "xaxxab", true)]
    public void ValuePattern_Matches(string name, string pattern, string value, bool expected)
    {
        Assert.True(expected == ValuePattern.Parse(pattern).IsMatch(value), name);
    }

    [Theory]
    [InlineData("arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/k3x9q2", true)]
    [InlineData("arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-sonnet-4-6", true)]
    [InlineData("us.anthropic.claude-sonnet-4-6", true)]
    [InlineData("global.amazon.nova-2-lite-v1:0", true)]
    [InlineData("anthropic.claude-sonnet-4-6", false)]
    [InlineData("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0", false)]
    public void IsInferenceProfile_TellsProfilesFromModels(string id, bool expected) =>
        Assert.Equal(expected, AttributionInputs.IsInferenceProfile(id));

    private static AttributionInputs Inputs(
        string? account = null, (string, string)[]? tags = null, (string, string)[]? metadata = null, string? profile = null, string? principal = null) => new()
    {
        AccountId = account,
        Tags = (tags ?? []).ToDictionary(t => t.Item1, t => t.Item2),
        LogMetadata = (metadata ?? []).ToDictionary(t => t.Item1, t => t.Item2),
        InferenceProfile = profile,
        Principal = principal,
    };
}
