namespace FinOpsDashboard.Web.Security;

/// <summary>
/// Response headers that make the browser refuse what the app never does: scripts from elsewhere or inline, framing by
/// another site, content-type guessing, leaking URLs (which carry filters) in the Referer header.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Scripts only from this origin (blazor.web.js and Radzen.Blazor.js; no inline script anywhere). Styles allow inline
    /// because Radzen components set style attributes. connect-src 'self' covers the circuit's WebSocket.
    /// frame-ancestors 'none' forbids clickjacking frames.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            return Task.CompletedTask;
        });
        await next();
    });
}
