using FinOpsDashboard.Domain.Budgets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinOpsDashboard.Infrastructure.Data.Configurations;

public sealed class BudgetConfiguration : IEntityTypeConfiguration<Budget>
{
    public void Configure(EntityTypeBuilder<Budget> builder)
    {
        builder.ToTable("budgets");
        builder.HasKey(b => b.Id);
        builder.Ignore(b => b.Scope);
        builder.Ignore(b => b.ThresholdRules);
        builder.HasMany(b => b.Thresholds).WithOne().HasForeignKey(t => t.BudgetId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class BudgetThresholdConfiguration : IEntityTypeConfiguration<BudgetThreshold>
{
    public void Configure(EntityTypeBuilder<BudgetThreshold> builder)
    {
        builder.ToTable("budget_thresholds");
        builder.HasKey(t => new { t.BudgetId, t.Percent, t.Basis });
    }
}

public sealed class StoredBudgetEvaluationConfiguration : IEntityTypeConfiguration<StoredBudgetEvaluation>
{
    public void Configure(EntityTypeBuilder<StoredBudgetEvaluation> builder)
    {
        builder.ToTable("budget_evaluations");
        builder.HasKey(e => e.Id);
        builder.Ignore(e => e.ProjectedTotal);
        builder.HasOne<Budget>().WithMany().HasForeignKey(e => e.BudgetId).OnDelete(DeleteBehavior.Cascade);

        // The latest evaluation per budget and period; also serves the foreign key.
        builder.HasIndex(e => new { e.BudgetId, e.PeriodKey }).IsUnique().HasDatabaseName("UX_budget_evaluations_BudgetId_PeriodKey");
    }
}

public sealed class BudgetAlertConfiguration : IEntityTypeConfiguration<BudgetAlert>
{
    public void Configure(EntityTypeBuilder<BudgetAlert> builder)
    {
        builder.ToTable("alerts");
        builder.HasKey(a => a.Id);
        builder.Ignore(a => a.Scope);
        builder.HasOne<Budget>().WithMany().HasForeignKey(a => a.BudgetId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(a => a.Deliveries).WithOne().HasForeignKey(d => d.AlertId).OnDelete(DeleteBehavior.Cascade);

        // Once per threshold per period: evaluation inserts with INSERT OR IGNORE against this key.
        builder.HasIndex(a => new { a.BudgetId, a.PeriodKey, a.ThresholdPercent, a.Basis }).IsUnique()
            .HasDatabaseName("UX_alerts_BudgetId_PeriodKey_ThresholdPercent_Basis");
        builder.HasIndex(a => new { a.State, a.RaisedAt }).HasDatabaseName("IX_alerts_State_RaisedAt");
    }
}

public sealed class AlertDeliveryConfiguration : IEntityTypeConfiguration<AlertDelivery>
{
    public void Configure(EntityTypeBuilder<AlertDelivery> builder)
    {
        builder.ToTable("alert_deliveries");
        builder.HasKey(d => d.Id);

        // One delivery per alert and channel: re-queuing can never duplicate a send.
        builder.HasIndex(d => new { d.AlertId, d.Channel }).IsUnique().HasDatabaseName("UX_alert_deliveries_AlertId_Channel");
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt }).HasDatabaseName("IX_alert_deliveries_Status_NextAttemptAt");
    }
}
