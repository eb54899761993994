namespace FinOpsDashboard.Domain.Security;

/// <summary>
/// Who is asking a service to change something: services re-check the role themselves, so a hidden button or a
/// forged circuit event cannot get past them.
/// </summary>
public sealed record Actor(string UserName, string Role, IReadOnlyCollection<string> Teams)
{
    public bool IsAdmin => Role == Roles.Admin;

    public AccessScope Scope => Roles.ScopeFor(Role, Teams);

    /// <summary>The CLI and background jobs: no user, every team.</summary>
    public static Actor System(string name = "system") => new(name, Roles.Admin, []);
}
