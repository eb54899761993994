using System.Text.Json;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Security;

/// <summary>Why a sign-in failed: the page says "wrong name or password" for all but a lockout, so names cannot be probed.</summary>
public enum SignInFailure
{
    None,
    InvalidCredentials,
    LockedOut,
}

public sealed record SignInOutcome(UserAccount? User, SignInFailure Failure, DateTime? LockedUntil = null)
{
    public bool Succeeded => User is not null;
}

/// <summary>What an admin fills in to create or change a user.</summary>
public sealed record UserDraft(string UserName, string DisplayName, string Role, IReadOnlyCollection<string> Teams, bool IsDisabled = false);

/// <summary>A change the rules refuse (duplicate name, unknown role, last admin...), with a message for the user.</summary>
public sealed class ValidationFailedException(string message) : Exception(message);

/// <summary>Local accounts: sign-in with lockout, the first admin, demo users, and admin changes (each audited).</summary>
public sealed class UserDirectory(IDbContextFactory<FinOpsDbContext> dbFactory, IOptions<AuthOptions> options, TimeProvider clock)
{
    public const string DemoAdmin = "demo-admin";
    public const string DemoFinOpsLead = "demo-finops";
    public const string DemoManager = "demo-manager";

    /// <summary>The demo manager's team: the demo team with the premium-model and cache scenarios in it.</summary>
    public const string DemoManagerTeam = "support";

    // Verified when the name is unknown so both paths cost one PBKDF2 run (no timing oracle for user names).
    private static readonly Lazy<PasswordHash> DecoyHash = new(() => PasswordHasher.Hash(PasswordHasher.Generate(), PasswordHasher.DefaultIterations));

    private AuthOptions Options => options.Value;

    public async Task<SignInOutcome> SignInAsync(string userName, string password, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.Include(u => u.Teams).SingleOrDefaultAsync(u => u.UserName == userName.Trim(), cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (user is null || user.IsDisabled || user.IsDemo)
        {
            PasswordHasher.Verify(password, DecoyHash.Value);
            return new SignInOutcome(null, SignInFailure.InvalidCredentials);
        }

        if (user.LockedUntil is { } until && until > now)
        {
            return new SignInOutcome(null, SignInFailure.LockedOut, until);
        }

        if (!PasswordHasher.Verify(password, new PasswordHash(user.PasswordHash, user.PasswordSalt, user.PasswordIterations)))
        {
            user.FailedSignIns++;
            if (user.FailedSignIns >= Options.MaxFailedSignIns)
            {
                user.LockedUntil = now + Options.LockoutDuration;
                user.FailedSignIns = 0;
                Audit(db, "system", "user.locked-out", user, null, new { user.UserName, user.LockedUntil });
                await db.SaveChangesAsync(cancellationToken);
                return new SignInOutcome(null, SignInFailure.LockedOut, user.LockedUntil);
            }

            await db.SaveChangesAsync(cancellationToken);
            return new SignInOutcome(null, SignInFailure.InvalidCredentials);
        }

        user.FailedSignIns = 0;
        user.LockedUntil = null;
        user.LastSignInAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return new SignInOutcome(user, SignInFailure.None);
    }

    /// <summary>One-click sign-in for a demo user; the caller checks that the demo workload is the data source.</summary>
    public async Task<UserAccount?> DemoSignInAsync(string userName, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.Include(u => u.Teams).SingleOrDefaultAsync(u => u.UserName == userName && u.IsDemo && !u.IsDisabled, cancellationToken);
        if (user is not null)
        {
            user.LastSignInAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
        }

        return user;
    }

    public async Task<UserAccount?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().Include(u => u.Teams).SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
    }

    public async Task<UserAccount?> FindByNameAsync(string userName, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().Include(u => u.Teams).SingleOrDefaultAsync(u => u.UserName == userName.Trim(), cancellationToken);
    }

