using System.Globalization;
using System.Text.Json;
using FinOpsDashboard.Domain.Anomalies;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Anomalies;
using FinOpsDashboard.Infrastructure.Reporting;
using Microsoft.Extensions.DependencyInjection;

namespace FinOpsDashboard.Cli;

/// <summary>
/// `finops anomalies`: our anomaly flags and AWS Cost Anomaly Detection's findings for a window, as stored by the last
/// analytics run, with the same visibility as the page (with --user, a manager sees their teams' team and feature flags).
/// </summary>
public sealed class AnomaliesCommand(IServiceProvider services, Func<CommandLine, CancellationToken, Task<AccessScope>> scopeOf)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public async Task<int> RunAsync(CommandLine line, TextWriter stdout, CancellationToken cancellationToken)
    {
        var unknown = line.UnknownOptions("from", "to", "user", "format").ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"Unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}.");
        }

        var from = Date(line, "from");
        var to = Date(line, "to");
        if (to <= from)
        {
            throw new UsageException($"--to is exclusive and must be after --from: --from {Iso(from)} --to {Iso(from.AddDays(1))} lists one day.");
        }

        var format = (line.Option("format") ?? "json").ToLowerInvariant();
        if (format is not ("json" or "csv"))
        {
            throw new UsageException($"--format must be json or csv, not '{format}'.");
        }

        var scope = await scopeOf(line, cancellationToken);
        var items = await services.GetRequiredService<AnomalyQuery>().ListAsync(new AnomalyListFilter(new DateWindow(from, to)), scope, cancellationToken);
        var rows = items.OrderBy(i => i.Date).ThenBy(i => i.Source).ThenBy(i => i.Dimension).ThenBy(i => i.Key, StringComparer.Ordinal).ToList();
        if (format == "json")
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(rows.Select(Shape), Json));
            return 0;
        }

        await stdout.WriteLineAsync("date,dimension,key,actual_usd,expected_usd,z,severity,source,status,volume_usd,unit_price_usd,mix_usd,cache_usd,mode_usd,aws_anomaly_id");
        foreach (var i in rows)
        {
            var e = i.Effects;
            await stdout.WriteLineAsync(string.Join(',',
                Iso(i.Date), i.Dimension.Slug(), Csv.Field(i.Key), Csv.Amount(i.Actual), Csv.Amount(i.Expected),
                i.Z?.ToString("0.##", CultureInfo.InvariantCulture) ?? "", i.Severity.Slug(), i.SourceSlug, i.Status?.Slug() ?? "",
                e is null ? "" : Csv.Amount(e.Volume), e is null ? "" : Csv.Amount(e.UnitPrice), e is null ? "" : Csv.Amount(e.ModelMix),
                e is null ? "" : Csv.Amount(e.Cache), e is null ? "" : Csv.Amount(e.PricingMode), Csv.Field(i.AwsAnomalyId ?? "")));
        }

        return 0;
    }

    /// <summary>The documented JSON shape; AWS findings have no z, status or explanation (null).</summary>
    private static object Shape(AnomalyItem i) => new
    {
        date = Iso(i.Date),
        dimension = i.Dimension.Slug(),
        key = i.Key,
        actualUsd = i.Actual,
        expectedUsd = i.Expected,
        z = i.Z is { } z ? Math.Round(z, 2) : (double?)null,
        severity = i.Severity.Slug(),
        source = i.SourceSlug,
        status = i.Status?.Slug(),
        explanation = i.Effects is { } e
            ? new { volumeUsd = e.Volume, unitPriceUsd = e.UnitPrice, mixUsd = e.ModelMix, cacheUsd = e.Cache, modeUsd = e.PricingMode }
            : null,
        topUsageTypes = i.TopUsageTypes.Select(t => new { t.UsageType, t.ActualUsd, t.ExpectedUsd }),
        awsAnomalyId = i.AwsAnomalyId,
        id = i.Id,
    };

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly Date(CommandLine line, string name)
    {
        var value = line.Required(name);
        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new UsageException($"--{name} must be a date as YYYY-MM-DD, not '{value}'.");
    }
}
