using System.Globalization;
using System.Text;
using CsvHelper;
using FinOpsDashboard.Domain.Attribution;
using FinOpsDashboard.Domain.Classification;

namespace FinOpsDashboard.Infrastructure.Files;

/// <summary>
/// Streams one CUR 2.0 / legacy CUR / FOCUS 1.x CSV row by row into a <see cref="BillingAggregator"/>. Non-Bedrock rows
/// are counted and skipped before any value is parsed; a bad Bedrock row becomes a rejection (line, column, reason).
/// </summary>
internal sealed class BillingCsvReader(TagAttribution tags, int maxLineBytes, int maxFieldLength)
{
    public const string ExpectedFormats = "CUR 2.0 CSV (line_item_* columns), FOCUS 1.0-1.2 CSV (BilledCost, ChargePeriodStart, ServiceName, SubAccountId) or Bedrock model invocation logs (JSON lines)";

    private const int MaxRawLineLength = 500;
    private const int MaxRawFieldLength = 120;
    private const string GenerativeAi = "Generative AI";

    // The header's column count, for the "wrong number of columns" message of lines the reader skips.
    private int _columnCount;

    /// <summary>Reads the file; null when the header is not a billing export (nothing was aggregated).</summary>
    public BillingHeader? Read(Stream content, FileStats stats, BillingAggregator aggregator, Action<long> onRows, CancellationToken cancellationToken)
    {
        var lines = new LineCounter();

        // Over-long lines are cut before the parser sees them, so it never buffers more than the limit for one record;
        // each cut line is then refused by number, whatever its (partial) content parses to.
        var guarded = new LineLengthGuard(content, maxLineBytes);
        var tooLong = $"Line longer than {maxLineBytes:N0} bytes (Imports:MaxCsvLineBytes): not read.";
        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            FormatProvider = CultureInfo.InvariantCulture,

            // Bills repeat the same few hundred strings millions of times: share them instead of allocating each.
            PoolStrings = true,

            // No bill field holds a line break: one stray quote must cost one line, not swallow the rest of the file.
            // Every physical line is then one record, returned or reported as malformed (blank lines included), so
            // line numbers follow from the record counts; the reader's own line tracking costs ~10 % of the parse.
            AllowLineBreaksInQuotes = false,
            SkipEmptyLines = false,
            TrackLineNumbers = false,
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Skip,
            MaxRecordSize = maxLineBytes + (64 * 1024),
            IncludeValuesInExceptions = false,
            OnMalformedRecord = bad =>
            {
                // RecordNumber counts the header and the records returned before this one; add the lines skipped before it.
                var line = bad.RecordNumber + lines.SkippedSoFar;
                lines.Skipped(bad.RecordNumber);
                if (string.IsNullOrEmpty(bad.RawRecord))
                {
                    return;
                }

                stats.RowsRead++;
                var reason = guarded.WasCut(line) ? tooLong : Describe(bad.Reason, stats.Format is null ? 0 : _columnCount);
                stats.Reject(line, null, reason, stats.KeepsRejectionText ? ScrubRaw(bad.RawRecord) : null);
            },
        };
        using var csv = CsvReader.Create(guarded, options, leaveOpen: true);
        var names = csv.Headers;
        if (names.Count == 0)
        {
            stats.RejectedWholeReason = $"The file is empty. Expected one of: {ExpectedFormats}.";
            return null;
        }

        var header = BillingHeader.Detect(names);
        if (header is null)
        {
            var shown = string.Join(", ", names.Take(6).Select(n => n.Length > 40 ? n[..40] + "…" : n));
            stats.RejectedWholeReason = $"Unknown header (first columns: {shown}). Expected one of: {ExpectedFormats}.";
            return null;
        }

