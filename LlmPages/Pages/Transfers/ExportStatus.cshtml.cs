using Htmx;
using LlmPages.Accounts;
using LlmPages.Data.Entities;
using LlmPages.Transfers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Transfers;

/// <summary>One export's progress, then its download link. Owner only; htmx polls the status alone.</summary>
[Authorize]
public sealed class ExportStatusModel(ChatTransfers transfers) : PageModel
{
    public ChatTransfer Export { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid exportId, CancellationToken cancellationToken)
    {
        if (await transfers.FindAsync(exportId, User.UserId()!, ChatTransferKind.Export, cancellationToken) is not { } export)
        {
            return NotFound();
        }
        Export = export;
        return Request.IsHtmxNonBoosted() ? Partial("_TransferStatus", export) : Page();
    }
}
