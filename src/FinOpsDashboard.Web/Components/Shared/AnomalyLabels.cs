using System.Globalization;
using FinOpsDashboard.Domain;
using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Anomalies;
using FinOpsDashboard.Infrastructure.Anomalies;

namespace FinOpsDashboard.Web.Components.Shared;

/// <summary>How anomalies read on every page: series names, severity and status words, the five effects in one order and colour.</summary>
public static class AnomalyLabels
{
    /// <summary>The explanation's effects in display order, with the colour each has in every bar and legend.</summary>
    public static IReadOnlyList<(string Name, string Css, Func<ChangeEffects, decimal> Amount)> Effects { get; } =
    [
        ("Volume", "volume", e => e.Volume),
        ("Unit price", "unit-price", e => e.UnitPrice),
        ("Model mix", "mix", e => e.ModelMix),
        ("Cache", "cache", e => e.Cache),
        ("Pricing mode", "mode", e => e.PricingMode),
    ];

    /// <summary>"Feature · email-campaigns", "Total spend".</summary>
    public static string Series(AnomalyItem item) => item.Source == AnomalySource.Aws
        ? $"AWS monitor · {item.Key}"
        : item.Dimension == AnomalyDimension.Total ? "Total spend" : $"{item.Dimension.Label()} · {item.Key}";

    public static string Severity(AnomalySeverity severity) => severity switch
    {
        AnomalySeverity.Critical => "Critical",
        AnomalySeverity.High => "High",
        AnomalySeverity.Medium => "Medium",
        _ => "Low",
    };

    public static string Status(AnomalyStatus? status) => status switch
    {
        AnomalyStatus.Acknowledged => "Acknowledged",
        AnomalyStatus.Explained => "Explained",
        AnomalyStatus.Planned => "Planned",
        AnomalyStatus.New => "New",
        _ => "—",
    };

    /// <summary>+1204.4 → "+$1,204"; −3.5 → "−$3.50".</summary>
    public static string Signed(decimal amount) => Infrastructure.Reporting.MoverReason.Signed(amount);

    /// <summary>"z 12.3" (one decimal), or "" for AWS findings.</summary>
    public static string Z(double? z) => z is { } v ? v.ToString("+0.0;−0.0", CultureInfo.InvariantCulture) : "";

    public static string Day(DateOnly day) => day.ToString("ddd MMM d", Money.Culture);

    /// <summary>The largest effect in words, "cache +$313", or "" when there is none.</summary>
    public static string Largest(ChangeEffects? effects)
    {
        if (effects is null)
        {
            return "";
        }

        var (name, _, amount) = Effects.Select(e => (e.Name, e.Css, Amount: e.Amount(effects))).MaxBy(e => Math.Abs(e.Amount));
        return amount == 0 ? "" : $"{name.ToLowerInvariant()} {Signed(amount)}";
    }

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
