namespace LlmPages.Data;

/// <summary>The database engine behind <see cref="AppDbContext"/>.</summary>
public enum DatabaseProvider
{
    /// <summary>A file in the data folder; the default, for one instance.</summary>
    Sqlite,

    /// <summary>For several instances. Not supported by this build yet: start-up fails with a clear message.</summary>
    Postgres,
}
