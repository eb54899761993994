using FinOpsDashboard.Infrastructure;

namespace FinOpsDashboard.Infrastructure.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>SQLite file (environment Database__Path); a relative path is resolved by <see cref="AppPaths.Resolve"/>.</summary>
    public string Path { get; set; } = "data/finops.db";

    public string ResolvedPath() => AppPaths.Resolve(Path);
}
