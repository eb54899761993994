using FinOpsDashboard.Infrastructure;

namespace FinOpsDashboard.Web;

/// <summary>
/// The repository keeps static assets in the top-level wwwroot/ (the design's layout). From a source checkout
/// that is the checkout's wwwroot; a published app carries its own copy beside the binary.
/// </summary>
internal static class WebRoot
{
    public static string Locate()
    {
        var root = AppPaths.CheckoutRoot() ?? AppPaths.CheckoutRoot(AppContext.BaseDirectory);
        return root is not null && Directory.Exists(Path.Combine(root, "wwwroot"))
            ? Path.Combine(root, "wwwroot")
            : Path.Combine(AppContext.BaseDirectory, "wwwroot");
    }
}
