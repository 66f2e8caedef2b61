using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace LlmPages.Data;

/// <summary>
/// Data Protection keys (they encrypt session cookies, antiforgery tokens and, later, provider API keys)
/// live in the data folder, so sessions and stored secrets survive restarts and container rebuilds.
/// </summary>
internal static class DataProtectionKeys
{
    public const string FolderName = "keys";

    public static IServiceCollection AddDataProtectionInDataFolder(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("LlmPages");
        // Configured lazily: the data folder is only known once configuration has been read.
        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<DataOptions>, ILoggerFactory>((keys, data, loggers) =>
                keys.XmlRepository = new FileSystemXmlRepository(
                    new DirectoryInfo(Path.Combine(data.Value.DataFolder, FolderName)), loggers));
        return services;
    }
}
