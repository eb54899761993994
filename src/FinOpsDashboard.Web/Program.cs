using System.Globalization;
using FinOpsDashboard.Domain;
using FinOpsDashboard.Infrastructure;
using FinOpsDashboard.Web;
using FinOpsDashboard.Web.Components;
using FinOpsDashboard.Web.Components.Pages.Reconciliation;
using FinOpsDashboard.Web.Endpoints;
using FinOpsDashboard.Web.Security;
using Radzen;

// Bills are in USD; a C.UTF-8 machine would otherwise format money with "¤".
CultureInfo.DefaultThreadCurrentCulture = Money.Culture;
CultureInfo.DefaultThreadCurrentUICulture = Money.Culture;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = WebRoot.Locate() });
builder.WebHost.UseStaticWebAssets();

builder.Services.AddInfrastructure().AddJobScheduler();
builder.Services.AddCookieSignIn(builder.Configuration);
builder.Services.AddRadzenComponents();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

var app = builder.Build();

await app.Services.MigrateDatabaseAsync();
await app.Services.EnsureAccountsAsync();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

// Static files before routing: stylesheets and icons are public (the sign-in page needs them), and a matched
// fallback endpoint would otherwise make the static-file middleware step aside for the authorization check.
app.UseSecurityHeaders();
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();
app.MapStaticAssets().AllowAnonymous();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapAccountEndpoints();
app.MapSpendEndpoints();
app.MapShowbackExport();
app.MapReviewExports();
app.MapReconciliationExport();
app.MapGet("/healthz", () => Results.Ok(new { status = "ok" })).AllowAnonymous();

await app.RunAsync();

/// <summary>Lets the test host find the app's entry point.</summary>
public partial class Program;
