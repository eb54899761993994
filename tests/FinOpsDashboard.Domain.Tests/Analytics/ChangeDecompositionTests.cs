using FinOpsDashboard.Domain.Analytics;
using static FinOpsDashboard.Domain.Tests.Analytics.CostCells;

namespace FinOpsDashboard.Domain.Tests.Analytics;

public sealed class ChangeDecompositionTests
{
    private const string Sonnet = "Claude Sonnet 4.6";
    private const string Haiku = "Claude Haiku 4.5";
    private const string NovaPro = "Nova Pro";

    // Expected: (Volume, UnitPrice, ModelMix, Cache, PricingMode); baseline and current are the cells' totals.
    public static TheoryData<string, CostCell[], CostCell[], decimal[]> SingleFactorCases => new()
    {
        {
            "volume doubles: every cell twice the tokens and cost",
            [Tokens(Sonnet, "input", 1, 3), Tokens(Sonnet, "output", 0.2m, 15)],
            [Tokens(Sonnet, "input", 2, 3), Tokens(Sonnet, "output", 0.4m, 15)],
            [6, 0, 0, 0, 0]
        },
        {
            "same tokens move from Sonnet to Haiku: 1M in at 3→1, 0.1M out at 15→5",
            [Tokens(Sonnet, "input", 1, 3), Tokens(Sonnet, "output", 0.1m, 15)],
            [Tokens(Haiku, "input", 1, 1), Tokens(Haiku, "output", 0.1m, 5)],
            [0, 0, -3, 0, 0]
        },
        {
            "on-demand to batch at half price",
            [Tokens(Sonnet, "input", 2, 3)],
            [Tokens(Sonnet, "input", 2, 1.5m, mode: "batch")],
            [0, 0, 0, 0, -3]
        },
        {
            "in-region to the global route, 10 % cheaper, is a mode variant",
            [Tokens(Sonnet, "input", 1, 3.3m)],
            [Tokens(Sonnet, "input", 1, 3, crossRegion: "global")],
            [0, 0, 0, 0, -0.3m]
        },
        {
            "cache-read share rises: 3M of 4M input-side tokens now read from cache at 0.30",
            [Tokens(Sonnet, "input", 4, 3)],
            [Tokens(Sonnet, "input", 1, 3), Tokens(Sonnet, "cache-read", 3, 0.3m)],
            [0, 0, 0, -8.1m, 0]
        },
        {
            "cache writes move from the 5-minute to the 1-hour TTL",
            [Tokens(Sonnet, "input", 1, 3), Tokens(Sonnet, "cache-write", 1, 3.75m, ttl: "5m")],
            [Tokens(Sonnet, "input", 1, 3), Tokens(Sonnet, "cache-write", 1, 6, ttl: "1h")],
            [0, 0, 0, 2.25m, 0]
        },
        {
            "price rises 10 % on the same tokens",
            [Tokens(Sonnet, "input", 1, 3), Tokens(Sonnet, "output", 1, 15)],
            [Tokens(Sonnet, "input", 1, 3.3m), Tokens(Sonnet, "output", 1, 16.5m)],
            [0, 1.8m, 0, 0, 0]
        },
        {
            "provisioned hours are a group of their own: a longer month is volume",
            [Units(NovaPro, "model-units", "hours", 720, 20, mode: "provisioned")],
            [Units(NovaPro, "model-units", "hours", 744, 20, mode: "provisioned")],
            [480, 0, 0, 0, 0]
        },
        {
            "a brand-new model taking half the tokens is mix, not unit price",
            [Tokens(Sonnet, "input", 1, 3)],
            [Tokens(Sonnet, "input", 0.5m, 3), Tokens(NovaPro, "input", 0.5m, 0.8m)],
            [0, 0, -1.1m, 0, 0]
        },
        {
            "a vanished group drops to zero in the volume step",
            [Tokens(Sonnet, "input", 1, 3), Units("Nova Canvas", "image", "images", 100, 0.04m)],
            [Tokens(Sonnet, "input", 1, 3)],
            [-4, 0, 0, 0, 0]
        },
        {
            "a new group arrives in the volume step at its own prices",
            [Tokens(Sonnet, "input", 1, 3)],
            [Tokens(Sonnet, "input", 1, 3), Units("Nova Canvas", "image", "images", 100, 0.04m)],
            [4, 0, 0, 0, 0]
        },
        {
            "a fee without quantity is measured by its cost: 10 → 15 is volume",
            [Tokens(Sonnet, "input", 1, 3), Fee(Sonnet, 10)],
            [Tokens(Sonnet, "input", 1, 3), Fee(Sonnet, 15)],
            [5, 0, 0, 0, 0]
        },
        {
            "empty baseline: everything is new volume",
            [],
            [Tokens(Sonnet, "input", 1, 3), Tokens(Haiku, "output", 1, 5, mode: "batch")],
            [8, 0, 0, 0, 0]
        },
        {
            "empty current: everything vanished",
            [Tokens(Sonnet, "input", 1, 3), Fee(Haiku, 2)],
            [],
            [-5, 0, 0, 0, 0]
        },
        {
            "both empty",
            [],
            [],
            [0, 0, 0, 0, 0]
        },
        {
            "cells with neither quantity nor cost are ignored",
            [Tokens(Sonnet, "input", 1, 3), Tokens(Haiku, "input", 0, 1)],
            [Tokens(Sonnet, "input", 1, 3), Tokens(NovaPro, "input", 0, 0.8m)],
            [0, 0, 0, 0, 0]
        },
    };

