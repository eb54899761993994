using System.Threading.RateLimiting;
using FinOpsDashboard.Infrastructure.Ingestion;
using FinOpsDashboard.Infrastructure.Security;
using FinOpsDashboard.Domain.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Web.Security;

/// <summary>Authorization policy names used by pages and endpoints.</summary>
public static class Policies
{
    public const string Admin = "admin";
    public const string OrganisationWide = "organisation-wide";
}

/// <summary>Cookie sign-in with local accounts: wiring, the sign-in / sign-out endpoints, and the first admin.</summary>
public static class AccountEndpoints
{
    public const string LoginPath = "/account/login";
    public const string SignInRateLimit = "sign-in";

    public static IServiceCollection AddCookieSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = LoginPath;
                options.LogoutPath = "/account/logout";
                options.AccessDeniedPath = "/account/denied";
                options.Cookie.Name = "finops.auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = SecurityStampValidation.ValidateAsync;
                // Exports and the JSON API answer 401/403 instead of redirecting to the sign-in page.
                options.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
            });
        // No fallback policy: pages carry [Authorize] (Pages/_Imports.razor) and the API and export groups call
        // RequireAuthorization, so framework scripts, stylesheets and icons stay public for the sign-in page.
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.OrganisationWide, p => p.RequireRole(Roles.Admin, Roles.FinOpsLead));
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingUserStateProvider>();
        services.AddScoped<CurrentUser>();

        var attemptsPerMinute = configuration.GetValue($"{AuthOptions.Section}:{nameof(AuthOptions.SignInAttemptsPerMinute)}", new AuthOptions().SignInAttemptsPerMinute);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(SignInRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = attemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync("Too many sign-in attempts from this address. Wait a minute and try again.", cancellationToken);
            };
        });
        return services;
    }

    public static void MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/account");

        // Form posts: minimal APIs validate the antiforgery token of [FromForm] bodies (the form carries <AntiforgeryToken/>).
        account.MapPost("/login", async ([FromForm] SignInForm form, HttpContext http, UserDirectory users, CancellationToken cancellationToken) =>
        {
            var returnUrl = SafeReturnUrl(form.ReturnUrl);
            var outcome = await users.SignInAsync(form.UserName ?? "", form.Password ?? "", cancellationToken);
            if (!outcome.Succeeded)
            {
                var error = outcome.Failure == SignInFailure.LockedOut ? "locked" : "invalid";
                return Results.Redirect($"{LoginPath}?error={error}&returnUrl={Uri.EscapeDataString(returnUrl)}");
            }

            await SignInAsync(http, outcome.User!);
            return Results.LocalRedirect(returnUrl);
        }).AllowAnonymous().RequireRateLimiting(SignInRateLimit);

        account.MapPost("/demo", async ([FromForm] DemoSignInForm form, HttpContext http, UserDirectory users, IngestionSourceProvider sources,
            IOptions<AuthOptions> options, CancellationToken cancellationToken) =>
        {
            if (!options.Value.DemoUsers || !sources.IsDemoMode)
            {
                return Results.NotFound();
            }

            var user = await users.DemoSignInAsync(form.UserName ?? "", cancellationToken);
            if (user is null)
            {
                return Results.Redirect($"{LoginPath}?error=invalid");
            }

            await SignInAsync(http, user);
            return Results.LocalRedirect(SafeReturnUrl(form.ReturnUrl));
        }).AllowAnonymous().RequireRateLimiting(SignInRateLimit);

        account.MapPost("/logout", async (HttpContext http, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) =>
        {
            // No form fields are bound here, so the token is not checked by binding: check it, or any site could sign users out.
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.BadRequest("The sign-out form's antiforgery token is missing or invalid.");
            }

            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect(LoginPath);
        });
    }

    /// <summary>First start: create the admin; a generated password is printed once, on the console only (never logged to a file).</summary>
    public static async Task EnsureAccountsAsync(this IServiceProvider services)
    {
        var users = services.GetRequiredService<UserDirectory>();
        var generated = await users.EnsureInitialAdminAsync(CancellationToken.None);
        if (generated is not null)
        {
            var name = services.GetRequiredService<IOptions<AuthOptions>>().Value.InitialAdmin.UserName;
            Console.WriteLine($"""

                ==== First start: created admin '{name}' with password: {generated}
                ==== It is shown only this once. Sign in and change it under Admin → Users.

                """);
        }

        if (services.GetRequiredService<IOptions<AuthOptions>>().Value.DemoUsers && services.GetRequiredService<IngestionSourceProvider>().IsDemoMode)
        {
            await users.EnsureDemoUsersAsync(CancellationToken.None);
        }
    }

    /// <summary>Only paths on this site: "/explorer?x=1" passes; "https://evil", "//evil" and "/\evil" become "/".</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl[0] == '/' && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\'))
            ? returnUrl
            : "/";

    private static Task SignInAsync(HttpContext http, UserAccount user) =>
        http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, UserContext.PrincipalFor(user, CookieAuthenticationDefaults.AuthenticationScheme),
            new AuthenticationProperties { IsPersistent = false });

    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/export"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    public sealed class SignInForm
    {
        public string? UserName { get; set; }
        public string? Password { get; set; }
        public string? ReturnUrl { get; set; }
    }

    public sealed class DemoSignInForm
    {
        public string? UserName { get; set; }
        public string? ReturnUrl { get; set; }
    }
}
