namespace FinOpsDashboard.Domain.Recommendations;

/// <summary>One labelled number that went into an estimate, shown beside the formula.</summary>
public sealed record FindingInput(string Label, string Value);

/// <summary>One point of a finding's evidence chart (a day, an hour of day...).</summary>
public sealed record EvidencePoint(string Label, decimal Value);

/// <summary>
/// How a done recommendation's realised saving is measured later: <see cref="UnitCost"/> compares the scope's cost per
/// 1M tokens now with <see cref="BaselineCostPerMillion"/> at today's volume; <see cref="ProvisionedCost"/> compares the
/// model's provisioned spend per month with <see cref="BaselineMonthlyCost"/>; <see cref="None"/> measures nothing.
/// </summary>
public sealed record Measurement(string Kind, string? Model, string? Team, string? Feature, decimal BaselineMonthlyCost, decimal? BaselineCostPerMillion)
{
    public const string UnitCost = "unit-cost";
    public const string ProvisionedCost = "provisioned-cost";
    public const string None = "none";

    public static Measurement Nothing { get; } = new(None, null, null, null, 0, null);
}

/// <summary>
/// A detector's finding. <see cref="Key"/> is stable across runs (lever + scope) so status and history follow it.
/// <see cref="MonthlySavings"/> is 0 when <see cref="SavingsClaimed"/> is false (throttling, distillation, attribution).
/// </summary>
public sealed record Finding(
    string Lever,
    string Key,
    string Title,
    string? Model,
    string? Team,
    string? Feature,
    decimal MonthlySavings,
    bool SavingsClaimed,
    string Confidence,
    string Evidence,
    string Formula,
    IReadOnlyList<FindingInput> Inputs,
    string? Alternative,
    decimal ScopeMonthlyCost,
    Measurement Measurement,
    string ChartTitle,
    IReadOnlyList<EvidencePoint> Chart);

/// <summary>A detector for one lever: reads the inputs, returns findings (none is a fine answer).</summary>
public interface IRecommendationDetector
{
    string Lever { get; }

    IEnumerable<Finding> Detect(RecommendationInputs inputs);
}
