using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Options;

namespace LlmPages.Data;

/// <summary>
/// Lets <c>dotnet ef</c> build the context without running Program. It reads the same settings as the app
/// (appsettings.json, appsettings.{Environment}.json, environment variables) from the project folder, so
/// <c>dotnet ef database update</c> targets the database the app would use.
/// </summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args)
    {
        var contentRoot = Directory.GetCurrentDirectory();
        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? "Production";
        var configuration = new ConfigurationBuilder()
            .SetBasePath(contentRoot)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .Build();

        var data = configuration.GetSection(DataOptions.SectionName).Get<DataOptions>() ?? new DataOptions();
        data.Resolve(contentRoot);
        var database = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var validation = new DatabaseOptionsValidator().Validate(Options.DefaultName, database);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(DatabaseOptions), validation.Failures);
        }

        var options = new DbContextOptionsBuilder<AppDbContext>()
            .UseSqlite(database.GetSqliteConnectionString(data))
            .Options;
        return new AppDbContext(options);
    }
}
