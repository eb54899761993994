using System.Security.Claims;
using AngleSharp.Dom;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Web.Security;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;
using Radzen;

namespace FinOpsDashboard.Web.Tests.Support;

/// <summary>
/// Renders a component to HTML with ASP.NET Core's HtmlRenderer (bUnit does not restore here, ADR-005) and
/// parses it with AngleSharp, so tests assert on what a user would see.
/// </summary>
public static class ComponentRenderer
{
    /// <summary>Services every page needs besides its own: logging, Radzen, a navigation manager, a JS runtime that never runs.</summary>
    public static IServiceCollection AddComponentTestServices(this IServiceCollection services, ClaimsPrincipal? user = null)
    {
        services.AddLogging();
        services.AddSingleton<AuthenticationStateProvider>(new FixedUser(user ?? SignedIn(1, "test-admin", Roles.Admin)));
        services.AddSingleton<CurrentUser>();
        services.AddRadzenComponents();
        services.AddSingleton<NavigationManager, TestNavigationManager>();
        services.AddSingleton<IJSRuntime, NoJsRuntime>();
        return services;
    }

    public static async Task<IDocument> RenderAsync<TComponent>(IServiceProvider services, IDictionary<string, object?>? parameters = null)
        where TComponent : IComponent
    {
        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters ?? new Dictionary<string, object?>()));
            await output.QuiescenceTask;
            return output.ToHtmlString();
        });
        return await new HtmlParser().ParseDocumentAsync(html);
    }

    public static IElement ByTestId(this IDocument document, string testId) =>
        document.QuerySelector($"[data-testid='{testId}']") ?? throw new InvalidOperationException($"No element with data-testid '{testId}' in:\n{document.Body?.InnerHtml}");

    /// <summary>A principal shaped like the sign-in's: id, name, role, teams.</summary>
    public static ClaimsPrincipal SignedIn(long id, string userName, string role, params string[] teams)
    {
        var user = new UserAccount
        {
            Id = id, UserName = userName, DisplayName = userName, Role = role, PasswordHash = "", PasswordSalt = "", SecurityStamp = "stamp",
            Teams = teams.Select(t => new UserTeam { UserId = id, Team = t }).ToList(),
        };
        return UserContext.PrincipalFor(user, "test");
    }

    private sealed class FixedUser(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }

    private sealed class TestNavigationManager : NavigationManager
    {
        public TestNavigationManager() => Initialize("http://localhost/", "http://localhost/");

        protected override void NavigateToCore(string uri, NavigationOptions options) => Uri = ToAbsoluteUri(uri).ToString();
    }

    /// <summary>Static rendering runs no script; anything that calls JS during render gets a default answer.</summary>
    private sealed class NoJsRuntime : IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => ValueTask.FromResult(default(TValue)!);

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) => ValueTask.FromResult(default(TValue)!);
    }
}

/// <summary>A clock stopped at a chosen instant, so windows and expectations are fixed.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
