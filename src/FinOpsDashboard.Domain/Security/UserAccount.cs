namespace FinOpsDashboard.Domain.Security;

/// <summary>
/// A local account. The password is stored only as a PBKDF2-SHA256 hash with its own salt and iteration count, so
/// the count can be raised later without invalidating existing hashes.
/// </summary>
public sealed class UserAccount
{
    public long Id { get; set; }
    /// <summary>Sign-in name, unique ignoring case.</summary>
    public required string UserName { get; set; }
    public required string DisplayName { get; set; }
    /// <summary>One of <see cref="Roles.All"/>.</summary>
    public required string Role { get; set; }
    public required string PasswordHash { get; set; }
    public required string PasswordSalt { get; set; }
    public int PasswordIterations { get; set; }
    /// <summary>Failed sign-ins since the last success; reaching the limit locks the account for a while.</summary>
    public int FailedSignIns { get; set; }
    public DateTime? LockedUntil { get; set; }
    /// <summary>Changes whenever role, teams, password or status change: sign-in cookies carrying an older stamp stop working.</summary>
    public required string SecurityStamp { get; set; }
    /// <summary>One-click demo users: no usable password, offered on the sign-in page only while the demo workload runs.</summary>
    public bool IsDemo { get; set; }
    public bool IsDisabled { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastSignInAt { get; set; }
    public List<UserTeam> Teams { get; set; } = [];
}

/// <summary>A team an engineering manager may see.</summary>
public sealed class UserTeam
{
    public long UserId { get; set; }
    public required string Team { get; set; }
}

/// <summary>Who changed what, when: before and after as JSON (never a password or hash).</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public required string Actor { get; set; }
    /// <summary>"user.created", "user.updated", "attribution.saved", "budget.deleted"...</summary>
    public required string Action { get; set; }
    public required string Entity { get; set; }
    public required string EntityId { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
}
