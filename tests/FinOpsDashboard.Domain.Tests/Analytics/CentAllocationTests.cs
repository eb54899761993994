using FinOpsDashboard.Domain.Analytics;

namespace FinOpsDashboard.Domain.Tests.Analytics;

public sealed class CentAllocationTests
{
    public static TheoryData<string, decimal[], decimal, decimal[]> Cases => new()
    {
        { "the spare cent goes to the largest remainder", [0.333m, 0.333m, 0.334m], 1.00m, [0.33m, 0.33m, 0.34m] },
        { "amounts already in cents are kept", [1.25m, -3.10m, 0m], -1.85m, [1.25m, -3.10m, 0m] },
        { "negative amounts floor down and win the cent back", [-0.004m, 0.004m], 0m, [0m, 0m] },
        { "ties go to the earlier amount", [0.005m, 0.005m], 0.01m, [0.01m, 0m] },
        { "a total far above the sum cycles through the amounts", [0.10m, 0.20m], 0.33m, [0.12m, 0.21m] },
        { "a total below the floored sum takes from the smallest remainder", [0.105m, 0.20m], 0.29m, [0.10m, 0.19m] },
        { "nothing to allocate", [], 0m, [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Allocate_RoundsToCentsKeepingTheTotal(string name, decimal[] amounts, decimal total, decimal[] expected)
    {
        _ = name;
        Assert.Equal(expected, CentAllocation.Allocate(amounts, total));
    }

    [Theory]
    [InlineData("half a cent rounds away from zero", "2.345", "2.35")]
    [InlineData("negative half a cent too", "-2.345", "-2.35")]
    [InlineData("below half rounds down", "2.3449", "2.34")]
    [InlineData("whole cents are unchanged", "7.10", "7.10")]
    public void ToCents_RoundsHalvesAwayFromZero(string name, string amount, string expected)
    {
        _ = name;
        Assert.Equal(decimal.Parse(expected, Money.Culture), CentAllocation.ToCents(decimal.Parse(amount, Money.Culture)));
    }

    [Fact]
    public void Allocate_RejectsATotalThatIsNotWholeCents() =>
        Assert.Throws<ArgumentException>(() => CentAllocation.Allocate([1m], 1.005m));

    [Fact]
    public void Allocate_RejectsATotalWithNothingToCarryIt() =>
        Assert.Throws<ArgumentException>(() => CentAllocation.Allocate([], 0.01m));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Allocate_OfTheRoundedSum_MovesEachAmountByLessThanACent(int seed)
    {
        var random = new Random(seed);
        for (var run = 0; run < 200; run++)
        {
            var amounts = Enumerable.Range(0, random.Next(1, 8))
                .Select(_ => random.Next(3) == 0
                    ? random.Next(-10_000, 10_000) / 100m
                    : random.Next(-1_000_000_000, 1_000_000_000) / 1_000_000m / 7m)
                .ToArray();
            var total = CentAllocation.ToCents(amounts.Sum());

            var cents = CentAllocation.Allocate(amounts, total);

            Assert.Equal(total, cents.Sum());
            for (var i = 0; i < amounts.Length; i++)
            {
                Assert.Equal(cents[i], CentAllocation.ToCents(cents[i]));
                Assert.True(Math.Abs(cents[i] - amounts[i]) < 0.01m, $"seed {seed} run {run}: {amounts[i]} → {cents[i]}");
                if (CentAllocation.ToCents(amounts[i]) == amounts[i])
                {
                    Assert.Equal(amounts[i], cents[i]);
                }
            }
        }
    }
}
