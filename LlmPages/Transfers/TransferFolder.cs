using LlmPages.Data;
using Microsoft.Extensions.Options;

namespace LlmPages.Transfers;

/// <summary>
/// Transfer files in the data folder, <c>{DataFolder}/transfers/{id}.json</c>: SQLite's store, where one instance owns
/// the folder (kept out of the database, whose file would only grow).
/// </summary>
public sealed class TransferFolder(IOptions<DataOptions> data) : TransferStore
{
    public string Folder => Path.Combine(data.Value.DataFolder, "transfers");

    public string PathOf(Guid transferId) => Path.Combine(Folder, $"{transferId:N}.json");

    public override Task<Stream> CreateAsync(Guid transferId, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        return Task.FromResult<Stream>(
            new FileStream(PathOf(transferId), FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true));
    }

    public override Task<Stream?> OpenReadAsync(Guid transferId, CancellationToken cancellationToken) =>
        Task.FromResult<Stream?>(File.Exists(PathOf(transferId))
            ? new FileStream(PathOf(transferId), FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true)
            : null);

    public override Task DeleteAsync(Guid transferId, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(transferId));
        return Task.CompletedTask;
    }

    public override Task<IReadOnlyList<Guid>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Guid>>(Directory.Exists(Folder)
            ? [.. Directory.EnumerateFiles(Folder, "*.json")
                .Select(f => Guid.TryParseExact(Path.GetFileNameWithoutExtension(f), "N", out var id) ? id : Guid.Empty)
                .Where(id => id != Guid.Empty)]
            : []);
}
