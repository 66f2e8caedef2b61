using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LlmPages.Data.KeyRing;

/// <summary>
/// The certificates of <see cref="KeyRingOptions"/>, loaded from their PFX files: the current one (which protects new
/// keys and reads them) and the previous ones (which only read). Every way a file can be unusable is said in words
/// that name the setting, so that a wrong one stops start-up with a message rather than at the first sign-in.
/// </summary>
internal sealed class KeyRingCertificates
{
    private const string Section = KeyRingOptions.SectionName;

    private KeyRingCertificates(X509Certificate2 current, IReadOnlyList<X509Certificate2> previous)
    {
        Current = current;
        Previous = previous;
    }

    public X509Certificate2 Current { get; }

    public IReadOnlyList<X509Certificate2> Previous { get; }

    /// <summary>The certificates, or null and the reasons (each naming its setting) when any cannot be used.</summary>
    public static (KeyRingCertificates? Certificates, IReadOnlyList<string> Failures) Load(KeyRingOptions options, string contentRoot)
    {
        var failures = new List<string>();
        X509Certificate2? current = null;
        if (string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            failures.Add(
                $"{Section}:CertificatePath must name a certificate (a PFX file with its private key) when the database is PostgreSQL: "
                + "the keys that encrypt sessions and provider API keys are kept in the shared database, and the certificate keeps "
                + "them unreadable to anyone who only has a copy of it. See \"Protecting the keys on PostgreSQL\" in the README "
                + "for the two openssl commands that make one.");
        }
        else
        {
            current = LoadOne(options.CertificatePath, options.CertificatePassword, $"{Section}:CertificatePath", $"{Section}:CertificatePassword", contentRoot, failures);
        }

        var previous = new List<X509Certificate2>();
        for (var i = 0; i < options.PreviousCertificates.Count; i++)
        {
            var file = options.PreviousCertificates[i];
            var setting = $"{Section}:PreviousCertificates:{i}";
            if (string.IsNullOrWhiteSpace(file.Path))
            {
                failures.Add($"{setting}:Path must name the PFX file of a certificate used before.");
            }
            else if (LoadOne(file.Path, file.Password, $"{setting}:Path", $"{setting}:Password", contentRoot, failures) is { } loaded)
            {
                previous.Add(loaded);
            }
        }

        return failures.Count == 0 && current is not null ? (new KeyRingCertificates(current, previous), []) : (null, failures);
    }

    private static X509Certificate2? LoadOne(string path, string? password, string pathSetting, string passwordSetting, string contentRoot, List<string> failures)
    {
        var fullPath = Path.GetFullPath(path, contentRoot);
        if (!File.Exists(fullPath))
        {
            failures.Add($"{pathSetting} names {fullPath}, which does not exist (or the app may not read it).");
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(fullPath, password);
        }
        catch (CryptographicException)
        {
            failures.Add(
                $"{pathSetting} ({fullPath}) cannot be opened with {passwordSetting}: the password is wrong, "
                + "or the file is not a PFX (PKCS#12) file.");
            return null;
        }
        catch (IOException e)
        {
            failures.Add($"{pathSetting} ({fullPath}) cannot be read: {e.Message}");
            return null;
        }

        if (certificate.GetRSAPublicKey() is null)
        {
            failures.Add($"{pathSetting} ({fullPath}) holds a certificate whose key is not RSA; the keys can only be protected with an RSA certificate.");
            return null;
        }
        if (!certificate.HasPrivateKey)
        {
            failures.Add(
                $"{pathSetting} ({fullPath}) holds the certificate without its private key, which is needed to read the keys back: "
                + "export it with its key (openssl pkcs12 -export -inkey ...).");
            return null;
        }
        return certificate;
    }
}
