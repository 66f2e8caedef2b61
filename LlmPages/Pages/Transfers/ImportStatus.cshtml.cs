using Htmx;
using LlmPages.Accounts;
using LlmPages.Data.Entities;
using LlmPages.Transfers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Transfers;

/// <summary>One import's progress, then what came of it. Owner only; htmx polls the status alone.</summary>
[Authorize]
public sealed class ImportStatusModel(ChatTransfers transfers) : PageModel
{
    public ChatTransfer Import { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid importId, CancellationToken cancellationToken)
    {
        if (await transfers.FindAsync(importId, User.UserId()!, ChatTransferKind.Import, cancellationToken) is not { } import)
        {
            return NotFound();
        }
        Import = import;
        return Request.IsHtmxNonBoosted() ? Partial("_TransferStatus", import) : Page();
    }
}
