namespace FinOpsDashboard.Domain.Security;

/// <summary>
/// Which teams' spend a caller may see. Every spend query takes one, so scoping happens in the server-side query,
/// not in the UI: a manager of "search" asking for "payments" gets nothing, whatever the URL says.
/// </summary>
public sealed class AccessScope
{
    private readonly HashSet<string> _teams;

    private AccessScope(bool allTeams, IEnumerable<string> teams)
    {
        AllTeams = allTeams;
        _teams = new HashSet<string>(teams, StringComparer.Ordinal);
    }

    /// <summary>Admins, FinOps leads and the operator's CLI: no restriction.</summary>
    public static AccessScope Everything { get; } = new(true, []);

    /// <summary>An engineering manager: only these teams (none at all when the list is empty).</summary>
    public static AccessScope ForTeams(IEnumerable<string> teams) => new(false, teams);

    public bool AllTeams { get; }

    /// <summary>The visible teams when <see cref="AllTeams"/> is false; empty otherwise.</summary>
    public IReadOnlyCollection<string> Teams => _teams;

    public bool CanSee(string team) => AllTeams || _teams.Contains(team);

    /// <summary>Narrows a requested team list to what this scope allows; null request = every visible team.</summary>
    public IReadOnlyCollection<string>? Restrict(IReadOnlyCollection<string>? requested)
    {
        if (AllTeams)
        {
            return requested;
        }

        return requested is null ? _teams.ToList() : requested.Where(_teams.Contains).ToList();
    }

    public override string ToString() => AllTeams ? "all teams" : $"teams: {string.Join(", ", _teams.Order(StringComparer.Ordinal))}";
}
