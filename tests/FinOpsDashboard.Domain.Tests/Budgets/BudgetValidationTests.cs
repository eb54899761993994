using FinOpsDashboard.Domain.Budgets;

namespace FinOpsDashboard.Domain.Tests.Budgets;

public sealed class BudgetValidationTests
{
    private static readonly BudgetScopeValues Known = new(["search", "support"], ["chat", "summaries"], ["Nova Pro"], ["batch", "on-demand"]);

    private static readonly ExistingBudget[] Existing =
    [
        new(1, "Support monthly", BudgetScope.Team("support"), BudgetPeriodKinds.Monthly),
        new(2, "All Bedrock", BudgetScope.Total, BudgetPeriodKinds.Monthly),
    ];

    private static BudgetDraft Valid => new("", BudgetScope.Team("search"), BudgetPeriodKinds.Monthly, 2500m, BudgetDraft.DefaultThresholds);

    [Fact]
    public void AValidDraft_HasNoErrors_AndANameFromItsScope()
    {
        Assert.Empty(BudgetValidation.Validate(Valid, Known, Existing, null));
        Assert.Equal("Team search · monthly", Valid.EffectiveName);
    }

    public static TheoryData<string, BudgetDraft, string, string> Invalid => new()
    {
        { "zero amount", Valid with { Amount = 0m }, "amount", "must be more than $0" },
        { "negative amount", Valid with { Amount = -5m }, "amount", "must be more than $0" },
        { "absurd amount", Valid with { Amount = 250_000_000m }, "amount", "$250,000,000.00 is above the $100,000,000 limit" },
        { "fractions of a cent", Valid with { Amount = 10.005m }, "amount", "whole cents only" },
        { "unknown team", Valid with { Scope = BudgetScope.Team("payments") }, "scope", "Unknown team 'payments' (known: search, support)" },
        { "unknown model", Valid with { Scope = new BudgetScope(BudgetScopeKinds.Model, "GPT") }, "scope", "Unknown model 'GPT'" },
        { "team not chosen", Valid with { Scope = new BudgetScope(BudgetScopeKinds.Team, " ") }, "scope", "Choose the team" },
        { "unknown scope kind", Valid with { Scope = new BudgetScope("region", "us-east-1") }, "scope", "Scope 'region' is unknown" },
        { "unknown period", Valid with { Period = "weekly" }, "period", "Period 'weekly' is unknown" },
        { "duplicate of a team budget", Valid with { Scope = BudgetScope.Team("support") }, "scope", "A monthly budget for team support already exists (\"Support monthly\", #1)" },
        { "duplicate total", Valid with { Scope = BudgetScope.Total }, "scope", "A monthly budget for all Bedrock spend already exists" },
        { "threshold 0 %", Valid with { Thresholds = [new(0, ThresholdBases.Actual)] }, "thresholds", "Threshold 0 %: must be between 1 % and 1000 %" },
        { "threshold 1001 %", Valid with { Thresholds = [new(1001, ThresholdBases.Forecast)] }, "thresholds", "between 1 % and 1000 %" },
        { "threshold twice", Valid with { Thresholds = [new(80, ThresholdBases.Actual), new(80, ThresholdBases.Actual)] }, "thresholds", "80 % of actual is listed twice" },
        { "unknown basis", Valid with { Thresholds = [new(80, "budgeted")] }, "thresholds", "basis 'budgeted'" },
        { "six thresholds with AWS sync", Valid with { SyncToAws = true, Thresholds = [new(10, "actual"), new(20, "actual"), new(30, "actual"), new(40, "actual"), new(50, "actual"), new(60, "actual")] }, "thresholds", "AWS Budgets allows 5 notifications" },
        { "long name", Valid with { Name = new string('x', 81) }, "name", "at most 80 characters" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void AnInvalidDraft_IsRefused_WithAMessageOnItsField(string name, BudgetDraft draft, string field, string message)
    {
        var errors = BudgetValidation.Validate(draft, Known, Existing, null);

        var error = Assert.Single(errors);
        Assert.True(field == error.Field, $"{name}: {error.Field}");
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void EditingABudget_DoesNotCollideWithItself()
    {
        var support = Valid with { Scope = BudgetScope.Team("support"), Amount = 900m };

        Assert.Empty(BudgetValidation.Validate(support, Known, Existing, editingId: 1));
        Assert.NotEmpty(BudgetValidation.Validate(support, Known, Existing, editingId: 2));
    }

    [Fact]
    public void TheSameScopeWithAnotherPeriod_IsNotADuplicate()
    {
        Assert.Empty(BudgetValidation.Validate(Valid with { Scope = BudgetScope.Team("support"), Period = BudgetPeriodKinds.Quarterly }, Known, Existing, null));
    }

    [Fact]
    public void SeveralProblems_AreAllReported()
    {
        var errors = BudgetValidation.Validate(Valid with { Amount = -1m, Scope = BudgetScope.Team("nobody"), Thresholds = [new(5000, "actual")] }, Known, Existing, null);

        Assert.Equal(["scope", "amount", "thresholds"], errors.Select(e => e.Field).ToList());
    }
}
