using LlmPages.Accounts;
using LlmPages.Api.Keys;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Profile.ApiKeys;

/// <summary>The person's API keys: each by its name and prefix (never the key), with its times and status; and the API's address.</summary>
[Authorize]
public sealed class IndexModel(Api.ApiKeys keys, ApiKeyAccess access, AppTimeZone zone, TimeProvider clock) : PageModel
{
    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];

    public ApiKeyAccess.State Access { get; private set; }

    public DateTime Now { get; private set; }

    public string TimeZoneName => zone.Name;

    /// <summary>The address an OpenAI client is given as its base URL: this server's, as the browser reached it.</summary>
    public string BaseUrl => ApiAddress.Of(Request);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var userId = User.UserId()!;
        Keys = await keys.ListAsync(userId, cancellationToken);
        Access = await access.StateAsync(userId, cancellationToken);
        Now = clock.GetUtcNow().UtcDateTime;
    }
}
