using Htmx;
using LlmPages.Admin;
using LlmPages.Admin.Audit;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Admin.Providers;

/// <summary>
/// "Test connection": asks the server, saves the result as the provider's health. An htmx request gets only
/// the result (_Health.cshtml, swapped into #connection-result); a plain one goes back to the provider's page.
/// </summary>
public sealed class TestModel(AppDbContext db, ProviderAdmin providers, AuditLog audit) : PageModel
{
    /// <summary>Nothing to show on its own: the button lives on the provider's page.</summary>
    public IActionResult OnGet(int id) => Redirect($"/admin/providers/{id}");

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        var provider = await db.AiProviders.FindAsync([id], cancellationToken);
        if (provider is null)
        {
            return NotFound();
        }

        var result = await providers.TestConnectionAsync(provider, cancellationToken);
        var message = ProviderAdmin.Describe(result);
        await audit.RecordAsync("provider.test-connection", nameof(AiProvider), id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"{provider.Name}: {(result.Succeeded ? "connected" : "failed")}.", cancellationToken: cancellationToken);
        if (Request.IsHtmxNonBoosted())
        {
            var health = new HealthView(
                result.Succeeded ? ProviderHealthStatus.Healthy : ProviderHealthStatus.Unhealthy,
                CheckedAt: null, result.LatencyMs, result.Error?.Message, message);
            return Partial("_Health", health);
        }

        if (result.Succeeded)
        {
            TempData.Flash(message);
        }
        else
        {
            TempData.FlashError($"The connection test failed: {message}");
        }
        return Redirect($"/admin/providers/{id}#connection-title");
    }
}
