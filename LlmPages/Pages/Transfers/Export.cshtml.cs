using LlmPages.Accounts;
using LlmPages.Data.Entities;
using LlmPages.Transfers;
using LlmPages.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace LlmPages.Pages.Transfers;

/// <summary>Exports all of a person's chats as one JSON file (a background job), and lists their recent exports.</summary>
[Authorize]
public sealed class ExportModel(ChatTransfers transfers, IOptions<TransferOptions> options) : PageModel
{
    public (IReadOnlyList<ChatTransfer> Items, Paging Paging) Exports { get; private set; }

    public string Lifetime => TransferWording.Lifetime(options.Value.Lifetime);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Exports = await transfers.PageAsync(User.UserId()!, ChatTransferKind.Export, Paging.RequestedPage(Request), cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var export = await transfers.StartExportAsync(User.UserId()!, cancellationToken);
        return Redirect($"/export/{export.Id}");
    }
}