        stats.Format = header.Format;
        _columnCount = header.Count;
        var mapper = new RowMapper(header, tags, maxFieldLength);
        string? lastAccount = null;
        PeriodRange lastPeriod = default;
        long sinceReport = 0;
        while (csv.Read())
        {
            stats.RowsRead++;
            BillLine bill = default;
            string? column = null;
            string? reason = tooLong;
            var outcome = guarded.HasCutLines && guarded.WasCut(lines.LineOf(csv.RowNumber))
                ? RowOutcome.Rejected
                : mapper.Map(csv, out bill, out column, out reason);
            switch (outcome)
            {
                case RowOutcome.Kept:
                    stats.RowsKept++;
                    if (!ReferenceEquals(bill.AccountId, lastAccount) || bill.Period != lastPeriod)
                    {
                        (lastAccount, lastPeriod) = (bill.AccountId, bill.Period);
                        stats.Accounts.Add(bill.AccountId);
                        stats.Periods.Add(bill.Period.Start);
                    }

                    if (!aggregator.Add(bill))
                    {
                        stats.UnknownUnitRows++;
                    }

                    break;
                case RowOutcome.NotBedrock:
                    stats.RowsSkipped++;
                    break;
                default:
                    stats.Reject(lines.LineOf(csv.RowNumber), column, reason!, stats.KeepsRejectionText ? RawLine(csv) : null);
                    break;
            }

            if (++sinceReport == 4096)
            {
                onRows(sinceReport);
                sinceReport = 0;
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        onRows(sinceReport);
        return header;
    }

    private static string Describe(CsvMalformedReason reason, int columns) => reason switch
    {
        CsvMalformedReason.FieldCountMismatch => columns > 0 ? $"Wrong number of columns (the header has {columns})." : "Wrong number of columns.",
        CsvMalformedReason.StrayQuote => "Malformed quoting: a quote inside an unquoted field.",
        CsvMalformedReason.TextAfterClosingQuote => "Malformed quoting: text after a closing quote.",
        CsvMalformedReason.UnterminatedQuote => "Malformed quoting: a quoted field is never closed.",
        CsvMalformedReason.LineBreakInQuotes => "Malformed quoting: a line break inside a quoted field.",
        _ => "Malformed line: " + reason,
    };

    /// <summary>The row as text for the data-quality page: long free-text fields withheld, at most 500 characters.</summary>
    private static string RawLine(CsvReader row)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < row.FieldCount && builder.Length <= MaxRawLineLength; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            var field = row.GetString(i) ?? string.Empty;
            if (field.Length > MaxRawFieldLength)
            {
                builder.Append('[').Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(" characters withheld]");
            }
            else if (field.AsSpan().IndexOfAny(",\"\n\r") >= 0)
            {
                builder.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                builder.Append(field);
            }
        }

