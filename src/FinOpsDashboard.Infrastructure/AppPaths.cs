namespace FinOpsDashboard.Infrastructure;

/// <summary>
/// Where relative paths are anchored. `dotnet run --project X` makes X's folder the working directory, so the
/// web app and the CLI would each get their own data/finops.db; inside a source checkout both anchor at the
/// checkout's root instead. Outside a checkout (a published app, Docker) the working directory is used.
/// </summary>
public static class AppPaths
{
    public const string SolutionFile = "FinOpsDashboard.sln";

    /// <summary>The checkout's root if the working directory is inside one, else null.</summary>
    public static string? CheckoutRoot(string? from = null)
    {
        for (var dir = new DirectoryInfo(from ?? Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>An absolute path stays; a relative one is resolved from the checkout root or the working directory.</summary>
    public static string Resolve(string path) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(CheckoutRoot() ?? Directory.GetCurrentDirectory(), path));
}
