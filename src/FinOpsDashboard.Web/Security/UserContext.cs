using System.Security.Claims;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Infrastructure.Security;
using Microsoft.AspNetCore.Components.Authorization;

namespace FinOpsDashboard.Web.Security;

/// <summary>The signed-in user as pages and endpoints need them: name, role and the teams they may see.</summary>
public sealed record UserContext(long Id, string UserName, string DisplayName, string Role, AccessScope Scope, bool IsDemo)
{
    public const string DisplayNameClaim = "finops:display-name";
    public const string TeamClaim = "finops:team";
    public const string StampClaim = "finops:stamp";
    public const string DemoClaim = "finops:demo";

    public bool IsAdmin => Role == Roles.Admin;

    /// <summary>Admins and FinOps leads see every team.</summary>
    public bool IsOrganisationWide => Scope.AllTeams;

    /// <summary>The user as services see them when asked to change something (they re-check the role).</summary>
    public Actor ToActor() => new(UserName, Role, Scope.Teams.ToList());

    public static ClaimsPrincipal PrincipalFor(UserAccount user, string scheme)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.UserName),
            new(DisplayNameClaim, user.DisplayName),
            new(ClaimTypes.Role, user.Role),
            new(StampClaim, user.SecurityStamp),
        ];
        claims.AddRange(user.Teams.Select(t => new Claim(TeamClaim, t.Team)));
        if (user.IsDemo)
        {
            claims.Add(new Claim(DemoClaim, "true"));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>
    /// Reads the claims the sign-in wrote. They can be trusted because every request (and every live circuit, each
    /// minute) checks the security stamp: changing a user's role or teams invalidates their cookie.
    /// </summary>
    public static UserContext? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true
            || !long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            return null;
        }

        var role = principal.FindFirstValue(ClaimTypes.Role) ?? "";
        var scope = Roles.ScopeFor(role, principal.FindAll(TeamClaim).Select(c => c.Value));
        return new UserContext(id, principal.Identity.Name ?? "", principal.FindFirstValue(DisplayNameClaim) ?? "", role, scope,
            principal.HasClaim(DemoClaim, "true"));
    }
}

/// <summary>The current user inside a Blazor component (circuit or prerender).</summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication)
{
    /// <summary>Throws when nobody is signed in: every page but sign-in requires a user, so that would be a wiring bug.</summary>
    public async Task<UserContext> GetAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return UserContext.From(state.User) ?? throw new InvalidOperationException("No signed-in user: pages require authentication.");
    }
}
