using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LlmPages.Data.KeyRing;

/// <summary>
/// Finishes a move to a new certificate: at start-up, when previous certificates are configured, every key in the
/// table still encrypted with one of them is encrypted again with the current one. Keys are never thrown away (an
/// expired key still reads what it once protected, such as a provider's API key), so without this the previous
/// certificate would be needed for ever; with it, once one instance has started with both, the previous one can go.
/// Safe when several instances start at once: each writes an equally good encryption of the same key.
/// </summary>
internal sealed partial class KeyRingReprotection(
    IServiceScopeFactory scopes,
    IServiceProvider services,
    IOptions<KeyManagementOptions> keyManagement,
    KeyRingCertificates certificates,
    ILogger<KeyRingReprotection> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var encryptor = keyManagement.Value.XmlEncryptor!;
        var decryptor = new EncryptedXmlDecryptor(services);
        var moved = 0;
        foreach (var key in await db.DataProtectionKeys.ToListAsync(cancellationToken))
        {
            var element = XElement.Parse(key.Xml ?? "<none/>");
            if (!KeyRingXml.IsProtectedWithAnotherCertificate(element, certificates.Current))
            {
                continue;
            }
            try
            {
                key.Xml = KeyRingXml.Protect(KeyRingXml.Unprotect(element, decryptor), encryptor).ToString(SaveOptions.DisableFormatting);
                moved++;
            }
            catch (CryptographicException)
            {
                // Protected with a certificate that is not configured: the key cannot be read, and is left as it is.
                LogUnreadable(logger, key.FriendlyName);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        if (moved > 0)
        {
            LogMoved(logger, moved, certificates.Current.Subject);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(1, LogLevel.Information, "Encrypted {Count} Data Protection keys again with the current certificate ({Subject}); the previous certificates are no longer needed")]
    private static partial void LogMoved(ILogger logger, int count, string subject);

    [LoggerMessage(2, LogLevel.Warning, "The Data Protection key {Key} is protected with a certificate that is not configured (LlmPages:DataProtection), so it cannot be read")]
    private static partial void LogUnreadable(ILogger logger, string? key);
}
