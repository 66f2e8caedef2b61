using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace LlmPages.Data;

/// <summary>Fails start-up with a plain message when the database settings cannot work.</summary>
internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite when !string.IsNullOrWhiteSpace(options.ConnectionString):
                try
                {
                    _ = new SqliteConnectionStringBuilder(options.ConnectionString);
                }
                catch (ArgumentException e)
                {
                    return ValidateOptionsResult.Fail(
                        $"{DatabaseOptions.SectionName}:ConnectionString is not a valid SQLite connection string: {e.Message}");
                }

                return ValidateOptionsResult.Success;

            case DatabaseProvider.Sqlite:
                return ValidateOptionsResult.Success;

            case DatabaseProvider.Postgres:
                // The option exists so configuration can be written ahead; the provider and its migrations do not yet.
                return ValidateOptionsResult.Fail(
                    $"{DatabaseOptions.SectionName}:Provider is Postgres, but this build of LlmPages supports only Sqlite. "
                    + $"Remove {DatabaseOptions.SectionName}:Provider (or set it to Sqlite) to use the SQLite database in the data folder.");

            default:
                return ValidateOptionsResult.Fail(
                    $"{DatabaseOptions.SectionName}:Provider '{options.Provider}' is unknown; use Sqlite.");
        }
    }
}
