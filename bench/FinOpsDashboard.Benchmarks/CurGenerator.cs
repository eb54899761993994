using System.Globalization;
using System.Text;

namespace FinOpsDashboard.Benchmarks;

/// <summary>
/// Writes a CUR 2.0 CSV the way a Data Exports CUR 2.0 export with hourly granularity and resource ids looks: the
/// fixed column set, map columns as JSON, a month of lines over several accounts, ~40 Bedrock usage types across
/// teams and features (some untagged), and about a fifth other services. Deterministic for a seed.
/// </summary>
public static class CurGenerator
{
    private static readonly string[] Columns =
    [
        "bill_bill_type", "bill_billing_entity", "bill_billing_period_end_date", "bill_billing_period_start_date", "bill_invoice_id", "bill_invoicing_entity",
        "bill_payer_account_id", "bill_payer_account_name", "cost_category", "discount", "discount_bundled_discount", "discount_total_discount",
        "identity_line_item_id", "identity_time_interval", "line_item_availability_zone", "line_item_blended_cost", "line_item_blended_rate",
        "line_item_currency_code", "line_item_iam_principal", "line_item_legal_entity", "line_item_line_item_description", "line_item_line_item_type",
        "line_item_net_unblended_cost", "line_item_normalized_usage_amount", "line_item_operation", "line_item_product_code", "line_item_resource_id",
        "line_item_tax_type", "line_item_unblended_cost", "line_item_unblended_rate", "line_item_usage_account_id", "line_item_usage_account_name",
        "line_item_usage_amount", "line_item_usage_end_date", "line_item_usage_start_date", "line_item_usage_type", "pricing_currency",
        "pricing_lease_contract_length", "pricing_public_on_demand_cost", "pricing_public_on_demand_rate", "pricing_term", "pricing_unit", "product",
        "product_comment", "product_fee_code", "product_fee_description", "product_from_location", "product_from_location_type", "product_from_region_code",
        "product_instance_family", "product_instance_type", "product_location", "product_location_type", "product_operation", "product_pricing_unit",
        "product_product_family", "product_region_code", "product_servicecode", "product_sku", "product_to_location", "product_to_location_type",
        "product_to_region_code", "product_usagetype", "reservation_amortized_upfront_cost_for_usage", "reservation_effective_cost",
        "reservation_reservation_a_r_n", "resource_tags", "savings_plan_savings_plan_a_r_n", "savings_plan_savings_plan_effective_cost", "tags",
    ];

    private sealed record Meter(string ProductCode, string ProductName, string UsageType, string Unit, decimal Rate, string Region);

    private static readonly string[] Models = ["NovaPro", "NovaLite", "NovaMicro", "Nova2.0Lite", "Claude4.6Sonnet", "Claude4.5Haiku", "Llama3-3-70B", "MistralLarge"];
    private static readonly string[] Charges = ["input-tokens", "output-tokens", "input-tokens-batch", "output-tokens-batch", "cache-read-input-token-count"];
    private static readonly (string Team, string Feature)[] Owners =
    [
        ("search", "semantic-search"), ("search", "query-rewrite"), ("support", "agent-assist"), ("support", "ticket-summary"), ("growth", "email-drafts"),
        ("ml-platform", "nightly-tagging"), ("ml-platform", "embeddings"), ("legal", "contract-review"), ("finance", "invoice-extraction"),
        ("mobile", "chat"), ("mobile", "voice"), (string.Empty, string.Empty),
    ];

