using FinOpsDashboard.Domain.Pricing;

namespace FinOpsDashboard.Domain.Tests.Pricing;

public sealed class PriceCatalogTests
{
    private static readonly DateOnly Day = new(2026, 6, 15);

    [Theory]
    [InlineData("Sonnet global input is listed", "Claude Sonnet 4.6", "input", "on-demand", "global", null, 3.00, false)]
    [InlineData("Sonnet in-region derives geo = global × 1.10", "Claude Sonnet 4.6", "input", "on-demand", "none", null, 3.30, true)]
    [InlineData("Sonnet 1-hour write is listed", "Claude Sonnet 4.6", "cache-write", "on-demand", "global", "1h", 6.00, false)]
    [InlineData("a cache write without TTL is the 5-minute one", "Claude Sonnet 4.6", "cache-write", "on-demand", "global", null, 3.75, false)]
    [InlineData("in-region batch: × 1.10 then × 0.5", "Claude Sonnet 4.6", "input", "batch", "none", null, 1.65, true)]
    [InlineData("Nova Lite batch output = 0.24 × 0.5", "Nova Lite", "output", "batch", "none", null, 0.12, true)]
    [InlineData("Nova Pro global derives global = geo ÷ 1.10", "Nova Pro", "input", "on-demand", "global", null, 0.80 / 1.1, true)]
    [InlineData("embeddings", "Titan Text Embeddings V2", "input", "on-demand", "none", null, 0.02, false)]
    public void RateFor_TheSeed_ListsOrDerivesByTheDocumentedRules(
        string name, string model, string direction, string mode, string route, string? ttl, double expected, bool derived)
    {
        _ = name;
        var quote = PriceCatalog.Representative().RateFor(model, "us-east-1", direction, mode, route, ttl, Day);

        Assert.NotNull(quote);
        Assert.Equal(Math.Round((decimal)expected, 6), Math.Round(quote.UsdPerMillion, 6));
        Assert.Equal(derived, quote.IsDerived);
        Assert.True(quote.IsRepresentative);
        Assert.Equal(derived, quote.Basis != "listed");
    }

    [Theory]
    [InlineData("unknown model", "Mystery 9", "input", "on-demand", null)]
    [InlineData("no caching on Llama", "Llama 3 70B", "cache-read", "on-demand", null)]
    [InlineData("flex has no documented rule", "Nova Pro", "input", "flex", null)]
    [InlineData("priority has no documented rule", "Nova Pro", "output", "priority", null)]
    [InlineData("no 1-hour write listed for Nova Pro", "Nova Pro", "cache-write", "on-demand", "1h")]
    [InlineData("not a token direction", "Nova Pro", "model-units", "on-demand", null)]
    public void RateFor_IsNullWhenNeitherAnEntryNorARulePricesIt(string name, string model, string direction, string mode, string? ttl)
    {
        _ = name;
        Assert.Null(PriceCatalog.Representative().RateFor(model, null, direction, mode, "none", ttl, Day));
    }

