using System.Globalization;
using System.Text;
using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Infrastructure.Reporting;

namespace FinOpsDashboard.Web.Endpoints;

/// <summary>The weekly review as CSV: one row per top mover, per dimension and baseline, with the five effects.</summary>
public static class ReviewExportEndpoints
{
    public const string Path = "/export/review.csv";

    public static readonly string[] Header =
        ["week_start", "compared_with", "dimension", "key", "baseline", "current", "change", "volume", "unit_price", "model_mix", "cache", "pricing_mode"];

    public static void MapReviewExports(this IEndpointRouteBuilder e)
    {
        e.MapGet(Path, async (string? week, WeeklyReviewQuery query, CancellationToken cancellationToken) =>
        {
            var (monday, error) = ParseWeek(week, query);
            if (error is not null)
            {
                return Results.Text(error, "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
            }

            // The review is organisation-wide: the policy below admits only roles that see every team.
            var review = await query.GetAsync(monday, AccessScope.Everything, cancellationToken);
            var fileName = $"bedrock-weekly-review-{review.Week.Monday:yyyy-MM-dd}.csv";
            return Results.File(Encoding.UTF8.GetBytes(ToCsv(review)), "text/csv; charset=utf-8", fileName);
        }).RequireAuthorization(FinOpsDashboard.Web.Security.Policies.OrganisationWide);
    }

    /// <summary>?week=: absent → the last complete week; otherwise a Monday (yyyy-MM-dd) of a week that has ended, or the reason it is not.</summary>
    public static (DateOnly? Monday, string? Error) ParseWeek(string? week, WeeklyReviewQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (week is null)
        {
            return (null, null);
        }

        if (!DateOnly.TryParseExact(week, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return (null, $"week must be a date written yyyy-MM-dd (the Monday of the week), not '{week}'.");
        }

        return query.WeekProblem(day) is { } problem ? (null, problem) : (day, null);
    }

    /// <summary>Header and every mover row, CRLF-separated as RFC 4180 asks.</summary>
    public static string ToCsv(WeeklyReviewReport review)
    {
        ArgumentNullException.ThrowIfNull(review);
        var csv = new StringBuilder();
        csv.Append(string.Join(',', Header)).Append("\r\n");
        foreach (var movers in review.Movers)
        {
            foreach (var mover in movers.Rows)
            {
                csv.Append(Row(review, movers, mover)).Append("\r\n");
            }
        }

        return csv.ToString();
    }

    /// <summary>
    /// One mover: the cent-rounded figures the page shows, so volume + unit price + model mix + cache + pricing mode = change
    /// in every row. Keys are neutralised against spreadsheet formulas ("=cmd" → "'=cmd").
    /// </summary>
    public static string Row(WeeklyReviewReport review, ReviewMovers movers, ReviewMover mover)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(movers);
        ArgumentNullException.ThrowIfNull(mover);
        var e = mover.Effects;
        string[] fields =
        [
            review.Week.Monday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            movers.Against == ReviewBaseline.LastWeek ? "last-week" : "4-week-average",
            movers.Dimension.Slug(),
            Csv.Field(mover.Key),
            Csv.Amount(mover.Baseline),
            Csv.Amount(mover.Current),
            Csv.Amount(mover.Change),
            Csv.Amount(e.Volume),
            Csv.Amount(e.UnitPrice),
            Csv.Amount(e.ModelMix),
            Csv.Amount(e.Cache),
            Csv.Amount(e.PricingMode),
        ];
        return string.Join(',', fields);
    }
}
