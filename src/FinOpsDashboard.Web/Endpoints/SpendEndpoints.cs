using System.Text;
using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Reporting;
using FinOpsDashboard.Web.Components.Pages.Explorer;
using FinOpsDashboard.Web.Security;

namespace FinOpsDashboard.Web.Endpoints;

/// <summary>
/// The explorer's CSV export and JSON API. Both take the explorer's query string and both run the same scoped query
/// as the page: a manager gets their teams' rows whatever the URL asks for.
/// </summary>
public static class SpendEndpoints
{
    public static void MapSpendEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/export/explorer.csv", async (HttpContext http, SpendReports reports, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var (view, user, error) = Resolve(http, clock);
            if (view is null || user is null)
            {
                return Results.BadRequest(error);
            }

            var rows = await reports.ByPairAsync(view.GroupBy, view.ThenBy, view.ToFilter(), user.Scope, cancellationToken);
            var csv = new StringBuilder();
            csv.Append(Csv.Field(view.GroupBy.Slug()));
            if (view.ThenBy is { } then)
            {
                csv.Append(',').Append(Csv.Field(then.Slug()));
            }

            csv.Append(",cost_usd\n");
            foreach (var row in rows)
            {
                csv.Append(Csv.Field(row.First));
                if (view.ThenBy is not null)
                {
                    csv.Append(',').Append(Csv.Field(row.Second));
                }

                csv.Append(',').Append(Csv.Amount(row.Cost)).Append('\n');
            }

            var name = $"bedrock-spend-{view.Window.Start:yyyyMMdd}-{view.Window.End.AddDays(-1):yyyyMMdd}.csv";
            return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", name);
        }).RequireAuthorization();

        endpoints.MapGet("/api/spend", async (HttpContext http, SpendReports reports, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var (view, user, error) = Resolve(http, clock);
            if (view is null || user is null)
            {
                return Results.BadRequest(new { error });
            }

            var rows = await reports.ByPairAsync(view.GroupBy, view.ThenBy, view.ToFilter(), user.Scope, cancellationToken);
            return Results.Ok(new
            {
                from = view.Window.Start,
                toExclusive = view.Window.End,
                groupBy = view.GroupBy.Slug(),
                thenBy = view.ThenBy?.Slug(),
                totalUsd = rows.Sum(r => r.Cost),
                rows = rows.Select(r => new { key = r.First, secondKey = view.ThenBy is null ? null : r.Second, costUsd = r.Cost }),
            });
        }).RequireAuthorization();
    }

    /// <summary>GET /export/showback.csv?team=&amp;from=&amp;to=: a team's spend by feature × model × mode; 403 outside the caller's teams.</summary>
    public static void MapShowbackExport(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/export/showback.csv", async (string? team, string? from, string? to, HttpContext http, SpendReports reports, CancellationToken cancellationToken) =>
        {
            var user = UserContext.From(http.User)!;
            if (string.IsNullOrWhiteSpace(team) || !DateOnly.TryParseExact(from, "yyyy-MM-dd", out var start) || !DateOnly.TryParseExact(to, "yyyy-MM-dd", out var end) || end <= start)
            {
                return Results.BadRequest("Give team, from and to (yyyy-MM-dd, to exclusive and after from).");
            }

            if (!user.Scope.CanSee(team))
            {
                return Results.Forbid();
            }

            var filter = new SpendFilter(new DateWindow(start, end)) { Teams = [team] };
            var cells = await reports.DailyByPairAsync(SpendDimension.Feature, SpendDimension.Model, filter, user.Scope, cancellationToken);
            var modes = await reports.ByPairAsync(SpendDimension.Feature, SpendDimension.PricingMode, filter, user.Scope, cancellationToken);
            var csv = new StringBuilder("section,date,feature,model_or_mode,cost_usd\n");
            foreach (var row in cells)
            {
                csv.Append("daily,").Append(row.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append(',')
                    .Append(Csv.Field(row.First)).Append(',').Append(Csv.Field(row.Second)).Append(',').Append(Csv.Amount(row.Cost)).Append('\n');
            }

            foreach (var row in modes)
            {
                csv.Append("pricing-mode,,").Append(Csv.Field(row.First)).Append(',').Append(Csv.Field(row.Second)).Append(',').Append(Csv.Amount(row.Cost)).Append('\n');
            }

            return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"showback-{team}-{start:yyyyMMdd}-{end.AddDays(-1):yyyyMMdd}.csv");
        }).RequireAuthorization();

    /// <summary>The view the query string asks for and the caller; on a malformed query, why.</summary>
    private static (ExplorerView? View, UserContext? User, string? Error) Resolve(HttpContext http, TimeProvider clock)
    {
        if (UserContext.From(http.User) is not { } user)
        {
            return (null, null, "Not signed in.");
        }

        try
        {
            return (ExplorerView.Parse(Query(http), Today(clock)), user, null);
        }
        catch (FormatException ex)
        {
            return (null, user, ex.Message);
        }
    }

    private static Dictionary<string, string?> Query(HttpContext http) =>
        http.Request.Query.ToDictionary(kv => kv.Key, kv => (string?)kv.Value.ToString(), StringComparer.OrdinalIgnoreCase);

    private static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
