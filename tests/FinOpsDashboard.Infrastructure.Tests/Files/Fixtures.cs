using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace FinOpsDashboard.Infrastructure.Tests.Files;

/// <summary>One bill line, rendered by <see cref="Fixtures.Cur"/> and <see cref="Fixtures.Focus"/> into equivalent files.</summary>
public sealed record Charge(string Account, DateOnly Day, string UsageType, decimal Quantity, string PricingUnit, decimal Cost)
{
    public string ProductCode { get; init; } = "AmazonBedrock";
    public string ProductName { get; init; } = "Amazon Bedrock";
    public string? Team { get; init; }
    public string? Feature { get; init; }
    public string? PrincipalTeam { get; init; }
    public string LineItemType { get; init; } = "Usage";
    public decimal? EffectiveCost { get; init; }
    public string Region { get; init; } = "us-east-1";
    public string? Principal { get; init; } = "arn:aws:iam::111122223333:role/app";
    public bool IsBedrock => ProductCode.StartsWith("AmazonBedrock", StringComparison.Ordinal) || ProductName.EndsWith("(Amazon Bedrock Edition)", StringComparison.Ordinal);
}

/// <summary>Builders for CUR 2.0, legacy CUR, FOCUS 1.0 / 1.2 CSV files and invocation-log JSON lines, from the documented columns.</summary>
public static class Fixtures
{
    public const string AccountA = "111122223333";
    public const string AccountB = "444455556666";
    public static readonly DateOnly May1 = new(2026, 5, 1);
    public static readonly DateOnly May2 = new(2026, 5, 2);
    public static readonly DateOnly Jun1 = new(2026, 6, 1);

    /// <summary>The columns a CUR 2.0 export has (a realistic subset of the fixed schema, in its order).</summary>
    public static readonly string[] CurColumns =
    [
        "bill_bill_type", "bill_billing_entity", "bill_billing_period_end_date", "bill_billing_period_start_date", "bill_invoice_id",
        "bill_payer_account_id", "identity_line_item_id", "identity_time_interval", "line_item_blended_cost", "line_item_currency_code",
        "line_item_iam_principal", "line_item_line_item_description", "line_item_line_item_type", "line_item_operation", "line_item_product_code",
        "line_item_resource_id", "line_item_unblended_cost", "line_item_unblended_rate", "line_item_usage_account_id", "line_item_usage_amount",
        "line_item_usage_end_date", "line_item_usage_start_date", "line_item_usage_type", "pricing_public_on_demand_cost", "pricing_unit", "product",
        "product_region_code", "product_servicecode", "reservation_effective_cost", "resource_tags", "savings_plan_savings_plan_effective_cost", "tags",
    ];

    public static readonly string[] FocusColumns =
    [
        "AvailabilityZone", "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart",
        "ChargeCategory", "ChargeDescription", "ChargePeriodEnd", "ChargePeriodStart", "ConsumedQuantity", "ConsumedUnit", "EffectiveCost", "InvoiceId",
        "ListCost", "PricingCurrency", "PricingQuantity", "PricingUnit", "RegionId", "ResourceId", "ServiceCategory", "ServiceName", "ServiceSubcategory",
        "SkuId", "SkuMeter", "SubAccountId", "SubAccountName", "Tags", "x_Discounts", "x_Operation", "x_ServiceCode",
    ];

