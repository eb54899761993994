using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FinOpsDashboard.Infrastructure.Data;

/// <summary>
/// decimal quantity ↔ INTEGER thousandths. Token counts reach 1e13 a year for a large organisation, beyond
/// the nano-dollar range, and hours need no more than three decimals. Example: 1.5 hours ↔ 1500.
/// </summary>
public sealed class MilliUnitConverter() : ValueConverter<decimal, long>(
    quantity => (long)Math.Round(quantity * 1000m, MidpointRounding.ToEven),
    milli => milli / 1000m);
