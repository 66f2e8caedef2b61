namespace LlmPages.Data.KeyRing;

/// <summary>
/// The certificate that protects the Data Protection key ring where it is shared: in the database, on PostgreSQL
/// (<see cref="DataProtectionKeys"/>). Those keys encrypt sessions, antiforgery tokens and provider API keys, so without
/// it a copy of the database alone would be enough to read every provider's API key. Section
/// <c>LlmPages:DataProtection</c>; env vars <c>LlmPages__DataProtection__CertificatePath</c> and so on. Checked on
/// start by <see cref="KeyRingOptionsValidator"/> (PostgreSQL only: on SQLite the keys stay in the data folder).
/// </summary>
public sealed class KeyRingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "LlmPages:DataProtection";

    /// <summary>A PFX (PKCS#12) file holding an RSA certificate and its private key; relative paths are resolved against the content root.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PFX file's password, if it has one.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// Certificates used before <see cref="CertificatePath"/>: keys they protected are still read, new keys are protected
    /// with the current one. Keep one here as long as the database holds keys it protected.
    /// </summary>
    public List<CertificateFile> PreviousCertificates { get; set; } = [];
}

/// <summary>One earlier certificate: a PFX file and its password.</summary>
public sealed class CertificateFile
{
    public string? Path { get; set; }

    public string? Password { get; set; }
}
