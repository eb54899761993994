using System.Globalization;
using FinOpsDashboard.Cli;
using FinOpsDashboard.Domain;
using FinOpsDashboard.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

CultureInfo.DefaultThreadCurrentCulture = Money.Culture;
CultureInfo.DefaultThreadCurrentUICulture = Money.Culture;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = Directory.GetCurrentDirectory() });
builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
builder.Configuration.AddEnvironmentVariables();

// stdout carries the command's output (CSV, JSON); logs go to stderr.
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
builder.Logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("Quartz", LogLevel.Warning);
builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Services.AddInfrastructure();
builder.Services.AddSingleton<FinOpsCommands>();

using var host = builder.Build();
return await host.Services.GetRequiredService<FinOpsCommands>().RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
