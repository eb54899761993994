using FinOpsDashboard.Domain;
using FinOpsDashboard.Domain.Analytics;

namespace FinOpsDashboard.Web.Components.Shared;

/// <summary>How a KPI card words a period-over-period change.</summary>
public static class ChangeLabels
{
    /// <summary>"▲ 12.5% (+$1,204) vs prior 30 days", or why there is nothing to compare with.</summary>
    public static string Versus(PeriodComparison c, string against) => c.ChangeRatio is { } ratio
        ? $"{(ratio >= 0 ? "▲" : "▼")} {Math.Abs(ratio).ToString("P1", Money.Culture)} ({(c.Change >= 0 ? "+" : "−")}{Money.Usd(Math.Abs(c.Change), 0)}) vs {against}"
        : $"no spend in the {against} to compare with";

    /// <summary>"up" (spend grew: shown as bad), "down", or "" when flat: KpiCard's ChangeClass.</summary>
    public static string CssClass(PeriodComparison c) => c.Change > 0 ? "up" : c.Change < 0 ? "down" : "";
}
