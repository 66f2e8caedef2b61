using LlmPages.Admin;
using LlmPages.Admin.Audit;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Pages.Admin.Providers;

/// <summary>"Discover models": lists what the server offers, and adds the ticked models in one step.</summary>
public sealed class DiscoverModel(AppDbContext db, ProviderAdmin providers, ModelAdmin models, AuditLog audit) : PageModel
{
    [BindProperty]
    public List<DiscoveredModelInput> Items { get; set; } = [];

    public AiProvider Provider { get; private set; } = null!;

    /// <summary>Why the server's models could not be listed, in plain words.</summary>
    public string? Error { get; private set; }

    /// <summary>The wire ids this provider already has.</summary>
    public IReadOnlySet<string> Existing { get; private set; } = new HashSet<string>();

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        var result = await providers.DiscoverModelsAsync(Provider, cancellationToken);
        if (!result.Succeeded)
        {
            Error = result.Error!.Message;
            return Page();
        }
        Items = result.Models
            .DistinctBy(m => m.WireModelId)
            .OrderBy(m => m.WireModelId, StringComparer.OrdinalIgnoreCase)
            .Select(m =>
            {
                var context = m.ContextWindow is > 0 ? m.ContextWindow.Value : ModelInput.DefaultContextWindow;
                return new DiscoveredModelInput
                {
                    WireModelId = m.WireModelId,
                    DisplayName = string.IsNullOrWhiteSpace(m.DisplayName) ? m.WireModelId : m.DisplayName,
                    ContextWindow = context,
                    MaxOutputTokens = Math.Min(m.MaxOutputTokens is > 0 ? m.MaxOutputTokens.Value : ModelInput.DefaultMaxOutputTokens, context),
                };
            })
            .ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        var chosen = new List<DiscoveredModelInput>();
        var addedMeanwhile = new List<string>();
        for (var i = 0; i < Items.Count; i++)
        {
            var item = Items[i];
            var prefix = $"Items[{i}].";
            if (item.Selected && Existing.Contains(item.WireModelId))
            {
                addedMeanwhile.Add(item.WireModelId);
            }
            if (!item.Selected || Existing.Contains(item.WireModelId) || chosen.Any(c => c.WireModelId == item.WireModelId))
            {
                // Only the ticked models need valid fields.
                foreach (var key in ModelState.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
                {
                    ModelState.Remove(key);
                }
                continue;
            }
            ModelFieldRules.CheckLimits(ModelState, prefix, item.ContextWindow, item.MaxOutputTokens);
            chosen.Add(item);
        }
        if (chosen.Count == 0 && ModelState.IsValid)
        {
            ModelState.AddModelError(string.Empty, addedMeanwhile.Count > 0 ? AddedMeanwhile(addedMeanwhile) : "Tick at least one model to add.");
        }
        if (!ModelState.IsValid)
        {
            return this.PageWithErrors();
        }

        // Written by the same save as the models.
        audit.Add("model.discover-add", nameof(AiProvider), id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"{Provider.Name}: added {string.Join(", ", chosen.Select(c => c.WireModelId))}.");
        var added = await models.AddAsync(id, chosen.Select(c => c.ToModelInput(id)), cancellationToken);
        if (added is null)
        {
            // Another admin added some of them meanwhile: the list shows which now, and nothing was added.
            await LoadAsync(id, cancellationToken);
            ModelState.AddModelError(string.Empty, AddedMeanwhile([.. chosen.Where(c => Existing.Contains(c.WireModelId)).Select(c => c.WireModelId)]));
            return this.PageWithErrors();
        }
        TempData.Flash($"Added {Wording.Count(added.Value, "model")} to {Wording.Quote(Provider.Name)}.");
        return Redirect($"/admin/providers/{id}");
    }

    private string AddedMeanwhile(IReadOnlyList<string> wireIds) =>
        $"Nothing was added: another admin added {string.Join(", ", wireIds)} to {Wording.Quote(Provider.Name)} meanwhile. Those are marked as added below; tick any others again.";

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        Provider = (await db.AiProviders.FindAsync([id], cancellationToken))!;
        if (Provider is null)
        {
            return false;
        }
        Existing = (await db.AiModels.Where(m => m.ProviderId == id).Select(m => m.WireModelId).ToListAsync(cancellationToken)).ToHashSet();
        return true;
    }
}
