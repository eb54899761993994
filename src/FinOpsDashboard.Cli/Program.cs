using System.Globalization;
using FinOpsDashboard.Cli;
using FinOpsDashboard.Domain;
using Microsoft.Extensions.DependencyInjection;

CultureInfo.DefaultThreadCurrentCulture = Money.Culture;
CultureInfo.DefaultThreadCurrentUICulture = Money.Culture;

using var host = CliHost.Build();
return await host.Services.GetRequiredService<FinOpsCommands>().RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
