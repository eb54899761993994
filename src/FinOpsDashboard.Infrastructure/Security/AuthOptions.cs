namespace FinOpsDashboard.Infrastructure.Security;

/// <summary>Sign-in settings (section "Auth").</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>PBKDF2 iterations for new hashes; tests lower it, production keeps the default.</summary>
    public int PasswordIterations { get; set; } = PasswordHasher.DefaultIterations;

    /// <summary>Consecutive failed sign-ins that lock an account.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sign-in attempts allowed per client address per minute (HTTP 429 beyond).</summary>
    public int SignInAttemptsPerMinute { get; set; } = 10;

    public int MinimumPasswordLength { get; set; } = 12;

    /// <summary>The admin created on first start when no user exists.</summary>
    public InitialAdminOptions InitialAdmin { get; set; } = new();

    /// <summary>Offer one-click demo users (one per role) while the demo workload is the data source.</summary>
    public bool DemoUsers { get; set; } = true;
}

public sealed class InitialAdminOptions
{
    public string UserName { get; set; } = "admin";

    /// <summary>When empty a random password is generated and printed once on the console.</summary>
    public string? Password { get; set; }
}
