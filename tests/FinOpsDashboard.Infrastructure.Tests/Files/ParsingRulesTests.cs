using System.Text;
using FinOpsDashboard.Infrastructure.Files;

namespace FinOpsDashboard.Infrastructure.Tests.Files;

public sealed class ParsingRulesTests
{
    [Theory]
    [InlineData("CUR 2.0", "line_item_usage_type", "line_item_usage_type")]
    [InlineData("legacy CUR", "lineItem/UsageAccountId", "line_item_usage_account_id")]
    [InlineData("legacy tag column", "resourceTags/user:team", "resource_tags_user_team")]
    [InlineData("FOCUS", "BilledCost", "billed_cost")]
    [InlineData("FOCUS provider column", "x_UsageType", "x_usage_type")]
    [InlineData("acronym", "lineItem/IAMPrincipal", "line_item_iam_principal")]
    [InlineData("map accessor", "product['product_name']", "product_product_name")]
    [InlineData("byte order mark", "\uFEFFbill_bill_type", "bill_bill_type")]
    public void HeaderNames_NormaliseToOneSpelling(string because, string header, string expected) =>
        Assert.True(BillingHeader.Normalise(header) == expected, $"{because}: {header} → {BillingHeader.Normalise(header)}");

    [Theory]
    [InlineData("1K tokens", "tokens", 1000, true)]
    [InlineData("1M tokens", "tokens", 1_000_000, true)]
    [InlineData("1,000 Tokens", "tokens", 1000, true)]
    [InlineData("Tokens", "tokens", 1, true)]
    [InlineData("1K input tokens", "tokens", 1000, true)]
    [InlineData("Hrs", "hours", 1, true)]
    [InlineData("Model-Unit-Hours", "hours", 1, true)]
    [InlineData("Units", "Units", 1, false)]
    [InlineData("GB-Mo", "GB-Mo", 1, false)]
    public void PricingUnits_GiveATokenMultiplier_OrAreReportedUnknown(string text, string unit, long multiplier, bool known) =>
        Assert.Equal(new QuantityUnit(unit, multiplier, known), PricingUnits.Parse(text));

    [Theory]
    [InlineData("2026-05-01T00:00:00Z", "2026-05-01")]
    [InlineData("2026-05-01T23:59:59.999Z", "2026-05-01")]
    [InlineData("2026-05-01 10:00:00", "2026-05-01")]
    [InlineData("2026-05-01", "2026-05-01")]
    [InlineData("2026-05-01T01:00:00+02:00", "2026-04-30")]
    [InlineData("2026-04-30T22:00:00-05:00", "2026-05-01")]
    public void BillTimestamps_GiveTheUtcDay(string text, string day)
    {
        Assert.True(Parsing.TryUtcDay(Encoding.UTF8.GetBytes(text), out var fromBytes));
        Assert.True(Parsing.TryUtcDay(text, out var fromString));
        Assert.Equal(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), fromBytes);
        Assert.Equal(fromBytes, fromString);
    }

    [Theory]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-02-30")]
    [InlineData("yesterday")]
    [InlineData("")]
    public void BadTimestamps_AreRefused(string text) => Assert.False(Parsing.TryUtcDay(Encoding.UTF8.GetBytes(text), out _));

    [Theory]
    [InlineData("0.0000123", "0.0000123")]
    [InlineData("1.2E-7", "0.00000012")]
    [InlineData("-3.5", "-3.5")]
    public void Amounts_ParseWithTheInvariantCulture(string text, string expected)
    {
        Assert.True(Parsing.TryDecimal(Encoding.UTF8.GetBytes(text), out var value));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Fact]
    public void TagMaps_AcceptJson_AndAthenasKeyEqualsRendering()
    {
        var tags = new TagAttribution(["team"], ["feature"]);

        Assert.True(tags.TryRead("""{"user_team":"search","user_feature":"rag"}""", out var cur2, out _));
        Assert.True(tags.TryRead("{user_team=search, user_feature=rag}", out var athena, out _));
        Assert.True(tags.TryRead("""{"resourceTags/user:team":"search","iamPrincipal/team":"ops","iamPrincipal/feature":"bot"}""", out var resource, out var principal));
        Assert.False(tags.TryRead("team=search", out _, out _));

        Assert.Equal(new TagValues("search", "rag"), cur2);
        Assert.Equal(cur2, athena);
        Assert.Equal(new TagValues("search", null), resource);
        Assert.Equal(new TagValues("ops", "bot"), principal);
    }
}