    [Theory]
    [MemberData(nameof(SingleFactorCases))]
    public void EachCauseLandsInItsOwnEffect(string name, CostCell[] baseline, CostCell[] current, decimal[] expected)
    {
        _ = name;
        var effects = ChangeDecomposition.Decompose(baseline, current);

        Assert.Equal(baseline.Sum(c => c.Cost), effects.Baseline);
        Assert.Equal(current.Sum(c => c.Cost), effects.Current);
        Assert.Equal(expected, new[] { effects.Volume, effects.UnitPrice, effects.ModelMix, effects.Cache, effects.PricingMode });
    }

    [Fact]
    public void VolumeAndPrice_SplitAtTheOldPrice()
    {
        // 1M at $3 → 2M at $3.30: volume is the extra 1M at $3 (+3), price is 2M × $0.30 (+0.60).
        var effects = ChangeDecomposition.Decompose([Tokens(Sonnet, "input", 1, 3)], [Tokens(Sonnet, "input", 2, 3.3m)]);

        Assert.Equal(new ChangeEffects(3, 6.6m, Volume: 3, UnitPrice: 0.6m, ModelMix: 0, Cache: 0, PricingMode: 0), effects);
    }

    [Fact]
    public void VolumeAndMix_FollowTheDocumentedExample()
    {
        // 1M Sonnet at $3 → 2M, half on Haiku at $1: 2M at the old mix is $6 (+3), half of it to Haiku saves $2.
        var effects = ChangeDecomposition.Decompose(
            [Tokens(Sonnet, "input", 1, 3)],
            [Tokens(Sonnet, "input", 1, 3), Tokens(Haiku, "input", 1, 1)]);

        Assert.Equal(new ChangeEffects(3, 4, Volume: 3, UnitPrice: 0, ModelMix: -2, Cache: 0, PricingMode: 0), effects);
    }

    [Fact]
    public void AllFiveEffects_ChainVolumeMixModeCachePrice()
    {
        // Baseline: 1M Sonnet at $3 + 1M Haiku at $1 = $4.
        // Current: 4M; Sonnet 1M (half on-demand at $3.30, half batch at $1.65), Haiku 3M (1.5M input at $1, 1.5M cache read at $0.10).
        // Volume:  4M at $2 average                                           = 8      → +4
        // Mix:     Sonnet 1M × $3 + Haiku 3M × $1                             = 6      → −2
        // Mode:    Sonnet 0.5M × $3 + 0.5M batch × $1.65 + Haiku $3            = 5.325  → −0.675
        // Cache:   Haiku 1.5M × $1 + 1.5M × $0.10, Sonnet unchanged            = 3.975  → −1.35
        // Price:   Sonnet on-demand $3 → $3.30 on 0.5M                         = 4.125  → +0.15
        var effects = ChangeDecomposition.Decompose(
            [Tokens(Sonnet, "input", 1, 3), Tokens(Haiku, "input", 1, 1)],
            [
                Tokens(Sonnet, "input", 0.5m, 3.3m),
                Tokens(Sonnet, "input", 0.5m, 1.65m, mode: "batch"),
                Tokens(Haiku, "input", 1.5m, 1),
                Tokens(Haiku, "cache-read", 1.5m, 0.1m),
            ]);

        Assert.Equal(new ChangeEffects(4, 4.125m, Volume: 4, UnitPrice: 0.15m, ModelMix: -2, Cache: -1.35m, PricingMode: -0.675m), effects);
    }

