using LlmPages.Data;
using Microsoft.Extensions.Options;

namespace LlmPages.Transfers;

/// <summary>
/// Where exports and uploaded imports are kept: <c>{DataFolder}/transfers/{id}.json</c>, named by the row's id only,
/// never by anything a person typed or uploaded.
/// </summary>
public sealed class TransferFiles(IOptions<DataOptions> data)
{
    public string Folder => Path.Combine(data.Value.DataFolder, "transfers");

    public string PathOf(Guid transferId) => Path.Combine(Folder, $"{transferId:N}.json");

    /// <summary>A new file for the transfer, replacing any earlier one (a job run twice starts again).</summary>
    public FileStream Create(Guid transferId)
    {
        Directory.CreateDirectory(Folder);
        return new FileStream(PathOf(transferId), FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
    }

    public FileStream? OpenRead(Guid transferId) =>
        File.Exists(PathOf(transferId))
            ? new FileStream(PathOf(transferId), FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true)
            : null;

    public void Delete(Guid transferId) => File.Delete(PathOf(transferId));
}
