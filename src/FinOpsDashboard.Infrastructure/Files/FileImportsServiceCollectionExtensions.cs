using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FinOpsDashboard.Infrastructure.Files;

public static class FileImportsServiceCollectionExtensions
{
    /// <summary>CUR / FOCUS / invocation-log file imports: options ("Imports"), the S3 client factory and the import service.</summary>
    public static IServiceCollection AddFileImports(this IServiceCollection services)
    {
        services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section);
        services.TryAddSingleton<IS3ClientFactory, S3ClientFactory>();
        services.AddSingleton<ImportService>();
        services.TryAddTransient<FileImportJob>();
        return services;
    }
}