    /// <summary>A month of mixed lines: Bedrock (on-demand, batch, cache, PT, Marketplace, Bedrock Service, tax) and other services.</summary>
    public static List<Charge> MixedMonth() =>
    [
        new(AccountA, May1, "USE1-NovaPro-input-tokens", 1500m, "1K tokens", 1.2m) { Team = "search", Feature = "semantic-search" },
        new(AccountA, May1, "USE1-NovaPro-output-tokens", 300m, "1K tokens", 0.96m) { Team = "search", Feature = "semantic-search" },

        // Same grain as the first line (another resource): summed.
        new(AccountA, May1, "USE1-NovaPro-input-tokens", 500m, "1K tokens", 0.4m) { Team = "search", Feature = "semantic-search" },
        new(AccountA, May1, "USE1-NovaMicro-input-tokens-batch", 10000m, "1K tokens", 0.175m) { Team = "ml-platform", Feature = "nightly-tagging" },
        new(AccountA, May2, "USW2-Claude4.6Sonnet-input-tokens", 2000m, "1K tokens", 6.6m) { ProductCode = "AmazonBedrockService", ProductName = "Amazon Bedrock Service", Team = "support", Feature = "agent-assist", Region = "us-west-2" },
        new(AccountA, May2, "USW2-Claude4.6Sonnet-cache-read-input-token-count", 8000m, "1K tokens", 2.64m) { ProductCode = "AmazonBedrockService", ProductName = "Amazon Bedrock Service", Team = "support", Feature = "agent-assist", Region = "us-west-2" },
        new(AccountA, May2, "USW2-Claude4.6Sonnet-cache-write-input-token-count-1-hour", 400m, "1K tokens", 2.64m) { ProductCode = "AmazonBedrockService", ProductName = "Amazon Bedrock Service", Team = "support", Feature = "agent-assist", Region = "us-west-2" },

        // No resource tag: the caller's principal tag attributes the team.
        new(AccountA, May2, "USE1-NovaLite-input-tokens", 4000m, "1K tokens", 0.24m) { PrincipalTeam = "growth" },

        // Nothing at all: unattributed.
        new(AccountA, May2, "USE1-NovaLite-output-tokens", 1000m, "1K tokens", 0.24m),
        new(AccountB, May1, "USE1-MP:USE1_InputTokenCount-Units", 2m, "1M tokens", 0.5m) { ProductCode = "prod-7xhq3", ProductName = "Claude 3 Haiku (Amazon Bedrock Edition)", Team = "search", Feature = "query-rewrite" },
        new(AccountB, May1, "USE1-Nova2.0Lite-ProvisionedThroughput-1month-ModelUnits", 24m, "Hrs", 1320m) { Team = "ml-platform", Feature = "pt-pool" },
        new(AccountB, May2, string.Empty, 0m, string.Empty, 0.12m) { LineItemType = "Tax", Team = "search", Feature = "semantic-search" },

        // Not Bedrock.
        new(AccountA, May1, "USE1-BoxUsage:m5.large", 24m, "Hrs", 2.304m) { ProductCode = "AmazonEC2", ProductName = "Amazon Elastic Compute Cloud", Team = "search" },
        new(AccountB, May2, "USE1-TimedStorage-ByteHrs", 120m, "GB-Mo", 2.76m) { ProductCode = "AmazonS3", ProductName = "Amazon Simple Storage Service" },
    ];

    public static string Cur(IEnumerable<Charge> charges, Func<Charge, IDictionary<string, string>, IDictionary<string, string>>? edit = null)
    {
        var builder = new StringBuilder();
        builder.AppendLine(string.Join(',', CurColumns));
        var n = 0;
        foreach (var c in charges)
        {
            var row = CurRow(c, ++n);
            IDictionary<string, string> fields = edit is null ? row : edit(c, row);
            builder.AppendLine(string.Join(',', CurColumns.Select(col => Field(fields.TryGetValue(col, out var v) ? v : string.Empty))));
        }

        return builder.ToString();
    }

