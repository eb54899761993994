namespace FinOpsDashboard.Web.Tests.Support;

/// <summary>Finds the repository and the built app binaries from the test assembly's location.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>"Debug" or "Release": the configuration this test assembly was built in, so the app matches it.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string WebExecutable => Binary("FinOpsDashboard.Web", "FinOpsDashboard.Web");

    public static string CliExecutable => Binary("FinOpsDashboard.Cli", "finops");

    public static string ScreenshotsFolder
    {
        get
        {
            var folder = Path.Combine(Root, "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    private static string Binary(string project, string name)
    {
        var path = Path.Combine(Root, "src", project, "bin", Configuration, "net9.0", "linux-x64", name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build the solution first: {path} is missing.");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FinOpsDashboard.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("FinOpsDashboard.sln not found above " + AppContext.BaseDirectory);
    }
}