        return builder.Length > MaxRawLineLength ? builder.ToString(0, MaxRawLineLength) : builder.ToString();
    }

    /// <summary>A malformed line as written: runs of text longer than a bill field would be are withheld.</summary>
    private static string ScrubRaw(string? raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return string.Empty;
        }

        var parts = raw.Split(',');
        var scrubbed = string.Join(',', parts.Select(p => p.Length > MaxRawFieldLength ? $"[{p.Length} characters withheld]" : p));
        return scrubbed.Length > MaxRawLineLength ? scrubbed[..MaxRawLineLength] : scrubbed;
    }

    /// <summary>
    /// Physical line numbers without the reader's line tracking: data record r (1-based) is on line r + 1 plus the
    /// lines skipped before it. Skipped lines are reported in file order, possibly ahead of the records returned.
    /// </summary>
    private sealed class LineCounter
    {
        private readonly Queue<long> _pending = new();
        private long _skippedBeforeCurrent;

        public long SkippedSoFar { get; private set; }

        public void Skipped(long recordNumber)
        {
            SkippedSoFar++;
            _pending.Enqueue(recordNumber);
        }

        public long LineOf(long rowNumber)
        {
            // A line skipped after r - 1 returned records has RecordNumber r + 1 (header included): it precedes record r.
            while (_pending.TryPeek(out var skipped) && skipped <= rowNumber + 1)
            {
                _pending.Dequeue();
                _skippedBeforeCurrent++;
            }

            return rowNumber + 1 + _skippedBeforeCurrent;
        }
    }

    internal enum RowOutcome
    {
        Kept,
        NotBedrock,
        Rejected,
    }

    /// <summary>Column positions resolved once per file, and the per-row mapping to a <see cref="BillLine"/>.</summary>
    private sealed class RowMapper
    {
        private readonly BillingHeader _header;
        private readonly TagAttribution _tags;
        private readonly int _maxFieldLength;
        private readonly bool _isCur;
        private readonly int _account;
        private readonly int _usageStart;
        private readonly int[] _usageType;
        private readonly int _productCode;
        private readonly int _serviceCode;
        private readonly int _productName;
        private readonly int _productMap;
        private readonly int _serviceName;
        private readonly int _serviceSubcategory;
        private readonly int _unblended;
        private readonly int _effective;
        private readonly int _reservationEffective;
        private readonly int _savingsPlanEffective;
        private readonly int _lineItemType;
        private readonly int _quantity;
        private readonly int _quantityFallback;
        private readonly int _unit;
        private readonly int _unitFallback;
        private readonly int _region;
        private readonly int _periodStart;
        private readonly int _periodEnd;
        private readonly int _resourceTagMap;
        private readonly int _tagMap;
        private readonly int[] _flatTeam;
        private readonly int[] _flatFeature;
        private readonly int _resourceId;
        private readonly int _principal;
        private string? _lastResourceText;
        private string _lastProfile = string.Empty;
        private readonly Utf8Memo<string?> _productNames = new();
        private readonly Dictionary<string, bool> _isBedrock = new(StringComparer.Ordinal);
        private byte[] _lastPeriodStart = [];
        private byte[] _lastPeriodEnd = [];
        private DateOnly _lastPeriodStartDay;
        private DateOnly _lastPeriodEndDay;

        public RowMapper(BillingHeader header, TagAttribution tags, int maxFieldLength)
        {
            _header = header;
            _tags = tags;
            _maxFieldLength = maxFieldLength;
            _isCur = header.Kind == BillingKind.Cur;
            if (_isCur)
            {
                _account = header["line_item_usage_account_id"];
                _usageStart = header["line_item_usage_start_date"];
                _usageType = [header["line_item_usage_type"]];
                _productCode = header["line_item_product_code"];
                _serviceCode = header["product_servicecode"];
                _productName = header.First("product_product_name", "product_name");
                _productMap = header["product"];
                _serviceName = -1;
                _serviceSubcategory = -1;
                _unblended = header["line_item_unblended_cost"];
                _effective = -1;
                _reservationEffective = header["reservation_effective_cost"];
                _savingsPlanEffective = header["savings_plan_savings_plan_effective_cost"];
                _lineItemType = header["line_item_line_item_type"];
                _quantity = header["line_item_usage_amount"];
                _quantityFallback = -1;
                _unit = header["pricing_unit"];
                _unitFallback = -1;
                _region = header.First("product_region_code", "product_region");
                _periodStart = header["bill_billing_period_start_date"];
                _periodEnd = header["bill_billing_period_end_date"];
                _resourceTagMap = header["resource_tags"];
                _tagMap = header["tags"];
                _flatTeam = FlatTagColumns(header, tags.TeamKeys);
                _flatFeature = FlatTagColumns(header, tags.FeatureKeys);
                _resourceId = header["line_item_resource_id"];
                _principal = header["line_item_iam_principal"];
            }
            else
            {
                _account = header.First("sub_account_id", "billing_account_id");
                _usageStart = header["charge_period_start"];

                // FOCUS has no usage-type column in every version: AWS's x_UsageType (1.0), SkuMeter (1.1+, which AWS
                // fills with the usage type), then the free-text description and the SKU, which rarely classify.
                _usageType = new[] { header["x_usage_type"], header["sku_meter"], header["charge_description"], header["sku_id"] }.Where(i => i >= 0).ToArray();
                _productCode = -1;
                _serviceCode = header["x_service_code"];
                _productName = -1;
                _productMap = -1;
                _serviceName = header["service_name"];
                _serviceSubcategory = header["service_subcategory"];
                _unblended = header["billed_cost"];
                _effective = header["effective_cost"];
                _reservationEffective = -1;
                _savingsPlanEffective = -1;
                _lineItemType = header["charge_category"];
                _quantity = header["pricing_quantity"];
                _quantityFallback = header["consumed_quantity"];
                _unit = header["pricing_unit"];
                _unitFallback = header["consumed_unit"];
                _region = header.First("region_id", "region");
                _periodStart = header["billing_period_start"];
                _periodEnd = header["billing_period_end"];
                _resourceTagMap = -1;
                _tagMap = header["tags"];
                _flatTeam = [];
                _flatFeature = [];
                _resourceId = header["resource_id"];

                // FOCUS names no caller; principal tags still arrive in Tags as "iamPrincipal/<key>".
                _principal = -1;
            }
        }

        public RowOutcome Map(CsvReader row, out BillLine line, out string? column, out string? reason)
        {
            line = default;
            column = null;
            reason = null;
            var service = _isCur ? CurService(row) : FocusService(row);
            if (service is null)
            {
                return RowOutcome.NotBedrock;
            }

            var account = Field(row, _account);
            if (account.Length == 0 || char.IsWhiteSpace(account[0]) || char.IsWhiteSpace(account[^1]))
            {
                account = account.Trim();
                if (account.Length == 0)
                {
                    return Reject(_account, "The usage account id is empty.", out column, out reason);
                }
            }

            var start = Span(row, _usageStart);
            if (!Parsing.TryUtcDay(start, out var day))
            {
                return Reject(_usageStart, $"'{Short(start)}' is not a date.", out column, out reason);
            }

            if (!TryAmount(row, _unblended, required: true, out var unblended, out column, out reason))
            {
                return RowOutcome.Rejected;
            }

            if (!TryAmortized(row, unblended, out var amortized, out column, out reason))
            {
                return RowOutcome.Rejected;
            }

            var quantityColumn = _quantity >= 0 && !Span(row, _quantity).IsEmpty ? _quantity : _quantityFallback;
            if (!TryAmount(row, quantityColumn, required: false, out var quantity, out column, out reason))
            {
                return RowOutcome.Rejected;
            }

            if (Math.Abs(quantity) > Parsing.MaxQuantity / 1_000_000m)
            {
                return Reject(quantityColumn, $"Quantity {quantity} is out of range.", out column, out reason);
            }

            var unitColumn = _unit;
            var unitText = Field(row, _unit);
            if (unitText.Length == 0)
            {
                unitColumn = _unitFallback;
                unitText = Field(row, _unitFallback);
            }

            if (!TryPeriod(row, day, out var period, out column, out reason))
            {
                return RowOutcome.Rejected;
            }

            if (!TryTags(row, out var teamTag, out var featureTag, out column, out reason))
            {
                return RowOutcome.Rejected;
            }

            var usageType = UsageType(row, out var usageTypeColumn);
            if (usageType.Length == 0)
            {
                // Tax, credits and fees carry no usage type: kept under their line type, unclassified.
                var lineType = Field(row, _lineItemType);
                (usageType, usageTypeColumn) = ("(" + (lineType.Length > 0 ? lineType : "no usage type") + ")", _lineItemType);
            }

            var profile = Profile(row);
            var principal = Field(row, _principal).Trim();
            var region = _region >= 0 ? Field(row, _region) : null;

            // Every text below is stored with the fact: one longer than any AWS value can be is a broken or hostile line.
            if (TooLong(account, _account, out column, out reason)
                || TooLong(service, _isCur ? (_productName >= 0 ? _productName : _productMap) : _serviceName, out column, out reason)
                || TooLong(usageType, usageTypeColumn, out column, out reason)
                || TooLong(profile, _resourceId, out column, out reason)
                || TooLong(principal, _principal, out column, out reason)
                || TooLong(region, _region, out column, out reason)
                || TooLong(unitText, unitColumn, out column, out reason))
            {
                return RowOutcome.Rejected;
            }

            line = new BillLine(
                _header.Source, account, day, service, usageType, teamTag, featureTag, profile, principal,
                quantity, unitText, unblended, amortized, region, period);
            return RowOutcome.Kept;
        }

        /// <summary>CUR: Bedrock product codes, or a Marketplace "(Amazon Bedrock Edition)" product. The service is the product name, as in Cost Explorer.</summary>
        private string? CurService(CsvReader row)
        {
            var code = Span(row, _productCode).Trim(" \t"u8);
            if (code.SequenceEqual("AmazonBedrock"u8))
            {
                return ProductName(row) ?? "Amazon Bedrock";
            }

            if (code.SequenceEqual("AmazonBedrockService"u8))
            {
                return ProductName(row) ?? "Amazon Bedrock Service";
            }

            var name = ProductName(row);
            if (name is not null && IsBedrock(name))
            {
                return name;
            }

            var codeText = Field(row, _productCode).Trim();
            if (codeText.Length > 0 && IsBedrock(codeText))
            {
                return name ?? DisplayName(codeText);
            }

            var serviceCode = Field(row, _serviceCode).Trim();
            return serviceCode.Length > 0 && IsBedrock(serviceCode) ? name ?? DisplayName(serviceCode) : null;
        }

        /// <summary><see cref="ModelCatalog.IsBedrockService"/>, remembered per distinct name (a bill has a few dozen).</summary>
        private bool IsBedrock(string name)
        {
            if (!_isBedrock.TryGetValue(name, out var isBedrock))
            {
                isBedrock = ModelCatalog.IsBedrockService(name);
                if (_isBedrock.Count < 10_000)
                {
                    _isBedrock[name] = isBedrock;
                }
            }

            return isBedrock;
        }

        /// <summary>
        /// FOCUS: a Bedrock ServiceName (or x_ServiceCode). ServiceSubcategory "Generative AI" also covers other
        /// services (Amazon Q...): it counts when the name mentions Bedrock or the usage type is a Bedrock shape.
        /// </summary>
        private string? FocusService(CsvReader row)
        {
            var name = Field(row, _serviceName).Trim();
            if (IsBedrock(name))
            {
                return name;
            }

            var code = Field(row, _serviceCode).Trim();
            if (code.Length > 0 && IsBedrock(code))
            {
                return name.Length > 0 ? name : DisplayName(code);
            }

            if (!Field(row, _serviceSubcategory).Trim().Equals(GenerativeAi, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            var mentionsBedrock = name.Contains("Bedrock", StringComparison.OrdinalIgnoreCase);
            var usageType = UsageType(row);
            return mentionsBedrock || (usageType.Length > 0 && UsageTypeClassifier.Classify(usageType, name).Classified)
                ? (name.Length > 0 ? name : "Amazon Bedrock")
                : null;
        }

        private string UsageType(CsvReader row) => UsageType(row, out _);

        private string UsageType(CsvReader row, out int column)
        {
            foreach (var index in _usageType)
            {
                var value = Field(row, index).Trim();
                if (value.Length > 0)
                {
                    column = index;
                    return value;
                }
            }

            column = -1;
            return string.Empty;
        }

        /// <summary>product_name from a flattened column or from CUR 2.0's product map (parsed once per distinct map).</summary>
        private string? ProductName(CsvReader row)
        {
            if (_productName >= 0)
            {
                var flat = Field(row, _productName).Trim();
                if (flat.Length > 0)
                {
                    return flat;
                }
            }

            if (_productMap < 0)
            {
                return null;
            }

            var map = Span(row, _productMap);
            if (map.IsEmpty)
            {
                return null;
            }

            if (!_productNames.TryGet(map, out var name))
            {
                name = TagAttribution.ParseMap(Encoding.UTF8.GetString(map)) is { } parsed && parsed.TryGetValue("product_name", out var value) ? value.Trim() : null;
                _productNames.Add(map, name);
            }

            return name;
        }

        /// <summary>
        /// Amortized cost as Cost Explorer defines it: covered usage at its effective (commitment) cost, the
        /// negation lines that cancel covered usage at zero, everything else as billed.
        /// </summary>
        private bool TryAmortized(CsvReader row, decimal unblended, out decimal amortized, out string? column, out string? reason)
        {
            column = null;
            reason = null;
            amortized = unblended;
            if (!_isCur)
            {
                return _effective < 0 || Span(row, _effective).IsEmpty || TryAmount(row, _effective, required: false, out amortized, out column, out reason);
            }

            var lineType = Span(row, _lineItemType);
            if (lineType.SequenceEqual("SavingsPlanCoveredUsage"u8) && !Span(row, _savingsPlanEffective).IsEmpty)
            {
                return TryAmount(row, _savingsPlanEffective, required: false, out amortized, out column, out reason);
            }

            if (lineType.SequenceEqual("DiscountedUsage"u8) && !Span(row, _reservationEffective).IsEmpty)
            {
                return TryAmount(row, _reservationEffective, required: false, out amortized, out column, out reason);
            }

            if (lineType.SequenceEqual("SavingsPlanNegation"u8))
            {
                amortized = 0m;
            }

            return true;
        }

        private bool TryPeriod(CsvReader row, DateOnly day, out PeriodRange period, out string? column, out string? reason)
        {
            column = null;
            reason = null;
            period = default;
            var start = Parsing.MonthStart(day);
            var startText = Span(row, _periodStart);
            if (!startText.IsEmpty && !TryRemembered(startText, ref _lastPeriodStart, ref _lastPeriodStartDay, out start))
            {
                return Fail(_periodStart, $"'{Short(startText)}' is not a date.", out column, out reason);
            }

            var end = start.AddMonths(1);
            var endText = Span(row, _periodEnd);
            if (!endText.IsEmpty && !TryRemembered(endText, ref _lastPeriodEnd, ref _lastPeriodEndDay, out end))
            {
                return Fail(_periodEnd, $"'{Short(endText)}' is not a date.", out column, out reason);
            }

            period = new PeriodRange(start, end > start ? end : start.AddMonths(1));
            return true;
        }

        /// <summary>Every line of an export repeats its billing period: parse it when it differs from the line before.</summary>
        private static bool TryRemembered(ReadOnlySpan<byte> text, ref byte[] lastText, ref DateOnly lastDay, out DateOnly day)
        {
            if (text.SequenceEqual(lastText))
            {
                day = lastDay;
                return true;
            }

            if (!Parsing.TryUtcDay(text, out day))
            {
                return false;
            }

            lastText = text.ToArray();
            lastDay = day;
            return true;
        }

        /// <summary>The line's resource id when it names an inference profile; other resources would only split the grain.</summary>
        private string Profile(CsvReader row)
        {
            var text = Field(row, _resourceId);
            if (!ReferenceEquals(text, _lastResourceText))
            {
                _lastResourceText = text;
                var trimmed = text.Trim();
                _lastProfile = AttributionInputs.IsInferenceProfile(trimmed) ? trimmed : string.Empty;
            }

            return _lastProfile;
        }

        /// <summary>
        /// The raw team and feature tag values ("" where absent): a resource tag wins over the caller's principal tag,
        /// as before rules existed. The attribution rules turn them into a team and a feature when the facts are written.
        /// </summary>
        private bool TryTags(CsvReader row, out string team, out string feature, out string? column, out string? reason)
        {
            column = null;
            reason = null;
            TagValues resource = default;
            TagValues principal = default;
            (team, feature) = (string.Empty, string.Empty);
            if (_resourceTagMap >= 0)
            {
                if (!_tags.TryRead(Field(row, _resourceTagMap), out resource, out _))
                {
                    return Fail(_resourceTagMap, "Not a tag map (expected JSON such as {\"user_team\":\"search\"}).", out column, out reason);
                }

                if (TooLong(resource, _resourceTagMap, out column, out reason))
                {
                    return false;
                }
            }

            var (flatTeam, flatTeamColumn) = FirstFlat(row, _flatTeam);
            var (flatFeature, flatFeatureColumn) = FirstFlat(row, _flatFeature);
            if (TooLong(flatTeam, flatTeamColumn, out column, out reason) || TooLong(flatFeature, flatFeatureColumn, out column, out reason))
            {
                return false;
            }

            resource = resource.Or(new TagValues(flatTeam, flatFeature));
            if (_tagMap >= 0)
            {
                if (!_tags.TryRead(Field(row, _tagMap), out var fromTags, out principal))
                {
                    return Fail(_tagMap, "Not a tag map (expected JSON such as {\"team\":\"search\"}).", out column, out reason);
                }

                if (TooLong(fromTags, _tagMap, out column, out reason) || TooLong(principal, _tagMap, out column, out reason))
                {
                    return false;
                }

                resource = resource.Or(fromTags);
            }

            (team, feature) = resource.Or(principal).OrEmpty();
            return true;
        }

        private bool TryAmount(CsvReader row, int index, bool required, out decimal value, out string? column, out string? reason)
        {
            column = null;
            reason = null;
            value = 0m;
            if (index < 0)
            {
                return !required || Fail(index, "Missing cost column.", out column, out reason);
            }

            var text = Span(row, index);
            if (text.IsEmpty)
            {
                return !required || Fail(index, "The cost is empty.", out column, out reason);
            }

            if (!Parsing.TryDecimal(text, out value))
            {
                return Fail(index, $"'{Short(text)}' is not a number.", out column, out reason);
            }

            return Math.Abs(value) <= Parsing.MaxAbsoluteCost
                || Fail(index, $"{Short(text)} is out of range.", out column, out reason);
        }

        private RowOutcome Reject(int index, string message, out string? column, out string? reason)
        {
            Fail(index, message, out column, out reason);
            return RowOutcome.Rejected;
        }

        /// <summary>Names the column and the reason; false, so a Try method can return it directly.</summary>
        private bool Fail(int index, string message, out string? column, out string? reason)
        {
            column = index >= 0 ? _header.Names[index] : null;
            reason = message;
            return false;
        }

        private static (string? Value, int Column) FirstFlat(CsvReader row, int[] columns)
        {
            foreach (var index in columns)
            {
                var value = Field(row, index).Trim();
                if (value.Length > 0)
                {
                    return (value, index);
                }
            }

            return (null, -1);
        }

        /// <summary>True (column and reason set) when a stored text is longer than Imports:MaxFieldLength; the reason never quotes it.</summary>
        private bool TooLong(string? value, int index, out string? column, out string? reason)
        {
            if (value is null || value.Length <= _maxFieldLength)
            {
                column = null;
                reason = null;
                return false;
            }

            Fail(index, $"{value.Length:N0} characters, more than the {_maxFieldLength:N0} a value may have (Imports:MaxFieldLength).", out column, out reason);
            return true;
        }

        private bool TooLong(TagValues values, int index, out string? column, out string? reason) =>
            TooLong(values.Team, index, out column, out reason) || TooLong(values.Feature, index, out column, out reason);

        /// <summary>Legacy / flattened tag columns for each configured key, in key order: "resource_tags_user_team".</summary>
        private static int[] FlatTagColumns(BillingHeader header, IReadOnlyList<string> keys) =>
            keys.Select(k => header.First("resource_tags_user_" + BillingHeader.Normalise(k), "resource_tags_" + BillingHeader.Normalise(k)))
                .Where(i => i >= 0)
                .ToArray();

        private static string DisplayName(string productCode) => productCode switch
        {
            "AmazonBedrock" => "Amazon Bedrock",
            "AmazonBedrockService" => "Amazon Bedrock Service",
            _ => productCode,
        };

        private static string Field(CsvReader row, int index) => index >= 0 && index < row.FieldCount ? row.GetString(index) ?? string.Empty : string.Empty;

        private static string Short(string text) => text.Length > 40 ? text[..40] + "…" : text;

        private static string Short(ReadOnlySpan<byte> utf8) => Short(Encoding.UTF8.GetString(utf8));

        private static ReadOnlySpan<byte> Span(CsvReader row, int index) => index >= 0 && index < row.FieldCount ? row.GetSpan(index) : default;
    }
}
