using System.Text;

namespace FinOpsDashboard.Infrastructure.Files;

public enum BillingKind
{
    Cur,
    Focus,
}

/// <summary>A recognised billing CSV header: which export, which version, and where each column is.</summary>
internal sealed class BillingHeader
{
    private readonly Dictionary<string, int> _columns;

    private BillingHeader(BillingKind kind, string format, Dictionary<string, int> columns, IReadOnlyList<string> names)
    {
        Kind = kind;
        Format = format;
        _columns = columns;
        Names = names;
    }

    public BillingKind Kind { get; }

    /// <summary>cur-2.0 | cur-legacy | focus-1.0 | focus-1.1 | focus-1.2.</summary>
    public string Format { get; }

    public string Source => Kind == BillingKind.Cur ? "cur" : "focus";

    /// <summary>The header as written, for messages ("line_item_unblended_cost").</summary>
    public IReadOnlyList<string> Names { get; }

    public int Count => Names.Count;

    /// <summary>Index of a column by its normalised name, or -1.</summary>
    public int this[string normalisedName] => _columns.GetValueOrDefault(normalisedName, -1);

    /// <summary>The first of several names that exists, or -1.</summary>
    public int First(params string[] normalisedNames)
    {
        foreach (var name in normalisedNames)
        {
            if (_columns.TryGetValue(name, out var index))
            {
                return index;
            }
        }

        return -1;
    }

    /// <summary>Columns whose normalised name starts with a prefix ("resource_tags_user_"), with the rest of the name.</summary>
    public IEnumerable<(string Suffix, int Index)> WithPrefix(string prefix) =>
        _columns.Where(c => c.Key.StartsWith(prefix, StringComparison.Ordinal) && c.Key.Length > prefix.Length)
            .Select(c => (c.Key[prefix.Length..], c.Value));

    /// <summary>
    /// CUR: usage account, usage start, unblended cost and product code or usage type. FOCUS: BilledCost,
    /// ChargePeriodStart, ServiceName and SubAccountId or BillingAccountId. Anything else is not a billing export.
    /// </summary>
    public static BillingHeader? Detect(IReadOnlyList<string> rawNames)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var legacy = false;
        for (var i = 0; i < rawNames.Count; i++)
        {
            legacy |= rawNames[i].Contains('/', StringComparison.Ordinal);
            columns.TryAdd(Normalise(rawNames[i]), i);
        }

        bool Has(string name) => columns.ContainsKey(name);

        if (Has("line_item_usage_account_id") && Has("line_item_usage_start_date") && Has("line_item_unblended_cost")
            && (Has("line_item_product_code") || Has("line_item_usage_type")))
        {
            return new BillingHeader(BillingKind.Cur, legacy ? "cur-legacy" : "cur-2.0", columns, rawNames);
        }

        if (Has("billed_cost") && Has("charge_period_start") && Has("service_name") && (Has("sub_account_id") || Has("billing_account_id")))
        {
            // 1.2 added invoicing and pricing-currency columns; 1.1 added ServiceSubcategory and SkuMeter.
            var version = Has("invoice_id") || Has("pricing_currency") ? "1.2"
                : Has("service_subcategory") || Has("sku_meter") ? "1.1"
                : "1.0";
            return new BillingHeader(BillingKind.Focus, "focus-" + version, columns, rawNames);
        }

        return null;
    }

    /// <summary>
    /// One spelling for every export's column names: "line_item_usage_type" (CUR 2.0), "lineItem/UsageType" (legacy CUR),
    /// "resourceTags/user:team" → "resource_tags_user_team", "BilledCost" → "billed_cost", "x_UsageType" → "x_usage_type",
    /// "product['product_name']" → "product_product_name".
    /// </summary>
    public static string Normalise(string name)
    {
        var text = name.Trim().TrimStart('\uFEFF').Trim('"');
        var builder = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiLetterUpper(c))
            {
                // A capital starts a word unless it continues an acronym ("IAM") or follows a separator.
                var previous = i > 0 ? text[i - 1] : '_';
                var next = i + 1 < text.Length ? text[i + 1] : '_';
                var startsWord = char.IsAsciiLetterLower(previous) || char.IsAsciiDigit(previous)
                    || (char.IsAsciiLetterUpper(previous) && char.IsAsciiLetterLower(next));
                if (startsWord && builder.Length > 0 && builder[^1] != '_')
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '_')
            {
                builder.Append('_');
            }
        }

        while (builder.Length > 0 && builder[^1] == '_')
        {
            builder.Length--;
        }

        return builder.ToString();
    }
}
