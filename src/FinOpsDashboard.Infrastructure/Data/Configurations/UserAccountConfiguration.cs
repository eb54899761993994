using FinOpsDashboard.Domain.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinOpsDashboard.Infrastructure.Data.Configurations;

public sealed class UserAccountConfiguration : IEntityTypeConfiguration<UserAccount>
{
    public void Configure(EntityTypeBuilder<UserAccount> builder)
    {
        builder.ToTable("users");
        builder.HasKey(u => u.Id);
        // "Alice" and "alice" are one account.
        builder.Property(u => u.UserName).UseCollation("NOCASE");
        builder.HasIndex(u => u.UserName).IsUnique().HasDatabaseName("UX_users_UserName");
        builder.HasMany(u => u.Teams).WithOne().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class UserTeamConfiguration : IEntityTypeConfiguration<UserTeam>
{
    public void Configure(EntityTypeBuilder<UserTeam> builder)
    {
        builder.ToTable("user_teams");
        builder.HasKey(t => new { t.UserId, t.Team });
    }
}

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_entries");
        builder.HasKey(a => a.Id);
        builder.HasIndex(a => new { a.Entity, a.EntityId }).HasDatabaseName("IX_audit_entries_Entity_EntityId");
        builder.HasIndex(a => a.At).HasDatabaseName("IX_audit_entries_At");
    }
}
