using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LlmPages.Api;

/// <summary>
/// The API's only way in: <c>Authorization: Bearer &lt;key&gt;</c> (never the session cookie, so no antiforgery is
/// needed and a page cannot be made to call the API). Every request reads its key and the owner, so a revoked or
/// expired key, a deactivated person and API access turned off are refused at once. The principal carries the owner's
/// id (<see cref="ClaimTypes.NameIdentifier"/>), the key's (<see cref="KeyIdClaim"/>) and whether the owner has a quota
/// (<see cref="QuotaClaim"/>): one query answers all of it (<see cref="ApiKeys.AuthenticateAsync"/>). Refusals are answered in
/// OpenAI's error shape: 401 for a missing, wrong, revoked or expired key or a deactivated account; 403 when API access
/// is off; 429 with Retry-After for an address that sent too many wrong keys (<see cref="WrongApiKeys"/>).
/// </summary>
public static class ApiKeyAuthentication
{
    public const string Scheme = "ApiKey";

    /// <summary>The authorization policy of the API's endpoints: a person authenticated by this scheme.</summary>
    public const string Policy = "api";

    /// <summary>The claim holding the id of the key a request came with.</summary>
    public const string KeyIdClaim = "llmpages:api_key";

    /// <summary>
    /// Present when the key's owner has a monthly token quota, read with the key (a completion then holds tokens
    /// against it; without a quota it skips that write).
    /// </summary>
    public const string QuotaClaim = "llmpages:quota";
}

/// <summary>Checks the Bearer key of each API request (<see cref="ApiKeyAuthentication"/>).</summary>
public sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeys keys,
    ApiKeyLastUse lastUse,
    WrongApiKeys wrongKeys,
    ApiModelCatalog catalog,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    private const string RefusalItem = "llmpages.api-refusal";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(new(401, "No API key was sent. Send one as the header 'Authorization: Bearer <key>'; make a key on your profile page.",
                OpenAiError.Authentication, "missing_api_key"));
        }
        var address = Context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        // Whether the address is blocked and the key are asked at once (on PostgreSQL both are round trips to the
        // database, on two connections); a blocked address is refused whatever its key.
        var blocked = wrongKeys.BlockedForAsync(address, Context.RequestAborted).AsTask();
        var presented = header["Bearer ".Length..].Trim();
        var result = await keys.AuthenticateAsync(presented, Context.RequestAborted);
        if (await blocked is { } retryAfter)
        {
            return Refuse(ApiError.TooManyRequests("Too many wrong API keys from this address. Wait before trying again.",
                (int)Math.Ceiling(retryAfter.TotalSeconds)));
        }
        if (result.Refusal == ApiKeys.Refusal.Unknown)
        {
            await wrongKeys.CountAsync(address, Context.RequestAborted);
        }
        if (result.Refusal != ApiKeys.Refusal.None)
        {
            LogRefused(Logger, result.Refusal, result.KeyId);
            return Refuse(result.Refusal switch
            {
                ApiKeys.Refusal.Revoked => new(401, "This API key was revoked. Make a new one on your profile page.", OpenAiError.Authentication, "invalid_api_key"),
                ApiKeys.Refusal.Expired => new(401, "This API key has expired. Make a new one on your profile page.", OpenAiError.Authentication, "invalid_api_key"),
                ApiKeys.Refusal.AccountInactive => new(401, "The account this API key belongs to is deactivated.", OpenAiError.Authentication, "account_deactivated"),
                ApiKeys.Refusal.AccessDisabled => new(403, "An administrator turned API access off for this account.", OpenAiError.Permission, "api_access_disabled"),
                ApiKeys.Refusal.OffForEveryone => new(403, "API access is turned off on this server. Ask an administrator.", OpenAiError.Permission, "api_access_disabled"),
                _ => new(401, "The API key is not right. Check it, or make a new one on your profile page.", OpenAiError.Authentication, "invalid_api_key"),
            });
        }

        lastUse.Note(result.KeyId, clock.GetUtcNow().UtcDateTime);
        catalog.UseStamp(result.Catalog);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, result.UserId!), new Claim(ApiKeyAuthentication.KeyIdClaim, result.KeyId.ToString())], ApiKeyAuthentication.Scheme);
        if (result.HasQuota)
        {
            identity.AddClaim(new Claim(ApiKeyAuthentication.QuotaClaim, "true"));
        }
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiKeyAuthentication.Scheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var refusal = Context.Items[RefusalItem] as ApiError
            ?? new(401, "No API key was sent. Send one as the header 'Authorization: Bearer <key>'.", OpenAiError.Authentication, "missing_api_key");
        if (refusal.Status == 401)
        {
            Response.Headers.WWWAuthenticate = "Bearer";
        }
        return refusal.WriteAsync(Response);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiError.ForStatus(StatusCodes.Status403Forbidden).WriteAsync(Response);

    private AuthenticateResult Refuse(ApiError refusal)
    {
        Context.Items[RefusalItem] = refusal;
        return AuthenticateResult.Fail(refusal.Message);
    }

    [LoggerMessage(1, LogLevel.Information, "API key {KeyId} refused: {Refusal}")]
    private static partial void LogRefused(ILogger logger, ApiKeys.Refusal refusal, Guid keyId);
}
