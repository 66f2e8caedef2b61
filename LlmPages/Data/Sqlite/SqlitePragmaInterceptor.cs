using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LlmPages.Data.Sqlite;

/// <summary>
/// Sets the per-connection SQLite settings once on each new physical connection.
/// </summary>
/// <remarks>
/// Only settings that SQLite forgets between connections go here: WAL is stored in the database file, so it
/// is switched on once at start-up (<see cref="DatabaseInitializer"/>).
/// <list type="bullet">
/// <item><c>busy_timeout</c>: a writer waits up to 5 s for another writer inside SQLite, instead of failing at once
/// or falling back to Microsoft.Data.Sqlite's coarser 150 ms retry loop.</item>
/// <item><c>synchronous=NORMAL</c>: in WAL mode this cannot corrupt the database; a power cut may lose the last
/// commits, and in return a commit needs no fsync.</item>
/// <item><c>foreign_keys</c>: always on (the deletes of accounts, chats and projects cascade through them). Not in the
/// connection string, where Microsoft.Data.Sqlite runs it on every open: about 50 µs a query on the chat send's path.</item>
/// </list>
/// EF opens and closes the connection around every query, and Microsoft.Data.Sqlite hands out pooled native
/// connections that keep these settings; running the pragmas on every open was an extra command per query (a
/// tenth of a chat POST). The native handle tells a new connection from a reused one.
/// </remarks>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    internal const string Pragmas = "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = 1;";

    private readonly ConditionalWeakTable<object, object> configured = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsNew(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsNew(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Whether this native connection has not had the pragmas yet (and marks it as having them).</summary>
    private bool IsNew(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || configured.TryAdd(handle, handle);
}
