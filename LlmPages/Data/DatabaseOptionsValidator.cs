using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LlmPages.Data;

/// <summary>Fails start-up with a plain message, naming the setting, when the database settings cannot work.</summary>
internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    private const string ConnectionStringSetting = DatabaseOptions.SectionName + ":ConnectionString";

    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        if (options.StartupTimeout < TimeSpan.Zero || options.StartupTimeout > TimeSpan.FromHours(1))
        {
            return ValidateOptionsResult.Fail($"{DatabaseOptions.SectionName}:StartupTimeout must be between 0 and 1 hour (for example 00:00:30).");
        }
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite when !string.IsNullOrWhiteSpace(options.ConnectionString):
                try
                {
                    _ = new SqliteConnectionStringBuilder(options.ConnectionString);
                }
                catch (ArgumentException e)
                {
                    return ValidateOptionsResult.Fail($"{ConnectionStringSetting} is not a valid SQLite connection string: {e.Message}");
                }
                return ValidateOptionsResult.Success;

            case DatabaseProvider.Sqlite:
                return ValidateOptionsResult.Success;

            case DatabaseProvider.Postgres when string.IsNullOrWhiteSpace(options.ConnectionString):
                return ValidateOptionsResult.Fail(
                    $"{DatabaseOptions.SectionName}:Provider is Postgres, so {ConnectionStringSetting} must name the server, "
                    + "for example: Host=db;Database=llmpages;Username=llmpages;Password=...");

            case DatabaseProvider.Postgres:
                try
                {
                    var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
                    return string.IsNullOrWhiteSpace(builder.Host)
                        ? ValidateOptionsResult.Fail($"{ConnectionStringSetting} names no server: add Host=..., for example Host=db;Database=llmpages;Username=llmpages;Password=...")
                        : ValidateOptionsResult.Success;
                }
                catch (Exception e) when (e is ArgumentException or FormatException)
                {
                    return ValidateOptionsResult.Fail($"{ConnectionStringSetting} is not a valid PostgreSQL connection string: {e.Message}");
                }

            default:
                return ValidateOptionsResult.Fail(
                    $"{DatabaseOptions.SectionName}:Provider '{options.Provider}' is unknown; use Sqlite or Postgres.");
        }
    }
}
