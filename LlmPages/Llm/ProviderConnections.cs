using System.Security.Cryptography;
using LlmPages.Data.Entities;

namespace LlmPages.Llm;

/// <summary>
/// The one way from a stored provider to a <see cref="ProviderConnection"/>: its address, and its key decrypted.
/// A key that no longer decrypts (the Data Protection key ring was lost or replaced since it was saved) or an
/// address that is not a URL becomes a <see cref="ProviderException"/> with one message, so chat, "Test
/// connection", discovery, the title job and the health job all say the same thing, and all callers already
/// handle <see cref="ProviderException"/>. (Each used to decrypt the key itself and react its own way: one caught
/// the <see cref="CryptographicException"/>, one returned null, one caught everything, one let it escape.)
/// </summary>
public sealed partial class ProviderConnections(ProviderSecrets secrets, ILogger<ProviderConnections> logger)
{
    /// <exception cref="ProviderException">The stored key cannot be read, or the stored address is not a URL.</exception>
    public ProviderConnection Connect(AiProvider provider)
    {
        string? key;
        try
        {
            key = secrets.Unprotect(provider.ProtectedApiKey);
        }
        catch (CryptographicException)
        {
            LogUnreadableKey(logger, provider.Id);
            throw new ProviderException(new ProviderError(ProviderErrorKind.WrongKey,
                $"The stored API key of “{provider.Name}” cannot be read: the app's encryption keys have changed since it was saved. "
                + "An administrator has to enter the key again on the provider's page."));
        }
        if (!Uri.TryCreate(provider.BaseUrl, UriKind.Absolute, out var baseUrl))
        {
            throw new ProviderException(new ProviderError(ProviderErrorKind.Other,
                $"The stored address of “{provider.Name}” is not a URL. An administrator has to correct it on the provider's page."));
        }
        return new ProviderConnection(provider.Kind, baseUrl, key);
    }

    [LoggerMessage(EventId = 3301, Level = LogLevel.Warning,
        Message = "The stored API key of provider {ProviderId} cannot be decrypted (the Data Protection key ring changed); it must be entered again")]
    private static partial void LogUnreadableKey(ILogger logger, int providerId);
}
