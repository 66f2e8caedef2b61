using LlmPages.Data.KeyRing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace LlmPages.Data;

/// <summary>
/// Where the Data Protection keys live (they encrypt session cookies, antiforgery tokens and provider API keys), chosen
/// by the engine (<see cref="DatabaseEngine.AddDataProtection"/>): so that sessions and stored secrets survive restarts
/// and container rebuilds, and, on PostgreSQL, so that every instance reads the same keys.
/// </summary>
internal static class DataProtectionKeys
{
    public const string FolderName = "keys";

    /// <summary>The application name every instance shares: Data Protection isolates apps by it.</summary>
    public const string ApplicationName = "LlmPages";

    /// <summary>SQLite: one instance, keys in the data folder beside the database.</summary>
    public static IServiceCollection AddDataProtectionInDataFolder(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        // Configured lazily: the data folder is only known once configuration has been read.
        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<DataOptions>, ILoggerFactory>((keys, data, loggers) =>
                keys.XmlRepository = new FileSystemXmlRepository(
                    new DirectoryInfo(Path.Combine(data.Value.DataFolder, FolderName)), loggers));
        return services;
    }

    /// <summary>
    /// PostgreSQL: keys in the <c>DataProtectionKeys</c> table, shared by every instance, each encrypted with the
    /// certificate of <see cref="KeyRingOptions"/> (previous certificates still read the keys they protected, and
    /// <see cref="KeyRingReprotection"/> moves those keys to the current one at start-up). The
    /// certificates are loaded while the app is built (Data Protection takes them as objects); one that cannot be used
    /// stops start-up through <see cref="KeyRingOptionsValidator"/>, and Data Protection refuses to work at all rather
    /// than keep keys in the database unprotected.
    /// </summary>
    public static void AddDataProtectionInDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<KeyRingOptions>().BindConfiguration(KeyRingOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<KeyRingOptions>, KeyRingOptionsValidator>();

        var dataProtection = builder.Services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<AppDbContext>();
        var options = builder.Configuration.GetSection(KeyRingOptions.SectionName).Get<KeyRingOptions>() ?? new();
        var (certificates, failures) = KeyRingCertificates.Load(options, builder.Environment.ContentRootPath);
        if (certificates is null)
        {
            builder.Services.Configure<KeyManagementOptions>(_ =>
                throw new OptionsValidationException(KeyRingOptions.SectionName, typeof(KeyRingOptions), failures));
            return;
        }
        dataProtection.ProtectKeysWithCertificate(certificates.Current);
        if (certificates.Previous.Count > 0)
        {
            dataProtection.UnprotectKeysWithAnyCertificate([.. certificates.Previous]);
            builder.Services.AddSingleton(certificates);
            builder.Services.AddHostedService<KeyRingReprotection>();
        }
    }
}