    /// <summary>The CUR 2.0 fields of one charge by column name; <paramref name="n"/> numbers the line item.</summary>
    public static Dictionary<string, string> CurRow(Charge c, int n)
    {
        var period = new DateOnly(c.Day.Year, c.Day.Month, 1);
        var row = new Dictionary<string, string>
        {
            ["bill_bill_type"] = "Anniversary",
            ["bill_billing_entity"] = c.IsBedrock && c.ProductCode.StartsWith("prod-", StringComparison.Ordinal) ? "AWS Marketplace" : "AWS",
            ["bill_billing_period_end_date"] = Stamp(period.AddMonths(1)),
            ["bill_billing_period_start_date"] = Stamp(period),
            ["bill_payer_account_id"] = AccountA,
            ["identity_line_item_id"] = "li" + n.ToString(CultureInfo.InvariantCulture),
            ["identity_time_interval"] = $"{Stamp(c.Day)}/{Stamp(c.Day.AddDays(1))}",
            ["line_item_blended_cost"] = Amount(c.Cost),
            ["line_item_currency_code"] = "USD",
            ["line_item_iam_principal"] = c.Principal ?? string.Empty,
            ["line_item_line_item_description"] = "Bill line " + n,
            ["line_item_line_item_type"] = c.LineItemType,
            ["line_item_operation"] = "InvokeModel",
            ["line_item_product_code"] = c.ProductCode,
            ["line_item_resource_id"] = string.Empty,
            ["line_item_unblended_cost"] = Amount(c.Cost),
            ["line_item_unblended_rate"] = c.Quantity == 0 ? string.Empty : Amount(c.Cost / c.Quantity),
            ["line_item_usage_account_id"] = c.Account,
            ["line_item_usage_amount"] = Amount(c.Quantity),
            ["line_item_usage_end_date"] = Stamp(c.Day.AddDays(1)),
            ["line_item_usage_start_date"] = Stamp(c.Day),
            ["line_item_usage_type"] = c.UsageType,
            ["pricing_public_on_demand_cost"] = Amount(c.Cost),
            ["pricing_unit"] = c.PricingUnit,
            ["product"] = Json(new Dictionary<string, string> { ["product_name"] = c.ProductName, ["servicename"] = c.ProductName, ["region"] = c.Region }),
            ["product_region_code"] = c.Region,
            ["product_servicecode"] = c.ProductCode,
            ["reservation_effective_cost"] = string.Empty,
            ["resource_tags"] = Json(Tags(("user_team", c.Team), ("user_feature", c.Feature))),
            ["savings_plan_savings_plan_effective_cost"] = string.Empty,
            ["tags"] = Json(Tags(("resourceTags/user:team", c.Team), ("resourceTags/user:feature", c.Feature), ("iamPrincipal/team", c.PrincipalTeam))),
        };
        if (c.EffectiveCost is { } effective)
        {
            row["savings_plan_savings_plan_effective_cost"] = Amount(effective);
        }

        return row;
    }

    public static string Focus(IEnumerable<Charge> charges, string[]? columns = null, bool usageTypeInXColumn = false)
    {
        var header = columns ?? FocusColumns;
        if (usageTypeInXColumn)
        {
            header = header.Where(h => h is not ("SkuMeter" or "ServiceSubcategory" or "InvoiceId" or "PricingCurrency")).Append("x_UsageType").ToArray();
        }

        var builder = new StringBuilder();
        builder.AppendLine(string.Join(',', header));
        foreach (var c in charges)
        {
            var row = FocusRow(c);
            builder.AppendLine(string.Join(',', header.Select(col => Field(row.TryGetValue(col, out var v) ? v : string.Empty))));
        }

        return builder.ToString();
    }