    public async Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().Include(u => u.Teams).ToListAsync(cancellationToken);
        return users.OrderBy(u => u.IsDemo).ThenBy(u => u.UserName, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>What a user may see: everything for admins and FinOps leads, their teams for a manager.</summary>
    public static AccessScope ScopeOf(UserAccount user) => Roles.ScopeFor(user.Role, user.Teams.Select(t => t.Team));

    /// <summary>Creates a user with the given password, or a generated one (returned so the admin can pass it on).</summary>
    public async Task<(UserAccount User, string Password)> CreateAsync(UserDraft draft, string? password, string actor, CancellationToken cancellationToken)
    {
        Validate(draft);
        password = string.IsNullOrEmpty(password) ? PasswordHasher.Generate() : password;
        ValidatePassword(password);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Users.AnyAsync(u => u.UserName == draft.UserName.Trim(), cancellationToken))
        {
            throw new ValidationFailedException($"A user named '{draft.UserName.Trim()}' already exists.");
        }

        var hash = PasswordHasher.Hash(password, Options.PasswordIterations);
        var user = new UserAccount
        {
            UserName = draft.UserName.Trim(),
            DisplayName = draft.DisplayName.Trim(),
            Role = draft.Role,
            PasswordHash = hash.Hash,
            PasswordSalt = hash.Salt,
            PasswordIterations = hash.Iterations,
            SecurityStamp = NewStamp(),
            IsDisabled = draft.IsDisabled,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            Teams = TeamsOf(draft).Select(t => new UserTeam { Team = t }).ToList(),
        };
        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        Audit(db, actor, "user.created", user, null, Snapshot(user));
        await db.SaveChangesAsync(cancellationToken);
        return (user, password);
    }

    public async Task UpdateAsync(long id, UserDraft draft, string actor, CancellationToken cancellationToken)
    {
        Validate(draft);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.Include(u => u.Teams).SingleOrDefaultAsync(u => u.Id == id, cancellationToken)
            ?? throw new ValidationFailedException("That user no longer exists.");
        if (!string.Equals(user.UserName, draft.UserName.Trim(), StringComparison.OrdinalIgnoreCase)
            && await db.Users.AnyAsync(u => u.UserName == draft.UserName.Trim() && u.Id != id, cancellationToken))
        {
            throw new ValidationFailedException($"A user named '{draft.UserName.Trim()}' already exists.");
        }

        var leavesAdmins = user.Role == Roles.Admin && !user.IsDisabled && (draft.Role != Roles.Admin || draft.IsDisabled);
        if (leavesAdmins && !await OtherActiveAdminExistsAsync(db, id, cancellationToken))
        {
            throw new ValidationFailedException("This is the last active admin: make someone else admin first.");
        }

        var before = Snapshot(user);
        user.UserName = draft.UserName.Trim();
        user.DisplayName = draft.DisplayName.Trim();
        user.Role = draft.Role;
        user.IsDisabled = draft.IsDisabled;
        // Diff rather than clear-and-add: re-adding a kept team would track two entities with one key.
        var teams = TeamsOf(draft);
        user.Teams.RemoveAll(t => !teams.Contains(t.Team, StringComparer.Ordinal));
        user.Teams.AddRange(teams.Where(t => user.Teams.All(kept => kept.Team != t)).Select(t => new UserTeam { UserId = id, Team = t }));
        user.SecurityStamp = NewStamp();
        Audit(db, actor, "user.updated", user, before, Snapshot(user));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Sets a new password (generated when none is given) and returns it; existing sessions end.</summary>
    public async Task<string> ResetPasswordAsync(long id, string? password, string actor, CancellationToken cancellationToken)
    {
        password = string.IsNullOrEmpty(password) ? PasswordHasher.Generate() : password;
        ValidatePassword(password);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == id, cancellationToken) ?? throw new ValidationFailedException("That user no longer exists.");
        if (user.IsDemo)
        {
            throw new ValidationFailedException("Demo users sign in with one click and have no password.");
        }

        var hash = PasswordHasher.Hash(password, Options.PasswordIterations);
        (user.PasswordHash, user.PasswordSalt, user.PasswordIterations) = (hash.Hash, hash.Salt, hash.Iterations);
        user.SecurityStamp = NewStamp();
        user.FailedSignIns = 0;
        user.LockedUntil = null;
        Audit(db, actor, "user.password-reset", user, null, new { user.UserName });
        await db.SaveChangesAsync(cancellationToken);
        return password;
    }

    public async Task UnlockAsync(long id, string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == id, cancellationToken) ?? throw new ValidationFailedException("That user no longer exists.");
        var before = new { user.LockedUntil, user.FailedSignIns };
        user.LockedUntil = null;
        user.FailedSignIns = 0;
        Audit(db, actor, "user.unlocked", user, before, new { user.LockedUntil, user.FailedSignIns });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task DeleteAsync(long id, string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.Include(u => u.Teams).SingleOrDefaultAsync(u => u.Id == id, cancellationToken) ?? throw new ValidationFailedException("That user no longer exists.");
        if (string.Equals(user.UserName, actor, StringComparison.OrdinalIgnoreCase))
        {
            throw new ValidationFailedException("You cannot delete your own account.");
        }

        if (user.Role == Roles.Admin && !user.IsDisabled && !await OtherActiveAdminExistsAsync(db, id, cancellationToken))
        {
            throw new ValidationFailedException("This is the last active admin: make someone else admin first.");
        }

        Audit(db, actor, "user.deleted", user, Snapshot(user), null);
        db.Users.Remove(user);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// First start: when no (non-demo) user exists, creates the admin from configuration. Returns the password when it
    /// was generated, so the host prints it once; null when an account already existed or the password was configured.
    /// </summary>
    public async Task<string?> EnsureInitialAdminAsync(CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Users.AnyAsync(u => !u.IsDemo, cancellationToken))
            {
                return null;
            }
        }

