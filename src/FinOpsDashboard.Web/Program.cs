using System.Globalization;
using FinOpsDashboard.Domain;
using FinOpsDashboard.Infrastructure;
using FinOpsDashboard.Web;
using FinOpsDashboard.Web.Components;
using FinOpsDashboard.Web.Components.Pages.Reconciliation;
using Radzen;

// Bills are in USD; a C.UTF-8 machine would otherwise format money with "¤".
CultureInfo.DefaultThreadCurrentCulture = Money.Culture;
CultureInfo.DefaultThreadCurrentUICulture = Money.Culture;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = WebRoot.Locate() });
builder.WebHost.UseStaticWebAssets();

builder.Services.AddInfrastructure().AddJobScheduler();
builder.Services.AddRadzenComponents();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

var app = builder.Build();

await app.Services.MigrateDatabaseAsync();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

app.UseAntiforgery();
app.MapStaticAssets();
app.UseStaticFiles();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapReconciliationExport();
app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));

await app.RunAsync();

/// <summary>Lets the test host find the app's entry point.</summary>
public partial class Program;
