namespace FinOpsDashboard.Domain.Analytics;

/// <summary>Rounds parts of a whole to cents without losing or inventing a cent, so a displayed breakdown still adds up.</summary>
public static class CentAllocation
{
    private const decimal Cent = 0.01m;

    /// <summary>To cents, halves away from zero as bills round: 2.345 → 2.35, −2.345 → −2.35.</summary>
    public static decimal ToCents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Largest remainder: floor each amount to cents, then hand the cents still missing from <paramref name="total"/> to the
    /// amounts that lost most in flooring (ties to the earlier one): [0.334, 0.333, 0.333] to 1.00 → [0.34, 0.33, 0.33].
    /// While the total is less than a cent from the sum (the sum rounded, or a difference of rounded totals), every amount
    /// moves by less than a cent and one already in whole cents keeps its value.
    /// </summary>
    public static decimal[] Allocate(IReadOnlyList<decimal> amounts, decimal total)
    {
        ArgumentNullException.ThrowIfNull(amounts);
        if (ToCents(total) != total)
        {
            throw new ArgumentException($"The total {total} is not a whole number of cents.", nameof(total));
        }

        if (amounts.Count == 0)
        {
            return total == 0
                ? []
                : throw new ArgumentException($"Cannot allocate {total} over no amounts.", nameof(amounts));
        }

        var result = amounts.Select(a => Math.Floor(a / Cent) * Cent).ToArray();
        var remainders = amounts.Select((a, i) => a - result[i]).ToArray();
        var missingCents = (long)((total - result.Sum()) / Cent);
        if (missingCents == 0)
        {
            return result;
        }

        // Adding: largest remainders first. Taking away (a total below the floored sum): smallest remainders first,
        // the amounts flooring moved least. Cycle when more cents move than there are amounts.
        var order = Enumerable.Range(0, amounts.Count)
            .OrderBy(i => missingCents > 0 ? -remainders[i] : remainders[i])
            .ThenBy(i => i)
            .ToArray();
        var step = missingCents > 0 ? Cent : -Cent;
        for (long n = 0; n < Math.Abs(missingCents); n++)
        {
            result[order[n % order.Length]] += step;
        }

        return result;
    }
}
