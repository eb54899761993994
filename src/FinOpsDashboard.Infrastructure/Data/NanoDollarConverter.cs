using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FinOpsDashboard.Infrastructure.Data;

/// <summary>
/// decimal USD ↔ INTEGER nano-dollars (1e-9 USD). SQLite has no decimal type: stored as TEXT it can neither
/// SUM nor ORDER BY exactly, while integers do both. Example: 12.345678901 ↔ 12345678901.
/// Range: ±9.2 billion USD per value or sum, far above any Bedrock bill; finer digits than 1e-9 are rounded
/// half-to-even (AWS amounts carry at most 10 decimals, i.e. a rounding below a millionth of a cent).
/// </summary>
public sealed class NanoDollarConverter() : ValueConverter<decimal, long>(
    usd => ToNanos(usd),
    nanos => FromNanos(nanos))
{
    public const decimal NanosPerDollar = 1_000_000_000m;

    public static long ToNanos(decimal usd) => (long)Math.Round(usd * NanosPerDollar, MidpointRounding.ToEven);

    public static decimal FromNanos(long nanos) => nanos / NanosPerDollar;
}