    /// <summary>The FOCUS 1.2 fields of one charge by column name (x_UsageType included, for FOCUS 1.0 headers).</summary>
    public static Dictionary<string, string> FocusRow(Charge c)
    {
        var period = new DateOnly(c.Day.Year, c.Day.Month, 1);
        return new Dictionary<string, string>
        {
            ["BilledCost"] = Amount(c.Cost),
            ["BillingAccountId"] = AccountA,
            ["BillingAccountName"] = "payer",
            ["BillingCurrency"] = "USD",
            ["BillingPeriodEnd"] = Stamp(period.AddMonths(1)),
            ["BillingPeriodStart"] = Stamp(period),
            ["ChargeCategory"] = c.LineItemType == "Tax" ? "Tax" : "Usage",
            ["ChargeDescription"] = "Bill line for " + c.UsageType,
            ["ChargePeriodEnd"] = Stamp(c.Day.AddDays(1)),
            ["ChargePeriodStart"] = Stamp(c.Day),
            ["ConsumedQuantity"] = Amount(c.Quantity),
            ["ConsumedUnit"] = c.PricingUnit,
            ["EffectiveCost"] = Amount(c.EffectiveCost ?? c.Cost),
            ["ListCost"] = Amount(c.Cost),
            ["PricingCurrency"] = "USD",
            ["PricingQuantity"] = Amount(c.Quantity),
            ["PricingUnit"] = c.PricingUnit,
            ["RegionId"] = c.Region,
            ["ServiceCategory"] = c.IsBedrock ? "AI and Machine Learning" : "Compute",
            ["ServiceName"] = c.ProductName,
            ["ServiceSubcategory"] = c.IsBedrock ? "Generative AI" : "Virtual Machines",
            ["SkuId"] = "SKU" + Math.Abs(c.UsageType.GetHashCode(StringComparison.Ordinal)).ToString(CultureInfo.InvariantCulture),
            ["SkuMeter"] = c.UsageType,
            ["SubAccountId"] = c.Account,
            ["SubAccountName"] = "acct-" + c.Account[..Math.Min(4, c.Account.Length)],
            ["Tags"] = Json(Tags(("team", c.Team), ("feature", c.Feature), ("iamPrincipal/team", c.PrincipalTeam))),
            ["x_Operation"] = "InvokeModel",
            ["x_ServiceCode"] = c.ProductCode,
            ["x_UsageType"] = c.UsageType,
        };
    }

    public static string Stamp(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z";

    public static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    /// <summary>One model invocation log record as Bedrock writes it, bodies included (which must never be stored).</summary>
    public static string LogRecord(
        string timestamp,
        string modelId,
        long input,
        long output,
        long cacheRead = 0,
        long cacheWrite = 0,
        IDictionary<string, string>? metadata = null,
        string prompt = "Hello",
        string completion = "Hi there",
        string operation = "Converse",
        string? accountId = Fixtures.AccountA,
        string? region = "us-east-1",
        string caller = "arn:aws:sts::111122223333:assumed-role/app/session")
    {
        var record = new Dictionary<string, object?>
        {
            ["schemaType"] = "ModelInvocationLog",
            ["schemaVersion"] = "1.0",
            ["timestamp"] = timestamp,
            ["accountId"] = accountId,
            ["identity"] = new Dictionary<string, object> { ["arn"] = caller },
            ["region"] = region,
            ["requestId"] = Guid.NewGuid().ToString(),
            ["operation"] = operation,
            ["modelId"] = modelId,
            ["input"] = new Dictionary<string, object>
            {
                ["inputContentType"] = "application/json",
                ["inputBodyJson"] = new Dictionary<string, object>
                {
                    ["messages"] = new[] { new Dictionary<string, object> { ["role"] = "user", ["content"] = new[] { new Dictionary<string, string> { ["text"] = prompt } } } },
                    ["system"] = new[] { new Dictionary<string, string> { ["text"] = "System: " + prompt } },
                },
                ["inputTokenCount"] = input,
                ["cacheReadInputTokenCount"] = cacheRead,
                ["cacheWriteInputTokenCount"] = cacheWrite,
            },
            ["output"] = new Dictionary<string, object>
            {
                ["outputContentType"] = "application/json",
                ["outputBodyJson"] = new Dictionary<string, object>
                {
                    ["output"] = new Dictionary<string, object> { ["message"] = new Dictionary<string, object> { ["role"] = "assistant", ["content"] = new[] { new Dictionary<string, string> { ["text"] = completion } } } },
                    ["usage"] = new Dictionary<string, long> { ["inputTokens"] = input, ["outputTokens"] = output },
                },
                ["outputTokenCount"] = output,
            },
        };
        if (metadata is not null)
        {
            record["requestMetadata"] = metadata;
        }

        if (accountId is null)
        {
            record.Remove("accountId");
        }

        if (region is null)
        {
            record.Remove("region");
        }

        return JsonSerializer.Serialize(record);
    }

    private static Dictionary<string, string> Tags(params (string Key, string? Value)[] pairs) =>
        pairs.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!);

    private static string Json(Dictionary<string, string> map) => map.Count == 0 ? string.Empty : JsonSerializer.Serialize(map);

    private static string Amount(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
