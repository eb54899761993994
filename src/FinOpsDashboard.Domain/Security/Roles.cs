namespace FinOpsDashboard.Domain.Security;

/// <summary>The three kinds of user (product.md). Role names are stored and put in claims as written here.</summary>
public static class Roles
{
    /// <summary>Configuration: budgets, attribution rules, price catalog, users, jobs and imports.</summary>
    public const string Admin = "Admin";

    /// <summary>Reads everything, runs the weekly review, acts on recommendations and anomalies.</summary>
    public const string FinOpsLead = "FinOpsLead";

    /// <summary>Sees only the teams assigned to them.</summary>
    public const string EngineeringManager = "EngineeringManager";

    /// <summary>Admins and FinOps leads: the roles that see every team.</summary>
    public const string OrganisationWide = Admin + "," + FinOpsLead;

    public static IReadOnlyList<string> All { get; } = [Admin, FinOpsLead, EngineeringManager];

    public static string Label(string role) => role switch
    {
        Admin => "Admin",
        FinOpsLead => "FinOps lead",
        EngineeringManager => "Engineering manager",
        _ => role,
    };

    /// <summary>Admins and FinOps leads see every team; anyone else only <paramref name="teams"/>.</summary>
    public static AccessScope ScopeFor(string role, IEnumerable<string> teams) =>
        role is Admin or FinOpsLead ? AccessScope.Everything : AccessScope.ForTeams(teams);

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
