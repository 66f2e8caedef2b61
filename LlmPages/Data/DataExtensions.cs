using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LlmPages.Data;

/// <summary>Wires the data layer into the app: <c>builder.AddAppData()</c>, then <c>await app.MigrateDatabaseAsync()</c>.</summary>
public static class DataExtensions
{
    /// <summary>
    /// Binds and validates <see cref="DataOptions"/> (<c>LlmPages:Data</c>) and <see cref="DatabaseOptions"/>
    /// (<c>LlmPages:Database</c>), and registers <see cref="AppDbContext"/> on SQLite. Settings are read when first
    /// needed, not here, so test hosts can override configuration after this call; the data folder is created then.
    /// </summary>
    public static IHostApplicationBuilder AddAppData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DataOptions>()
            .BindConfiguration(DataOptions.SectionName)
            .PostConfigure<IHostEnvironment>((options, environment) => options.Resolve(environment.ContentRootPath))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();

        // Singleton options: the connection string is worked out once, not per request scope.
        builder.Services.AddDbContext<AppDbContext>(
            (services, options) =>
            {
                var data = services.GetRequiredService<IOptions<DataOptions>>().Value;
                var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
                options.UseSqlite(database.GetSqliteConnectionString(data))
                    .AddInterceptors(new SqlitePragmaInterceptor());
            },
            optionsLifetime: ServiceLifetime.Singleton);
        builder.Services.AddScoped<DatabaseInitializer>();
        builder.Services.AddDataProtectionInDataFolder();
        return builder;
    }

    /// <summary>
    /// Applies pending migrations (in WAL mode on SQLite) and marks replies left Streaming by the last run as
    /// Interrupted. Call before <c>app.Run()</c>; it throws <see cref="OptionsValidationException"/> on bad settings.
    /// </summary>
    public static async Task MigrateDatabaseAsync(this IHost app, CancellationToken cancellationToken = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
    }
}
