using System.Globalization;
using System.Text;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Reporting;

namespace FinOpsDashboard.Web.Components.Pages.Reconciliation;

/// <summary>GET /export/reconciliation.csv?from=yyyy-MM-dd&amp;to=yyyy-MM-dd[&amp;model=...]: the page's rows as CSV (to is inclusive).</summary>
public static class ReconciliationExport
{
    public const string Path = "/export/reconciliation.csv";

    /// <summary>Longest window one export may cover: a year, which the query answers well under a second.</summary>
    public const int MaxDays = 366;

    public static IEndpointRouteBuilder MapReconciliationExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, async (string? from, string? to, string? model, ReconciliationQuery query, CancellationToken cancellationToken) =>
        {
            if (!TryParse(from, out var first) || !TryParse(to, out var last))
            {
                return Results.BadRequest("from and to are required, as yyyy-MM-dd.");
            }

            if (last < first || last.DayNumber - first.DayNumber + 1 > MaxDays)
            {
                return Results.BadRequest($"to must be on or after from, and the window at most {MaxDays} days.");
            }

            var report = await query.BilledVersusEstimatedAsync(new DateWindow(first, last.AddDays(1)), model, cancellationToken);
            var name = string.Create(CultureInfo.InvariantCulture, $"reconciliation-{first:yyyy-MM-dd}-{last:yyyy-MM-dd}.csv");
            return Results.File(Encoding.UTF8.GetBytes(ReconciliationQuery.ToCsv(report)), "text/csv; charset=utf-8", name);
        }).RequireAuthorization(FinOpsDashboard.Web.Security.Policies.OrganisationWide);
        return endpoints;
    }

    private static bool TryParse(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
}