    [Fact]
    public void InputAndOutputAreSeparateVolumes()
    {
        // Output doubles (0.1M → 0.2M at $15, +1.5) while input stays: all volume, nothing else.
        var effects = ChangeDecomposition.Decompose(
            [Tokens(Sonnet, "input", 1, 3), Tokens(Sonnet, "output", 0.1m, 15)],
            [Tokens(Sonnet, "input", 1, 3), Tokens(Sonnet, "output", 0.2m, 15)]);

        Assert.Equal(new ChangeEffects(4.5m, 6, Volume: 1.5m, UnitPrice: 0, ModelMix: 0, Cache: 0, PricingMode: 0), effects);
    }

    [Fact]
    public void BaselineScale_ComparesAWeekWithTheFourWeekAverage()
    {
        // Four weeks of 1M a week at $3 averages $3 a week; this week 1M at $3.30 → +0.30 unit price.
        var effects = ChangeDecomposition.Decompose([Tokens(Sonnet, "input", 4, 3)], [Tokens(Sonnet, "input", 1, 3.3m)], baselineScale: 0.25m);

        Assert.Equal(new ChangeEffects(3, 3.3m, Volume: 0, UnitPrice: 0.3m, ModelMix: 0, Cache: 0, PricingMode: 0), effects);
    }

    [Fact]
    public void BaselineScale_NeedNotDivideEvenly()
    {
        // A 7-day week against a 30-day month: 30M at $3 scaled by 7/30 is 7M, $21; this week 8M at $3 → +3 volume.
        var effects = ChangeDecomposition.Decompose([Tokens(Sonnet, "input", 30, 3)], [Tokens(Sonnet, "input", 8, 3)], baselineScale: 7m / 30m);

        Assert.Equal(effects.Change, effects.Volume + effects.UnitPrice + effects.ModelMix + effects.Cache + effects.PricingMode);
        Assert.Equal(new ChangeEffects(21, 24, 3, 0, 0, 0, 0), effects.Rounded());
    }

    [Theory]
    [InlineData("zero", 0)]
    [InlineData("negative", -1)]
    public void BaselineScale_MustBePositive(string name, int scale)
    {
        _ = name;
        Assert.Throws<ArgumentOutOfRangeException>(() => ChangeDecomposition.Decompose([], [], scale));
    }

    [Fact]
    public void Rounded_KeepsTheEffectsAddingUpToTheRoundedChange()
    {
        var effects = new ChangeEffects(10.004m, 20.006m, Volume: 3.333m, UnitPrice: 3.333m, ModelMix: 3.336m, Cache: 0, PricingMode: 0);

        Assert.Equal(new ChangeEffects(10.00m, 20.01m, Volume: 3.34m, UnitPrice: 3.33m, ModelMix: 3.34m, Cache: 0, PricingMode: 0), effects.Rounded());
    }

