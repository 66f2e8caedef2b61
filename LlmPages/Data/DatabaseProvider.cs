namespace LlmPages.Data;

/// <summary>The database engine behind <see cref="AppDbContext"/>.</summary>
public enum DatabaseProvider
{
    /// <summary>A file in the data folder; the default, for one instance.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, for several instances sharing one database.</summary>
    Postgres,
}
