using System.ComponentModel.DataAnnotations;
using LlmPages.Accounts;
using LlmPages.Data.Entities;
using LlmPages.Transfers;
using LlmPages.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace LlmPages.Pages.Transfers;

/// <summary>
/// Imports a file of chats (ChatGPT's conversations.json or our own export) in the background, and lists the
/// person's recent imports. The upload has its own size limit (<see cref="TransferOptions.MaxImportBytes"/>, applied
/// by <see cref="RequestSizeLimit"/>); it is buffered on disk, never in memory.
/// </summary>
[Authorize]
public sealed class ImportModel(ChatTransfers transfers, IOptions<TransferOptions> options) : PageModel
{
    public const string Path = "/import";

    public sealed class ImportInput
    {
        [Display(Name = "File to import")]
        [Required(ErrorMessage = "Choose a file to import.")]
        public IFormFile? File { get; set; }
    }

    [BindProperty]
    public ImportInput Input { get; set; } = new();

    public (IReadOnlyList<ChatTransfer> Items, Paging Paging) Imports { get; private set; }

    public string Lifetime => TransferWording.Lifetime(options.Value.Lifetime);

    public string MaxSize => Format.Bytes(options.Value.MaxImportBytes);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Imports = await transfers.PageAsync(User.UserId()!, ChatTransferKind.Import, Paging.RequestedPage(Request), cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid && Input.File is { Length: 0 })
        {
            ModelState.AddModelError("Input.File", $"{Input.File.FileName} is empty. Choose the file again, or another one.");
        }
        if (!ModelState.IsValid)
        {
            await OnGetAsync(cancellationToken);
            return Page();
        }
        var import = await transfers.StartImportAsync(User.UserId()!, Input.File!, cancellationToken);
        return Redirect($"/import/{import.Id}");
    }
}
