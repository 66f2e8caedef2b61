using LlmPages.Transfers;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LlmPages.Data.Postgres;

/// <summary>
/// Transfer files in the database, so the upload, the job and the download may each reach a different instance (an
/// instance's data folder is its own: fly.io volumes, for one, cannot be shared). A file is a row per
/// <see cref="ChunkSize"/> in <c>TransferChunks</c> (<c>TransferId</c>, <c>Seq</c>, <c>Data</c> bytea), outside the EF
/// model (created by the migration <c>TransferChunks</c>, PostgreSQL only), written as the file is produced
/// (<see cref="PostgresTransferWriter"/>) and read back a chunk at a time (<see cref="PostgresTransferReader"/>): a
/// 200 MB import holds one chunk in memory, never the file. Chunks go with their <c>ChatTransfers</c> row (ON DELETE
/// CASCADE), so deleting a transfer, or its owner, deletes its file.
/// </summary>
/// <remarks>
/// Each statement takes a pooled connection of its own for its moment, never the request's or the job's context: a
/// download as slow as its reader holds no connection between chunks.
/// </remarks>
internal sealed class PostgresTransferStore(IOptions<DatabaseOptions> options) : TransferStore
{
    /// <summary>The size of every chunk but the last, which is what lets a reader seek.</summary>
    public const int ChunkSize = 1024 * 1024;

    private string ConnectionString => options.Value.GetPostgresConnectionString();

    public override async Task<Stream> CreateAsync(Guid transferId, CancellationToken cancellationToken)
    {
        await DeleteAsync(transferId, cancellationToken);
        return new PostgresTransferWriter(ConnectionString, transferId);
    }

    public override async Task<Stream?> OpenReadAsync(Guid transferId, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """SELECT count(*), coalesce(sum(octet_length("Data")), 0) FROM "TransferChunks" WHERE "TransferId" = @id""", connection);
        command.Parameters.AddWithValue("id", transferId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetInt64(0) == 0 ? null : new PostgresTransferReader(ConnectionString, transferId, reader.GetInt64(1));
    }

    public override async Task DeleteAsync(Guid transferId, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""DELETE FROM "TransferChunks" WHERE "TransferId" = @id""", connection);
        command.Parameters.AddWithValue("id", transferId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override async Task<IReadOnlyList<Guid>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""SELECT DISTINCT "TransferId" FROM "TransferChunks" """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<Guid>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }
        return ids;
    }
}
