using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace LlmPages.Llm;

/// <summary>
/// Encrypts provider API keys at rest with ASP.NET Core Data Protection (its keys in the data folder, or in the
/// database protected with a certificate: see DataProtectionKeys), and gives
/// the short hint (last four characters) that is all a page may show of a key.
/// </summary>
public sealed class ProviderSecrets(IDataProtectionProvider protection)
{
    private readonly IDataProtector protector = protection.CreateProtector("LlmPages.Providers.ApiKey.v1");

    public string Protect(string apiKey) => protector.Protect(apiKey);

    /// <summary>The plain key, or null when none is stored.</summary>
    public string? Unprotect(string? protectedApiKey) =>
        string.IsNullOrEmpty(protectedApiKey) ? null : protector.Unprotect(protectedApiKey);

    /// <summary>
    /// True when <paramref name="protectedApiKey"/> is <paramref name="apiKey"/> encrypted; false when it is another
    /// key, none, or one that can no longer be decrypted (the key ring changed), which the caller's key then replaces.
    /// </summary>
    public bool Holds(string? protectedApiKey, string apiKey)
    {
        try
        {
            return Unprotect(protectedApiKey) == apiKey;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>"…abcd": enough to tell keys apart, too little to use one. Short keys show nothing.</summary>
    public static string? Hint(string? apiKey) =>
        apiKey is { Length: >= 12 } ? apiKey[^4..] : null;
}
