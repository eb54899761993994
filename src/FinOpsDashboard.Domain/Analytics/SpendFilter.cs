using FinOpsDashboard.Domain.Time;

namespace FinOpsDashboard.Domain.Analytics;

/// <summary>
/// A slice of spend: a window plus optional value lists per dimension (null = no filter, empty = nothing).
/// The explorer's URL, the CLI's options and the showback page all reduce to one of these.
/// </summary>
public sealed record SpendFilter(DateWindow Window)
{
    public IReadOnlyCollection<string>? Accounts { get; init; }
    public IReadOnlyCollection<string>? Models { get; init; }
    public IReadOnlyCollection<string>? Teams { get; init; }
    public IReadOnlyCollection<string>? Features { get; init; }
    public IReadOnlyCollection<string>? PricingModes { get; init; }

    public IReadOnlyCollection<string>? ValuesFor(SpendDimension dimension) => dimension switch
    {
        SpendDimension.Account => Accounts,
        SpendDimension.Model => Models,
        SpendDimension.Team => Teams,
        SpendDimension.Feature => Features,
        SpendDimension.PricingMode => PricingModes,
        _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
    };

    public SpendFilter With(SpendDimension dimension, IReadOnlyCollection<string>? values) => dimension switch
    {
        SpendDimension.Account => this with { Accounts = values },
        SpendDimension.Model => this with { Models = values },
        SpendDimension.Team => this with { Teams = values },
        SpendDimension.Feature => this with { Features = values },
        SpendDimension.PricingMode => this with { PricingModes = values },
        _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
    };
}
