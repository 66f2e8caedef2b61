using LlmPages.Admin;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Pages.Admin.Prompts;

/// <summary>The prompt library, a page at a time, with activate and deactivate buttons.</summary>
public sealed class IndexModel(AppDbContext db, SystemPromptAdmin prompts) : PageModel
{
    public sealed record Row(int Id, string Name, string? Description, bool IsActive, int ChatCount);

    public IReadOnlyList<Row> Prompts { get; private set; } = [];

    public Paging Paging { get; private set; } = Paging.For(1, 0);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Paging = Paging.For(Paging.RequestedPage(Request), await db.SystemPrompts.CountAsync(cancellationToken));
        Prompts = await db.SystemPrompts.AsNoTracking()
            .OrderBy(p => p.NameKey).ThenBy(p => p.Id)
            .Skip(Paging.Skip).Take(Paging.PageSize)
            .Select(p => new Row(p.Id, p.Name, p.Description, p.IsActive, db.Conversations.Count(c => c.SystemPromptId == p.Id)))
            .ToListAsync(cancellationToken);
    }

    public Task<IActionResult> OnPostActivateAsync(int id, CancellationToken cancellationToken) => SetActiveAsync(id, true, cancellationToken);

    public Task<IActionResult> OnPostDeactivateAsync(int id, CancellationToken cancellationToken) => SetActiveAsync(id, false, cancellationToken);

    private async Task<IActionResult> SetActiveAsync(int id, bool active, CancellationToken cancellationToken)
    {
        if (await prompts.FindAsync(id, cancellationToken) is not SystemPrompt prompt)
        {
            return NotFound();
        }
        await prompts.SetActiveAsync(prompt, active, cancellationToken);
        TempData.Flash(active ? $"{Wording.Quote(prompt.Name)} is active again: it is offered again." : prompts.Deactivated(prompt));
        return RedirectToPage();
    }
}
