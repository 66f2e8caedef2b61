using LlmPages.Admin;
using LlmPages.Admin.Audit;
using LlmPages.Data;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Pages.Admin.AiTypes;

/// <summary>The list of AI types, with activate and deactivate buttons.</summary>
public sealed class IndexModel(AppDbContext db, AuditLog audit) : PageModel
{
    public sealed record Row(int Id, string Name, string? Description, bool IsActive, int ProviderCount);

    public IReadOnlyList<Row> Types { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Types = await db.AiTypes.AsNoTracking()
            .OrderBy(t => t.NameKey).ThenBy(t => t.Id)
            .Select(t => new Row(t.Id, t.Name, t.Description, t.IsActive, db.AiProviders.Count(p => p.AiTypeId == t.Id)))
            .ToListAsync(cancellationToken);
    }

    public Task<IActionResult> OnPostActivateAsync(int id, CancellationToken cancellationToken) => SetActiveAsync(id, true, cancellationToken);

    public Task<IActionResult> OnPostDeactivateAsync(int id, CancellationToken cancellationToken) => SetActiveAsync(id, false, cancellationToken);

    private async Task<IActionResult> SetActiveAsync(int id, bool active, CancellationToken cancellationToken)
    {
        var type = await db.AiTypes.FindAsync([id], cancellationToken);
        if (type is null)
        {
            return NotFound();
        }
        type.IsActive = active;
        audit.Add(active ? "ai-type.activate" : "ai-type.deactivate", nameof(Data.Entities.AiType), type.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), type.Name);
        await db.SaveChangesAsync(cancellationToken);
        TempData.Flash(active
            ? $"{Wording.Quote(type.Name)} is active again."
            : $"{Wording.Quote(type.Name)} is deactivated: it is no longer offered for new providers.");
        return RedirectToPage();
    }
}