    [Fact]
    public void RateFor_ReproducesRepresentativePrices_ForEveryListedModelAndCharge()
    {
        var catalog = PriceCatalog.Representative();
        foreach (var rates in RepresentativePrices.All)
        {
            foreach (var direction in PriceDimensions.Directions)
            {
                foreach (var mode in PriceDimensions.PricingModes)
                {
                    foreach (var route in PriceDimensions.CrossRegions)
                    {
                        foreach (var ttl in new string?[] { null, "5m", "1h" })
                        {
                            var expected = RepresentativePrices.RatePerMillion(rates.Model, direction, mode, route, ttl ?? "5m");
                            var actual = catalog.RateFor(rates.Model, null, direction, mode, route, ttl, Day)?.UsdPerMillion;
                            Assert.True(expected == actual, $"{rates.Model} {direction} {mode} {route} {ttl}: representative {expected}, catalog {actual}");
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void RateFor_ARegionSpecificEntry_BeatsTheAnyRegionOne()
    {
        var catalog = new PriceCatalog([
            Entry("Llama 3 70B", "input", 2.65m, region: null),
            Entry("Llama 3 70B", "input", 2.40m, region: "us-west-2"),
        ]);

        Assert.Equal(2.40m, catalog.RateFor("Llama 3 70B", "US-WEST-2", "input", "on-demand", "none", null, Day)!.UsdPerMillion);
        Assert.Equal(2.65m, catalog.RateFor("Llama 3 70B", "us-east-1", "input", "on-demand", "none", null, Day)!.UsdPerMillion);
        Assert.Equal(2.65m, catalog.RateFor("Llama 3 70B", null, "input", "on-demand", "none", null, Day)!.UsdPerMillion);
    }

    [Fact]
    public void RateFor_UsesTheEntryEffectiveOnTheDay_AndEffectiveToIsInclusive()
    {
        var catalog = new PriceCatalog([
            Entry("Nova Pro", "input", 0.80m, from: new(2024, 1, 1), to: new(2026, 2, 28)),
            Entry("Nova Pro", "input", 0.70m, from: new(2026, 3, 1)),
        ]);

        Assert.Equal(0.80m, catalog.RateFor("Nova Pro", null, "input", "on-demand", "none", null, new(2026, 2, 28))!.UsdPerMillion);
        Assert.Equal(0.70m, catalog.RateFor("Nova Pro", null, "input", "on-demand", "none", null, new(2026, 3, 1))!.UsdPerMillion);
        Assert.Null(catalog.RateFor("Nova Pro", null, "input", "on-demand", "none", null, new(2023, 12, 31)));
    }

    [Fact]
    public void RateFor_AnExplicitEntry_BeatsADerivedRate_AndDerivationsFollowAnEditedListedRate()
    {
        var explicitBatch = new PriceCatalog([Entry("Nova Lite", "input", 0.06m), Entry("Nova Lite", "input", 0.02m, mode: "batch")]);
        Assert.Equal(0.02m, explicitBatch.RateFor("Nova Lite", null, "input", "batch", "none", null, Day)!.UsdPerMillion);

        var edited = new PriceCatalog([Entry("Claude Sonnet 4.6", "input", 2.80m, route: "global")]);
        var batchGeo = edited.RateFor("Claude Sonnet 4.6", null, "input", "batch", "none", null, Day)!;
        Assert.Equal(1.54m, batchGeo.UsdPerMillion); // 2.80 × 1.10 × 0.5
        Assert.Equal("batch = 50 % of on-demand; geo = global × 1.10", batchGeo.Basis);
        Assert.False(batchGeo.IsRepresentative);
    }

    [Fact]
    public void RepresentativeEntries_AreTheListedRates_MarkedRepresentative_From2024()
    {
        var seed = PriceCatalog.RepresentativeEntries(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        // 10 models × input + output (20), cache read/write/1h on Nova Pro (2: no 1h), Haiku 4.5, Sonnet 4.6, Opus 4.8 (3 each).
        Assert.Equal(20 + 2 + 9, seed.Count);
        Assert.All(seed, e =>
        {
            Assert.True(e.IsRepresentative);
            Assert.Equal(RepresentativePrices.Provenance, e.Provenance);
            Assert.Equal(new DateOnly(2024, 1, 1), e.EffectiveFrom);
            Assert.Null(e.EffectiveTo);
            Assert.Null(e.Region);
            Assert.Equal("on-demand", e.PricingMode);
            Assert.Empty(PriceCatalog.Validate(e, seed.Where(o => !ReferenceEquals(o, e))));
        });
        Assert.All(seed.Where(e => e.Model.StartsWith("Claude", StringComparison.Ordinal) && e.Model != "Claude 3 Haiku"), e => Assert.Equal("global", e.CrossRegion));
        Assert.Contains(seed, e => e is { Model: "Claude Sonnet 4.6", Direction: "cache-write", CacheTtl: "1h", UsdPerMillion: 6.00m });
    }

    [Theory]
    [InlineData("negative", -0.01, "cannot be negative")]
    [InlineData("absurd", 1000.01, "above the $1,000 sanity limit")]
    [InlineData("finer than nano-dollars", 0.0000000001, "at most 9 decimal places")]
    public void Validate_RejectsRatesThatCannotBeRight(string name, double rate, string message)
    {
        _ = name;
        var errors = PriceCatalog.Validate(Entry("Nova Pro", "input", (decimal)rate), []);

        Assert.Contains(errors, e => e.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_AcceptsTheBoundaries_ZeroAndExactlyOneThousand()
    {
        Assert.Empty(PriceCatalog.Validate(Entry("Nova Pro", "cache-write", 0m), []));
        Assert.Empty(PriceCatalog.Validate(Entry("Nova Pro", "input", 1000m), []));
    }

    [Fact]
    public void Validate_RejectsUnknownDimensions_TtlOnInput_AndAnEndBeforeTheStart()
    {
        var bad = Entry("Nova Pro", "input", 1m, mode: "spot", route: "mars", from: new(2026, 3, 1), to: new(2026, 2, 1));
        bad.CacheTtl = "1h";
        bad.Direction = "inptu";

        var errors = PriceCatalog.Validate(bad, []);

        Assert.Contains(errors, e => e.StartsWith("Direction 'inptu' is not one of", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Pricing mode 'spot'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Cross-region route 'mars'", StringComparison.Ordinal));
        Assert.Contains("A cache TTL applies to cache writes only.", errors);
        Assert.Contains("The last effective day 2026-02-01 is before the first 2026-03-01.", errors);
    }

    [Theory]
    [InlineData("overlapping its end", "2025-03-01", null, true)]
    [InlineData("inside its range", "2025-06-01", "2025-06-30", true)]
    [InlineData("starting on its last day", "2025-12-31", null, true)]
    [InlineData("ending the day before it starts", "2023-01-01", "2023-12-31", false)]
    [InlineData("starting the day after it ends", "2026-01-01", null, false)]
    public void Validate_RejectsOverlappingRangesForTheSameKey(string name, string from, string? to, bool overlaps)
    {
        _ = name;
        var existing = Entry("Nova Pro", "input", 0.80m, from: new(2024, 1, 1), to: new(2025, 12, 31));
        existing.Id = 7;
        var later = Entry("Nova Pro", "input", 0.70m, from: new(2027, 1, 1));
        later.Id = 8;
        var otherKey = Entry("Nova Pro", "input", 0.80m, region: "eu-west-1", from: new(2020, 1, 1));
        otherKey.Id = 9;
        var candidate = Entry("Nova Pro", "input", 0.75m, from: DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            to: to is null ? new DateOnly(2026, 12, 31) : DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture));

        var errors = PriceCatalog.Validate(candidate, [existing, later, otherKey]);

        Assert.Equal(overlaps, errors.Any(e => e.Contains("overlaps the existing price #7", StringComparison.Ordinal)));
        Assert.DoesNotContain(errors, e => e.Contains("#8", StringComparison.Ordinal) || e.Contains("#9", StringComparison.Ordinal));
    }

    [Fact]
    public void PriceKey_NormalisesRegionCaseAndTheDefaultCacheTtl()
    {
        Assert.Equal(
            PriceKey.Create("Nova Pro", "US-East-1 ", "cache-write", "on-demand", "none", null),
            PriceKey.Create("Nova Pro", "us-east-1", "Cache-Write", "On-Demand", "", "5m"));
        Assert.Null(PriceKey.Create("Nova Pro", "", "input", "on-demand", "none", "1h").CacheTtl);
        Assert.Null(PriceKey.Create("Nova Pro", "  ", "input", "on-demand", "none", null).Region);
    }

    internal static PriceCatalogEntry Entry(
        string model, string direction, decimal rate, string? region = null, string mode = "on-demand", string route = "none", string? ttl = null,
        DateOnly? from = null, DateOnly? to = null, bool representative = false) => new()
        {
            Model = model,
            Region = region,
            Direction = direction,
            PricingMode = mode,
            CrossRegion = route,
            CacheTtl = ttl,
            UsdPerMillion = rate,
            EffectiveFrom = from ?? new DateOnly(2024, 1, 1),
            EffectiveTo = to,
            Provenance = representative ? RepresentativePrices.Provenance : "test",
            IsRepresentative = representative,
            CreatedBy = "test",
            UpdatedBy = "test",
        };
}