        var configured = Options.InitialAdmin.Password;
        var draft = new UserDraft(Options.InitialAdmin.UserName, "Administrator", Roles.Admin, []);
        var (_, password) = await CreateAsync(draft, string.IsNullOrEmpty(configured) ? null : configured, "system", cancellationToken);
        return string.IsNullOrEmpty(configured) ? password : null;
    }

    /// <summary>One demo user per role (idempotent): admin, FinOps lead, and a manager of <see cref="DemoManagerTeam"/>.</summary>
    public async Task EnsureDemoUsersAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        (string Name, string Display, string Role, string[] Teams)[] demo =
        [
            (DemoAdmin, "Demo admin", Roles.Admin, []),
            (DemoFinOpsLead, "Demo FinOps lead", Roles.FinOpsLead, []),
            (DemoManager, "Demo manager (support)", Roles.EngineeringManager, [DemoManagerTeam]),
        ];
        foreach (var (name, display, role, teams) in demo)
        {
            if (await db.Users.AnyAsync(u => u.UserName == name, cancellationToken))
            {
                continue;
            }

            var hash = PasswordHasher.Unusable();
            db.Users.Add(new UserAccount
            {
                UserName = name,
                DisplayName = display,
                Role = role,
                PasswordHash = hash.Hash,
                PasswordSalt = hash.Salt,
                PasswordIterations = hash.Iterations,
                SecurityStamp = NewStamp(),
                IsDemo = true,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
                Teams = teams.Select(t => new UserTeam { Team = t }).ToList(),
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The newest entries first, optionally for one entity kind ("user").</summary>
    public async Task<IReadOnlyList<AuditEntry>> AuditTrailAsync(string? entity, int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.AuditEntries.AsNoTracking();
        if (entity is not null)
        {
            query = query.Where(a => a.Entity == entity);
        }

        return await query.OrderByDescending(a => a.Id).Take(take).ToListAsync(cancellationToken);
    }

    private void Validate(UserDraft draft)
    {
        var name = draft.UserName.Trim();
        if (name.Length is < 2 or > 64 || !name.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or '@'))
        {
            throw new ValidationFailedException("User name: 2-64 letters, digits, '.', '-', '_' or '@'.");
        }

        if (string.IsNullOrWhiteSpace(draft.DisplayName) || draft.DisplayName.Trim().Length > 100)
        {
            throw new ValidationFailedException("Display name: required, at most 100 characters.");
        }

        if (!Roles.IsKnown(draft.Role))
        {
            throw new ValidationFailedException($"Unknown role '{draft.Role}': use {string.Join(", ", Roles.All)}.");
        }

        if (draft.Role == Roles.EngineeringManager && TeamsOf(draft).Count == 0)
        {
            throw new ValidationFailedException("An engineering manager needs at least one team.");
        }
    }

    private void ValidatePassword(string password)
    {
        if (password.Length < Options.MinimumPasswordLength)
        {
            throw new ValidationFailedException($"Passwords need at least {Options.MinimumPasswordLength} characters.");
        }
    }

    // Only managers carry teams: admins and FinOps leads see every team anyway.
    private static List<string> TeamsOf(UserDraft draft) => draft.Role == Roles.EngineeringManager
        ? draft.Teams.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList()
        : [];

    private static Task<bool> OtherActiveAdminExistsAsync(FinOpsDbContext db, long id, CancellationToken cancellationToken) =>
        db.Users.AnyAsync(u => u.Id != id && u.Role == Roles.Admin && !u.IsDisabled && !u.IsDemo, cancellationToken);

    private static string NewStamp() => Guid.NewGuid().ToString("N");

    private static object Snapshot(UserAccount user) => new
    {
        user.UserName,
        user.DisplayName,
        user.Role,
        Teams = user.Teams.Select(t => t.Team).Order(StringComparer.Ordinal).ToList(),
        user.IsDisabled,
    };

    private void Audit(FinOpsDbContext db, string actor, string action, UserAccount user, object? before, object? after) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            Actor = actor,
            Action = action,
            Entity = "user",
            EntityId = user.UserName,
            Before = before is null ? null : JsonSerializer.Serialize(before),
            After = after is null ? null : JsonSerializer.Serialize(after),
        });
}
