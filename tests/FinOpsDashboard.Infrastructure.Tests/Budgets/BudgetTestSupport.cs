using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Domain.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FinOpsDashboard.Infrastructure.Tests.Budgets;

/// <summary>A clock the test moves.</summary>
internal sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// The app's real service container (AddInfrastructure) over a test database, with settings and a clock of the
/// test's choosing. Disposing it and building another over the same file is a restart.
/// </summary>
internal sealed class BudgetTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private BudgetTestHost(ServiceProvider services) => _services = services;

    public static BudgetTestHost Start(TestDatabase db, TimeProvider clock, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? before = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Database:Path"] = db.Path,
            ["Jobs:SchedulerEnabled"] = "false",
            ["Ingestion:Source"] = "demo",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        before?.Invoke(services);
        services.AddInfrastructure();
        services.AddSingleton(clock);
        return new BudgetTestHost(services.BuildServiceProvider());
    }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}

internal static class BudgetFacts
{
    public static readonly Actor Admin = new("alice", Roles.Admin, []);
    public static readonly Actor Lead = new("lee", Roles.FinOpsLead, []);
    public static readonly Actor SupportManager = new("sam", Roles.EngineeringManager, ["support"]);

    public static DateOnly Day(string value) => DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>One fact per day from <paramref name="from"/> through <paramref name="through"/> at <paramref name="perDay"/>.</summary>
    public static async Task SeedDailyAsync(TestDatabase db, string team, string from, string through, decimal perDay, string model = "Nova Pro", string service = "Amazon Bedrock")
    {
        await using var context = db.Context();
        for (var day = Day(from); day <= Day(through); day = day.AddDays(1))
        {
            context.CostFacts.Add(new CostFact
            {
                Date = day,
                AccountId = "111122223333",
                Region = "us-east-1",
                Service = service,
                UsageType = $"USE1-{model.Replace(" ", "", StringComparison.Ordinal)}-input-tokens",
                Model = model,
                PricingMode = "on-demand",
                TokenDirection = "input",
                Team = team,
                Feature = team + "-chat",
                TeamTag = team,
                Quantity = 1000,
                Unit = "tokens",
                UnblendedCost = perDay,
                AmortizedCost = perDay,
                Source = "demo",
            });
        }

        await context.SaveChangesAsync();

        // Facts written straight to the table, not through ingestion: build the rollup the reports read, as ingestion does.
        await db.DeriveSpendRollupAsync();
    }
}

/// <summary>A local HTTP endpoint standing in for a Slack incoming webhook: records every POST, answers queued statuses (then 200).</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _answers = new();
    private readonly ConcurrentQueue<(int Status, string Body)> _received = new();

    private WebhookReceiver(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>Includes a path with a token, like a real Slack webhook URL: it must never appear in errors or logs.</summary>
    public string Url { get; }

    public IReadOnlyList<(int Status, string Body)> Received => [.. _received];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var status = receiver!._answers.TryDequeue(out var queued) ? queued : 200;
            receiver._received.Enqueue((status, body));
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(status == 200 ? "ok" : "internal_error");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        receiver = new WebhookReceiver(app, address.TrimEnd('/') + "/services/T000/B000/secret-token");
        return receiver;
    }

    /// <summary>The next request(s) get these statuses, in order.</summary>
    public void AnswerNext(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _answers.Enqueue(status);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