    [Fact]
    public void Rounded_ZeroEffectsStayZero_WhenCrumbsRound()
    {
        // Thirds leave a sub-cent crumb; the change of 1.00 goes to the effects that carry it, not the zero ones.
        var effects = new ChangeEffects(0, 1, Volume: 1m / 3, UnitPrice: 0, ModelMix: 1m / 3, Cache: 0, PricingMode: 1 - (2m / 3));

        var rounded = effects.Rounded();

        Assert.Equal(1.00m, rounded.Volume + rounded.ModelMix + rounded.PricingMode);
        Assert.Equal(0m, rounded.UnitPrice);
        Assert.Equal(0m, rounded.Cache);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void EffectsSumExactlyToTheChange_ForRandomCellSets(int seed)
    {
        var random = new Random(seed);
        for (var run = 0; run < 100; run++)
        {
            var baseline = RandomCells(random);
            var current = RandomCells(random);
            var scale = random.Next(4) switch { 0 => 1m, 1 => 0.25m, 2 => 7m / 30m, _ => 1m / 3m };

            var effects = ChangeDecomposition.Decompose(baseline, current, scale);

            Assert.Equal(Math.Round(baseline.Sum(c => c.Cost * scale), 12, MidpointRounding.AwayFromZero), effects.Baseline);
            Assert.Equal(current.Sum(c => c.Cost), effects.Current);
            Assert.Equal(effects.Change, effects.Volume + effects.UnitPrice + effects.ModelMix + effects.Cache + effects.PricingMode);

            var rounded = effects.Rounded();
            Assert.Equal(CentAllocation.ToCents(effects.Current) - CentAllocation.ToCents(effects.Baseline), rounded.Change);
            Assert.Equal(rounded.Change, rounded.Volume + rounded.UnitPrice + rounded.ModelMix + rounded.Cache + rounded.PricingMode);
            Assert.All(
                [rounded.Volume - effects.Volume, rounded.UnitPrice - effects.UnitPrice, rounded.ModelMix - effects.ModelMix, rounded.Cache - effects.Cache, rounded.PricingMode - effects.PricingMode],
                d => Assert.True(Math.Abs(d) < 0.01m, $"seed {seed} run {run}: moved by {d}"));
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void UnchangedAndScaledCellSets_HaveNoSpuriousEffects(int seed)
    {
        var random = new Random(seed);
        for (var run = 0; run < 100; run++)
        {
            var cells = RandomCells(random, pricedPerUnitOnly: true);

            var same = ChangeDecomposition.Decompose(cells, cells);
            Assert.Equal(Round10(new ChangeEffects(same.Baseline, same.Baseline, 0, 0, 0, 0, 0)), Round10(same));

            // Every cell three times over: all of the change is volume, up to division crumbs.
            var tripled = ChangeDecomposition.Decompose(cells, cells.Select(c => c with { Quantity = c.Quantity * 3, Cost = c.Cost * 3 }));
            Assert.Equal(Round10(new ChangeEffects(tripled.Baseline, tripled.Current, tripled.Change, 0, 0, 0, 0)), Round10(tripled));

            // Every price 20 % up: all of the change is unit price.
            var dearer = ChangeDecomposition.Decompose(cells, cells.Select(c => c with { Cost = c.Cost * 1.2m }));
            Assert.Equal(Round10(new ChangeEffects(dearer.Baseline, dearer.Current, 0, dearer.Change, 0, 0, 0)), Round10(dearer));
        }
    }

    private static ChangeEffects Round10(ChangeEffects e) => new(
        e.Baseline, e.Current, Math.Round(e.Volume, 10), Math.Round(e.UnitPrice, 10), Math.Round(e.ModelMix, 10), Math.Round(e.Cache, 10), Math.Round(e.PricingMode, 10));

    // Quantities from a few tokens to trillions, so large products take the divide-first path too.
    private static readonly decimal[] Pow10 = [1m, 10m, 1_000m, 100_000m, 10_000_000m, 1_000_000_000m];
    private static readonly string[] Models = [Sonnet, Haiku, NovaPro, "Llama 3 70B"];
    private static readonly string[] Modes = ["on-demand", "batch", "flex", "priority", "provisioned", "custom-model", "customization"];
    private static readonly string[] Directions = ["input", "output", "cache-read", "cache-write", "image", "audio", "model-units", "training", "storage", "search-units", "other"];

    private static List<CostCell> RandomCells(Random random, bool pricedPerUnitOnly = false)
    {
        var count = random.Next(0, 4) == 0 ? 0 : random.Next(1, 15);
        var cells = new List<CostCell>(count);
        for (var i = 0; i < count; i++)
        {
            // Few distinct values so the two periods share models, modes and groups often.
            var direction = Directions[random.Next(random.Next(2) == 0 ? 4 : Directions.Length)];
            var unit = direction switch
            {
                "input" or "output" or "cache-read" or "cache-write" => "tokens",
                "model-units" or "training" => "hours",
                "storage" => "GB-months",
                _ => random.Next(2) == 0 ? "units" : "requests",
            };
            var quantity = !pricedPerUnitOnly && random.Next(10) == 0 ? 0m : random.Next(1, 5_000_000) / 1_000m * Pow10[random.Next(Pow10.Length)];
            var rate = random.Next(1, 100_000_000) / 10_000_000_000m;
            var cost = quantity == 0 ? random.Next(1, 100_000) / 100m : Math.Round(quantity * rate, random.Next(2, 11));
            if (!pricedPerUnitOnly && random.Next(15) == 0)
            {
                cost = -cost;
            }

            cells.Add(new CostCell(
                Models[random.Next(Models.Length)],
                Modes[random.Next(random.Next(2) == 0 ? 2 : Modes.Length)],
                direction,
                direction == "cache-write" ? (random.Next(3) switch { 0 => "5m", 1 => "1h", _ => null }) : null,
                random.Next(3) == 0 ? "global" : "none",
                unit,
                quantity,
                cost));
        }

        return cells;
    }
}
