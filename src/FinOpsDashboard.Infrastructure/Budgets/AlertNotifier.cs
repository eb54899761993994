namespace FinOpsDashboard.Infrastructure.Budgets;

/// <summary>
/// Tells live pages (the nav badge, the alert centre, budget lists) that budgets, alerts or deliveries changed, so they
/// re-render via InvokeAsync instead of polling. In-process only: a CLI run's changes show on the next page load.
/// </summary>
public sealed class AlertNotifier
{
    public event Action? Changed;

    public void Notify() => Changed?.Invoke();
}
