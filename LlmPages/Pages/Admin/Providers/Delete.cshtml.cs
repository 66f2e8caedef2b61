using LlmPages.Admin;
using LlmPages.Data.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Admin.Providers;

/// <summary>Confirms a delete without JavaScript; refuses while the provider has models, offering to deactivate it.</summary>
public sealed class DeleteModel(AdminCrud<AiProvider, int> crud) : PageModel
{
    public AiProvider Provider => crud.Record;

    /// <summary>Why the provider cannot be deleted, or null.</summary>
    public string? Refusal => crud.Refusal;

    public Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) => crud.ConfirmDeleteAsync(this, id, cancellationToken);

    public Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken) => crud.DeleteAsync(this, id, cancellationToken);

    public Task<IActionResult> OnPostDeactivateAsync(int id, CancellationToken cancellationToken) => crud.DeactivateAsync(this, id, cancellationToken);
}
