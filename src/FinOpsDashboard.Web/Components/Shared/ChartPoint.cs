namespace FinOpsDashboard.Web.Components.Shared;

/// <summary>A chart-only projection: Radzen plots doubles; every figure printed on a page stays decimal.</summary>
public sealed record ChartPoint(string Category, double Cost);
