using LlmPages.Admin;
using LlmPages.Data.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Admin.AiTypes;

/// <summary>Confirms a delete without JavaScript; refuses while providers use the type, offering to deactivate it.</summary>
public sealed class DeleteModel(AdminCrud<AiType, int> crud) : PageModel
{
    public AiType Type => crud.Record;

    /// <summary>Why the type cannot be deleted, or null.</summary>
    public string? Refusal => crud.Refusal;

    public Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) => crud.ConfirmDeleteAsync(this, id, cancellationToken);

    public Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken) => crud.DeleteAsync(this, id, cancellationToken);

    public Task<IActionResult> OnPostDeactivateAsync(int id, CancellationToken cancellationToken) => crud.DeactivateAsync(this, id, cancellationToken);
}
