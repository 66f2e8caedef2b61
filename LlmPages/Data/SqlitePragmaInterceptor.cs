using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LlmPages.Data;

/// <summary>
/// Sets the per-connection SQLite settings each time EF opens a connection.
/// </summary>
/// <remarks>
/// Only settings that SQLite forgets between connections go here: WAL is stored in the database file, so it
/// is switched on once at start-up (<see cref="DatabaseInitializer"/>), and foreign keys come from the
/// connection string. Both pragmas below only set a flag on the connection (no I/O), so running them on every
/// open costs microseconds and stays right with or without connection pooling.
/// <list type="bullet">
/// <item><c>busy_timeout</c>: a writer waits up to 5 s for another writer inside SQLite, instead of failing at once
/// or falling back to Microsoft.Data.Sqlite's coarser 150 ms retry loop.</item>
/// <item><c>synchronous=NORMAL</c>: in WAL mode this cannot corrupt the database; a power cut may lose the last
/// commits, and in return a commit needs no fsync.</item>
/// </list>
/// </remarks>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    internal const string Pragmas = "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