    public static long Write(string path, int rows, int seed = 42)
    {
        var random = new Random(seed);
        var meters = BuildMeters();
        var accounts = Enumerable.Range(0, 5).Select(i => (100000000000L + (i * 111111111L)).ToString(CultureInfo.InvariantCulture)).ToArray();
        var period = new DateTime(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc);
        using var file = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        file.Write(string.Join(',', Columns));
        file.Write('\n');
        var line = new StringBuilder(2048);
        for (var i = 0; i < rows; i++)
        {
            var meter = meters[random.Next(meters.Count)];
            var account = accounts[random.Next(accounts.Length)];
            var start = period.AddHours(random.Next(31 * 24));
            var quantity = meter.Unit == "Hrs" ? 1m : Math.Round((decimal)(random.NextDouble() * 500), 3);
            var cost = Math.Round(quantity * meter.Rate, 10);
            var (team, feature) = Owners[random.Next(Owners.Length)];
            var isBedrock = meter.ProductCode.StartsWith("AmazonBedrock", StringComparison.Ordinal) || meter.ProductCode.StartsWith("prod-", StringComparison.Ordinal);
            var resourceTags = team.Length == 0 ? string.Empty : Json($"\"user_team\":\"{team}\",\"user_feature\":\"{feature}\",\"user_env\":\"prod\"");
            var tags = team.Length == 0 ? Json("\"iamPrincipal/team\":\"search\"") : Json($"\"resourceTags/user:team\":\"{team}\",\"resourceTags/user:feature\":\"{feature}\",\"resourceTags/user:env\":\"prod\"");
            var product = Json($"\"product_name\":\"{meter.ProductName}\",\"servicename\":\"{meter.ProductName}\",\"region\":\"{meter.Region}\",\"usagetype\":\"{meter.UsageType}\"");
            var resource = isBedrock
                ? $"arn:aws:bedrock:{meter.Region}:{account}:application-inference-profile/{feature.GetHashCode(StringComparison.Ordinal) & 0xffffff:x6}"
                : $"i-0{random.Next(1 << 24):x6}";

            line.Clear();
            Append(line, "Anniversary", "AWS", "2026-06-01T00:00:00Z", "2026-05-01T00:00:00Z", string.Empty, "AWS", accounts[0], "payer", string.Empty, string.Empty, string.Empty, string.Empty);
            Append(line, $"li{i:x8}", $"{start:yyyy-MM-ddTHH:mm:ssZ}/{start.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}", string.Empty, Amount(cost), Amount(meter.Rate), "USD",
                isBedrock ? $"arn:aws:iam::{account}:role/app-{team}" : string.Empty, "\"Amazon Web Services, Inc.\"", $"{meter.UsageType} usage", "Usage", Amount(cost), string.Empty,
                "InvokeModel", meter.ProductCode, resource, string.Empty, Amount(cost), Amount(meter.Rate), account, "acct-" + account[..4], Amount(quantity),
                $"{start.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}", $"{start:yyyy-MM-ddTHH:mm:ssZ}", meter.UsageType, "USD", string.Empty, Amount(cost), Amount(meter.Rate), "OnDemand",
                meter.Unit, product, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty,
                "US East (N. Virginia)", "AWS Region", "InvokeModel", meter.Unit, isBedrock ? "Amazon Bedrock" : "Compute Instance", meter.Region, meter.ProductCode,
                $"SKU{meter.UsageType.GetHashCode(StringComparison.Ordinal) & 0xffff:X4}", string.Empty, string.Empty, string.Empty, meter.UsageType, string.Empty,
                string.Empty, string.Empty, resourceTags, string.Empty, string.Empty, tags);
            line[^1] = '\n';
            file.Write(line);
        }

        file.Flush();
        return file.BaseStream.Length;
    }

    private static List<Meter> BuildMeters()
    {
        var meters = new List<Meter>();
        foreach (var model in Models)
        {
            foreach (var charge in Charges)
            {
                var service = model.StartsWith("Claude", StringComparison.Ordinal) ? ("AmazonBedrockService", "Amazon Bedrock Service") : ("AmazonBedrock", "Amazon Bedrock");
                meters.Add(new Meter(service.Item1, service.Item2, $"USE1-{model}-{charge}", "1K tokens", 0.0008m, "us-east-1"));
            }
        }

        meters.Add(new Meter("AmazonBedrock", "Amazon Bedrock", "USE1-Nova2.0Lite-ProvisionedThroughput-1month-ModelUnits", "Hrs", 55m, "us-east-1"));
        meters.Add(new Meter("prod-7xhq3abc", "Claude 3 Haiku (Amazon Bedrock Edition)", "USE1-MP:USE1_InputTokenCount-Units", "1M tokens", 0.25m, "us-east-1"));
        meters.Add(new Meter("prod-7xhq3abc", "Claude 3 Haiku (Amazon Bedrock Edition)", "USE1-MP:USE1_OutputTokenCount-Units", "1M tokens", 1.25m, "us-east-1"));

        // About a fifth of the lines are other services.
        string[] others = ["USE1-BoxUsage:m5.large", "USE1-EBS:VolumeUsage.gp3", "USE1-TimedStorage-ByteHrs", "USE1-Lambda-GB-Second", "USE1-DataTransfer-Out-Bytes",
            "USE1-Requests-Tier1", "USE1-CW:MetricMonitorUsage", "USE1-NatGateway-Hours", "USE1-LoadBalancerUsage", "USE1-Aurora:StorageUsage"];
        foreach (var usage in others)
        {
            meters.Add(new Meter("AmazonEC2", "Amazon Elastic Compute Cloud", usage, "Hrs", 0.096m, "us-east-1"));
        }

        return meters;
    }

    private static string Json(string body) => "\"{" + body.Replace("\"", "\"\"", StringComparison.Ordinal) + "}\"";

    private static string Amount(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Append(StringBuilder line, params string[] fields)
    {
        foreach (var field in fields)
        {
            line.Append(field).Append(',');
        }
    }
}
