using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Diagnostics;

namespace LlmPages.Telemetry;

/// <summary>
/// Lets a scraper reach the Prometheus endpoint only with the configured bearer token
/// (<see cref="TelemetryOptions.MetricsToken"/>): 401 without it or with another. The comparison takes as long
/// whatever was sent (both sides hashed, then compared in constant time), so timing tells nothing about the token.
/// </summary>
public sealed class MetricsTokenCheck(RequestDelegate next, string token)
{
    private const string Scheme = "Bearer ";
    private readonly byte[] expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public Task InvokeAsync(HttpContext http)
    {
        if (IsAllowed(http.Request.Headers.Authorization.ToString()))
        {
            return next(http);
        }
        // A scraper reads the status; the app's HTML error page would only be bytes for nobody.
        if (http.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
        {
            statusPages.Enabled = false;
        }
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    private bool IsAllowed(string header)
    {
        var sent = header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : "";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(sent));
        return CryptographicOperations.FixedTimeEquals(hash, expected) && sent.Length > 0;
    }
}
