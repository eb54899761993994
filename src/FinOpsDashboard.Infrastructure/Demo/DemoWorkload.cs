using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Aws.Bedrock;
using FinOpsDashboard.Infrastructure.Aws.CloudWatch;
using FinOpsDashboard.Infrastructure.Aws.CostExplorer;

namespace FinOpsDashboard.Infrastructure.Demo;

/// <summary>
/// A deterministic simulated organisation's Bedrock usage that answers Cost Explorer, CloudWatch and Bedrock
/// control-plane calls the way AWS does, so demo data takes the same ingestion path as real data. Each day is a
/// pure function of (Seed, AnchorDay, Scale, day); the clock only decides which days exist yet (before today)
/// and which are still Estimated (the two days before today, showing 92-98 % of their final amounts).
/// </summary>
public sealed partial class DemoWorkload : ICostExplorerApi, ICloudWatchApi, IBedrockApi
{
    public const string AccountId = "111122223333";

    private readonly DemoEngine _engine;
    private readonly DemoCostExplorer _costExplorer;
    private readonly DemoCloudWatch _cloudWatch;
    private readonly Lazy<DemoScenarios> _scenarios;

    public DemoWorkload(DemoWorkloadOptions options, TimeProvider timeProvider)
    {
        _engine = new DemoEngine(options, timeProvider);
        _costExplorer = new DemoCostExplorer(_engine);
        _cloudWatch = new DemoCloudWatch(_engine);
        _scenarios = new Lazy<DemoScenarios>(() => DemoScenarios.Create(_engine), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public int Seed => _engine.Seed;
    public DemoScale Scale => _engine.Scale;
    public DateOnly AnchorDay => _engine.AnchorDay;

    /// <summary>The designed history, [AnchorDay - HistoryDays + 1, AnchorDay]; days after it keep coming until yesterday.</summary>
    public DateWindow History => new(_engine.HistoryStart, _engine.AnchorDay.AddDays(1));

    public DemoOrganisation Organisation => _engine.Organisation;

    /// <summary>What was planted, with the money involved (computed on first use).</summary>
    public DemoScenarios Scenarios => _scenarios.Value;

    /// <summary>The lines Cost Explorer reports now for the window's days (Estimated days scaled, unbilled days absent).</summary>
    public IReadOnlyList<DemoLedgerLine> Ledger(DateWindow window)
    {
        var today = _engine.Today;
        _engine.Warm(window.EachDay());
        return window.EachDay().SelectMany(d => _engine.BilledLines(d, today)).ToList();
    }

    /// <summary>The same days' final amounts: what Cost Explorer will report once the Estimated days settle.</summary>
    public IReadOnlyList<DemoLedgerLine> FinalLedger(DateWindow window)
    {
        var today = _engine.Today;
        _engine.Warm(window.EachDay());
        return window.EachDay().Where(d => _engine.IsBilled(d, today)).SelectMany(d => _engine.Day(d).Lines).ToList();
    }

    /// <summary>Per-stream daily traffic (including provisioned-throughput traffic, which the bill shows only as hours).</summary>
    public IReadOnlyList<DemoUsageDay> Usage(DateWindow window)
    {
        var today = _engine.Today;
        _engine.Warm(window.EachDay());
        return window.EachDay().Where(d => _engine.IsBilled(d, today)).SelectMany(d => _engine.Day(d).Streams.Select(s => s.Usage)).ToList();
    }

    /// <summary>Per-stream hourly traffic of one day, complete hours before now only: the streams behind CloudWatch's series.</summary>
    public IReadOnlyList<DemoHourlyUsage> HourlyUsage(DateOnly day)
    {
        var now = _engine.UtcNow;
        var today = DateOnly.FromDateTime(now);
        var hours = day < today ? 24 : day == today ? now.Hour : 0;
        if (day < _engine.HistoryStart || hours == 0)
        {
            return [];
        }

        return _engine.Day(day).Streams.SelectMany(s => DemoHourly.ForStream(_engine.Seed, s, hours)).ToList();
    }

    public Task<GetCostAndUsageResponse> GetCostAndUsageAsync(GetCostAndUsageRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_costExplorer.GetCostAndUsage(request));
    }

    public Task<GetDimensionValuesResponse> GetDimensionValuesAsync(GetDimensionValuesRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_costExplorer.GetDimensionValues(request));
    }

    public Task<GetTagsResponse> GetTagsAsync(GetTagsRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_costExplorer.GetTags(request));
    }

    public Task<ListMetricsResponse> ListMetricsAsync(ListMetricsRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_cloudWatch.ListMetrics(request));
    }

    public Task<GetMetricDataResponse> GetMetricDataAsync(GetMetricDataRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_cloudWatch.GetMetricData(request));
    }

    public Task<ListProvisionedModelThroughputsResponse> ListProvisionedModelThroughputsAsync(string? nextToken, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!string.IsNullOrEmpty(nextToken))
        {
            // Everything fits on the first page; a token can only be stale.
            return Task.FromResult(new ListProvisionedModelThroughputsResponse([], null));
        }

        var pt = _engine.Organisation.ProvisionedThroughput;
        var summary = new ProvisionedModelSummary
        {
            ProvisionedModelName = pt.Name,
            ProvisionedModelArn = pt.Arn,
            ModelArn = pt.FoundationModelArn,
            FoundationModelArn = pt.FoundationModelArn,
            ModelUnits = pt.ModelUnits,
            DesiredModelUnits = pt.ModelUnits,
            Status = "InService",
            CommitmentDuration = pt.CommitmentDuration,
            CommitmentExpirationTime = pt.ExpirationAfter(_engine.UtcNow),
            CreationTime = pt.CreationTime,
            LastModifiedTime = pt.CreationTime,
        };
        return Task.FromResult(new ListProvisionedModelThroughputsResponse([summary], null));
    }
}
