using FinOpsDashboard.Domain.Anomalies;
using FinOpsDashboard.Domain.Attribution;
using FinOpsDashboard.Domain.Budgets;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Domain.Pricing;
using FinOpsDashboard.Domain.Recommendations;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.Data;

/// <summary>
/// The store. The schema is owned by the SQL scripts in migrations/ (ADR-004); this model must match them
/// exactly, which MigrationSchemaTests prove.
/// </summary>
public sealed class FinOpsDbContext(DbContextOptions<FinOpsDbContext> options) : DbContext(options)
{
    public DbSet<CostFact> CostFacts => Set<CostFact>();
    public DbSet<DailySpend> DailySpend => Set<DailySpend>();
    public DbSet<MonthlySpend> MonthlySpend => Set<MonthlySpend>();
    public DbSet<WeeklyUsage> WeeklyUsage => Set<WeeklyUsage>();
    public DbSet<MetricFact> MetricFacts => Set<MetricFact>();
    public DbSet<MetricDailySum> MetricDailySums => Set<MetricDailySum>();
    public DbSet<ProvisionedThroughput> ProvisionedThroughputs => Set<ProvisionedThroughput>();
    public DbSet<JobRun> JobRuns => Set<JobRun>();
    public DbSet<IngestedDay> IngestedDays => Set<IngestedDay>();
    public DbSet<AppSetting> AppSettings => Set<AppSetting>();
    public DbSet<ImportedFile> ImportedFiles => Set<ImportedFile>();
    public DbSet<ImportRejection> ImportRejections => Set<ImportRejection>();
    public DbSet<InvocationLogHourly> InvocationLogHourly => Set<InvocationLogHourly>();
    public DbSet<AwsAnomaly> AwsAnomalies => Set<AwsAnomaly>();
    public DbSet<InferenceProfile> InferenceProfiles => Set<InferenceProfile>();
    public DbSet<UserAccount> Users => Set<UserAccount>();
    public DbSet<UserTeam> UserTeams => Set<UserTeam>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AttributionRuleSetVersion> AttributionRuleSets => Set<AttributionRuleSetVersion>();
    public DbSet<AttributionRuleEntry> AttributionRules => Set<AttributionRuleEntry>();
    public DbSet<PriceCatalogEntry> PriceCatalogEntries => Set<PriceCatalogEntry>();
    public DbSet<StoredRecommendation> Recommendations => Set<StoredRecommendation>();
    public DbSet<RecommendationEvent> RecommendationEvents => Set<RecommendationEvent>();
    public DbSet<PtModelSetting> PtModelSettings => Set<PtModelSetting>();
    public DbSet<SpendAnomaly> Anomalies => Set<SpendAnomaly>();
    public DbSet<SpendAnomalyEvent> AnomalyEvents => Set<SpendAnomalyEvent>();
    public DbSet<Budget> Budgets => Set<Budget>();
    public DbSet<BudgetThreshold> BudgetThresholds => Set<BudgetThreshold>();
    public DbSet<StoredBudgetEvaluation> BudgetEvaluations => Set<StoredBudgetEvaluation>();
    public DbSet<BudgetAlert> Alerts => Set<BudgetAlert>();
    public DbSet<AlertDelivery> AlertDeliveries => Set<AlertDelivery>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FinOpsDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Money is stored as whole nano-dollars (INTEGER) so SQLite sums and compares it exactly (ADR-006).
        configurationBuilder.Properties<decimal>().HaveConversion<NanoDollarConverter>();
    }
}
