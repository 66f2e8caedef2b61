using System.Security.Claims;
using System.Text;
using LlmPages.Accounts;
using LlmPages.Data.Entities;

namespace LlmPages.Transfers;

/// <summary>
/// The downloads, for their owner only (anyone else, and an unknown or expired id, gets 404):
/// <c>GET /chat/{id}/export?format=md|json</c> (one chat, written on the spot) and
/// <c>GET /export/{exportId}/download</c> (the file the export job wrote).
/// </summary>
public static class TransferEndpoints
{
    public static IEndpointRouteBuilder MapTransfers(this IEndpointRouteBuilder app)
    {
        app.MapGet("/chat/{id:guid}/export", ExportChatAsync).RequireAuthorization().WithName("ChatExport");
        app.MapGet("/export/{exportId:guid}/download", DownloadAsync).RequireAuthorization().WithName("ExportDownload");
        return app;
    }

    private static async Task<IResult> ExportChatAsync(Guid id, string? format, ClaimsPrincipal user, ChatExports exports, HttpContext http)
    {
        if (format is not (null or "md" or "json") || await exports.FindAsync(id, user.UserId()!, http.RequestAborted) is not { } chat)
        {
            return Results.NotFound();
        }
        var name = FileNameFor(chat.Title);
        if (format == "json")
        {
            return Results.Stream(async body =>
            {
                await using var writer = ChatArchiveWriter.Start(body, DateTime.UtcNow);
                await writer.WriteAsync(chat, http.RequestAborted);
                await writer.EndAsync(http.RequestAborted);
            }, "application/json; charset=utf-8", $"{name}.json");
        }
        return Results.File(Encoding.UTF8.GetBytes(ChatMarkdown.Write(chat)), "text/markdown; charset=utf-8", $"{name}.md");
    }

    private static async Task<IResult> DownloadAsync(Guid exportId, ClaimsPrincipal user, ChatTransfers transfers, TransferStore files, HttpContext http)
    {
        if (await transfers.FindAsync(exportId, user.UserId()!, ChatTransferKind.Export, http.RequestAborted) is not { Status: ChatTransferStatus.Done } export
            || await files.OpenReadAsync(exportId, http.RequestAborted) is not { } file)
        {
            return Results.NotFound();
        }
        return Results.File(file, "application/json; charset=utf-8", export.FileName);
    }

    /// <summary>A download's name from a chat's title: ASCII letters and digits joined by dashes, "chat" when none are left.</summary>
    public static string FileNameFor(string title)
    {
        var words = new StringBuilder();
        foreach (var c in title.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                words.Append(c);
            }
            else if (words.Length > 0 && words[^1] != '-')
            {
                words.Append('-');
            }
            if (words.Length >= 60)
            {
                break;
            }
        }
        var name = words.ToString().Trim('-');
        return name.Length == 0 ? "chat" : name;
    }
}
