namespace LlmPages.Transfers;

/// <summary>
/// Where the file of an export or an uploaded import is kept, named by its <see cref="Data.Entities.ChatTransfer"/>'s id
/// only, never by anything a person typed or uploaded. Files are written as they are produced and read back as a stream,
/// so a large one never sits whole in memory. Each engine has its own (<see cref="Data.DatabaseEngine.AddTransferStore"/>):
/// the data folder on SQLite (<see cref="TransferFolder"/>: one instance, and the database file would only grow), the
/// database on PostgreSQL (<see cref="Data.Postgres.PostgresTransferStore"/>), where the upload, the job and the download
/// may each reach a different instance.
/// </summary>
/// <remarks>The transfer's row is saved before its file is created: the database keeps no file without its row.</remarks>
public abstract class TransferStore
{
    /// <summary>A new file for the transfer, replacing any earlier one (a job run twice starts again); kept as written, complete once disposed.</summary>
    public abstract Task<Stream> CreateAsync(Guid transferId, CancellationToken cancellationToken);

    /// <summary>The transfer's file from its start, its length known, or null when there is none.</summary>
    public abstract Task<Stream?> OpenReadAsync(Guid transferId, CancellationToken cancellationToken);

    /// <summary>Deletes the transfer's file, if there is one.</summary>
    public abstract Task DeleteAsync(Guid transferId, CancellationToken cancellationToken);

    /// <summary>The transfers that have a file, for the clean-up to find files whose row is gone.</summary>
    public abstract Task<IReadOnlyList<Guid>> ListAsync(CancellationToken cancellationToken);
}
