using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Tests.Security;

public sealed class UserDirectoryTests
{
    private static readonly AuthOptions Fast = new() { PasswordIterations = 1_000, MaxFailedSignIns = 3, LockoutDuration = TimeSpan.FromMinutes(15) };

    [Fact]
    public async Task SignIn_WithTheRightPassword_Succeeds_AndStoresOnlyAHash()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var users = Directory(db, new MovableClock());
        await users.CreateAsync(new UserDraft("alice", "Alice", Roles.FinOpsLead, []), "a-long-password-1", "test", CancellationToken.None);

        var outcome = await users.SignInAsync("ALICE", "a-long-password-1", CancellationToken.None);

        Assert.True(outcome.Succeeded);
        await using var context = db.Context();
        var stored = await context.Users.SingleAsync();
        Assert.DoesNotContain("a-long-password-1", stored.PasswordHash + stored.PasswordSalt, StringComparison.Ordinal);
        Assert.Equal(1_000, stored.PasswordIterations);
        Assert.NotNull(stored.LastSignInAt);
    }

    [Fact]
    public async Task RepeatedFailures_LockTheAccount_EvenForTheRightPassword_UntilTheLockoutEnds()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var clock = new MovableClock();
        var users = Directory(db, clock);
        await users.CreateAsync(new UserDraft("bob", "Bob", Roles.Admin, []), "the-right-password", "test", CancellationToken.None);

        Assert.Equal(SignInFailure.InvalidCredentials, (await users.SignInAsync("bob", "wrong-1", CancellationToken.None)).Failure);
        Assert.Equal(SignInFailure.InvalidCredentials, (await users.SignInAsync("bob", "wrong-2", CancellationToken.None)).Failure);
        Assert.Equal(SignInFailure.LockedOut, (await users.SignInAsync("bob", "wrong-3", CancellationToken.None)).Failure);
        Assert.Equal(SignInFailure.LockedOut, (await users.SignInAsync("bob", "the-right-password", CancellationToken.None)).Failure);

        clock.Advance(TimeSpan.FromMinutes(16));
        Assert.True((await users.SignInAsync("bob", "the-right-password", CancellationToken.None)).Succeeded);
        var audit = await users.AuditTrailAsync("user", 10, CancellationToken.None);
        Assert.Contains(audit, a => a.Action == "user.locked-out" && a.EntityId == "bob");
    }

    [Fact]
    public async Task UnknownUsers_DemoUsers_AndDisabledUsers_CannotSignInWithAPassword()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var users = Directory(db, new MovableClock());
        await users.EnsureDemoUsersAsync(CancellationToken.None);
        await users.CreateAsync(new UserDraft("carol", "Carol", Roles.FinOpsLead, [], IsDisabled: true), "carols-password", "test", CancellationToken.None);

        Assert.Equal(SignInFailure.InvalidCredentials, (await users.SignInAsync("nobody", "x", CancellationToken.None)).Failure);
        Assert.Equal(SignInFailure.InvalidCredentials, (await users.SignInAsync(UserDirectory.DemoAdmin, "", CancellationToken.None)).Failure);
        Assert.Equal(SignInFailure.InvalidCredentials, (await users.SignInAsync("carol", "carols-password", CancellationToken.None)).Failure);
        Assert.NotNull(await users.DemoSignInAsync(UserDirectory.DemoManager, CancellationToken.None));
        Assert.Null(await users.DemoSignInAsync("carol", CancellationToken.None));
    }

    [Fact]
    public async Task InitialAdmin_IsCreatedOnce_WithAGeneratedPasswordReturnedForPrinting()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var users = Directory(db, new MovableClock());

        var generated = await users.EnsureInitialAdminAsync(CancellationToken.None);
        var again = await users.EnsureInitialAdminAsync(CancellationToken.None);

        Assert.NotNull(generated);
        Assert.True(generated!.Length >= 20);
        Assert.Null(again);
        Assert.True((await users.SignInAsync("admin", generated, CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task InitialAdmin_TakesTheConfiguredPassword_AndPrintsNothing()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var options = new AuthOptions { PasswordIterations = 1_000, InitialAdmin = new InitialAdminOptions { UserName = "root", Password = "configured-password" } };
        var users = new UserDirectory(db.Factory(), Options.Create(options), new MovableClock());

        Assert.Null(await users.EnsureInitialAdminAsync(CancellationToken.None));
        Assert.True((await users.SignInAsync("root", "configured-password", CancellationToken.None)).Succeeded);
    }

    [Theory]
    [InlineData("manager without teams", "dave", Roles.EngineeringManager, new string[0], "needs at least one team")]
    [InlineData("unknown role", "dave", "Superuser", new string[0], "Unknown role")]
    [InlineData("bad user name", "da ve", Roles.FinOpsLead, new string[0], "User name")]
    public async Task Create_RefusesInvalidUsers_WithAClearMessage(string because, string name, string role, string[] teams, string message)
    {
        _ = because;
        await using var db = await TestDatabase.MigratedAsync();
        var users = Directory(db, new MovableClock());

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => users.CreateAsync(new UserDraft(name, "Dave", role, teams), "long-enough-password", "test", CancellationToken.None));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangingAUsersTeams_ChangesTheirScopeAndStamp_AndIsAudited()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var users = Directory(db, new MovableClock());
        var (erin, _) = await users.CreateAsync(new UserDraft("erin", "Erin", Roles.EngineeringManager, ["search", "support"]), "erins-password-1", "admin", CancellationToken.None);

        await users.UpdateAsync(erin.Id, new UserDraft("erin", "Erin", Roles.EngineeringManager, ["support", "payments"]), "admin", CancellationToken.None);

        var updated = (await users.FindAsync(erin.Id, CancellationToken.None))!;
        var scope = UserDirectory.ScopeOf(updated);
        Assert.False(scope.AllTeams);
        Assert.Equal(["payments", "support"], scope.Teams.Order(StringComparer.Ordinal));
        Assert.NotEqual(erin.SecurityStamp, updated.SecurityStamp);
        var audit = (await users.AuditTrailAsync("user", 10, CancellationToken.None)).First();
        Assert.Equal(("user.updated", "admin"), (audit.Action, audit.Actor));
        Assert.Contains("search", audit.Before, StringComparison.Ordinal);
        Assert.Contains("payments", audit.After, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", audit.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLastActiveAdmin_CannotBeDemotedOrDeleted()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var users = Directory(db, new MovableClock());
        var (admin, _) = await users.CreateAsync(new UserDraft("root", "Root", Roles.Admin, []), "roots-password-1", "test", CancellationToken.None);

        await Assert.ThrowsAsync<ValidationFailedException>(() => users.UpdateAsync(admin.Id, new UserDraft("root", "Root", Roles.FinOpsLead, []), "other", CancellationToken.None));
        await Assert.ThrowsAsync<ValidationFailedException>(() => users.DeleteAsync(admin.Id, "other", CancellationToken.None));
    }

    [Theory]
    [InlineData("admin", Roles.Admin, true)]
    [InlineData("lead", Roles.FinOpsLead, true)]
    [InlineData("manager", Roles.EngineeringManager, false)]
    public void ScopeOf_GivesEveryTeamToAdminsAndLeads_AndListedTeamsToManagers(string because, string role, bool allTeams)
    {
        _ = because;
        var user = new UserAccount { UserName = "x", DisplayName = "x", Role = role, PasswordHash = "", PasswordSalt = "", SecurityStamp = "", Teams = [new UserTeam { Team = "search" }] };

        var scope = UserDirectory.ScopeOf(user);

        Assert.Equal(allTeams, scope.AllTeams);
        Assert.True(scope.CanSee("search"));
        Assert.Equal(allTeams, scope.CanSee("payments"));
    }

    [Fact]
    public void PasswordHasher_VerifiesOnlyTheSamePassword_AndSaltsEachHash()
    {
        var first = PasswordHasher.Hash("same password", 1_000);
        var second = PasswordHasher.Hash("same password", 1_000);

        Assert.True(PasswordHasher.Verify("same password", first));
        Assert.False(PasswordHasher.Verify("same passwore", first));
        Assert.NotEqual(first.Hash, second.Hash);
        Assert.False(PasswordHasher.Verify("anything", PasswordHasher.Unusable()));
        Assert.False(PasswordHasher.Verify("anything", first with { Hash = "not base64!" }));
    }

    private static UserDirectory Directory(TestDatabase db, TimeProvider clock) => new(db.Factory(), Options.Create(Fast), clock);

    private sealed class MovableClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
