using System.Security.Claims;
using FinOpsDashboard.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace FinOpsDashboard.Web.Security;

/// <summary>
/// A cookie is only as good as the account behind it: deleted, disabled, or changed (role, teams, password) users are
/// signed out on their next request. One indexed lookup per request.
/// </summary>
public static class SecurityStampValidation
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var users = context.HttpContext.RequestServices.GetRequiredService<UserDirectory>();
        if (context.Principal is null || !await IsCurrentAsync(users, context.Principal, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    public static async Task<bool> IsCurrentAsync(UserDirectory users, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (!long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            return false;
        }

        var user = await users.FindAsync(id, cancellationToken);
        return user is { IsDisabled: false } && user.SecurityStamp == principal.FindFirstValue(UserContext.StampClaim);
    }
}

/// <summary>The same check for live Blazor circuits, which outlive the request that opened them.</summary>
public sealed class RevalidatingUserStateProvider(ILoggerFactory loggerFactory, UserDirectory users)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        SecurityStampValidation.IsCurrentAsync(users, authenticationState.User, cancellationToken);
}
