using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LlmPages.Tests.Infrastructure;

/// <summary>
/// Certificates for the Data Protection key ring (<c>LlmPages:DataProtection</c>), made here as PFX files in the
/// temporary folder: none is ever committed. <see cref="Shared"/> is the one every PostgreSQL test app uses (one per test
/// run), so that apps started on the same database read each other's keys.
/// </summary>
public static class TestCertificates
{
    private static readonly string Folder = Directory.CreateTempSubdirectory("llmpages-test-certificates-").FullName;

    private static readonly Lazy<TestCertificate> SharedCertificate = new(() => Create("shared"));

    static TestCertificates() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS's temp cleaning.
        }
    };

    public static TestCertificate Shared => SharedCertificate.Value;

    /// <summary>A new self-signed RSA certificate with its private key, in a PFX file protected by a password.</summary>
    public static TestCertificate Create(string name, bool withPrivateKey = true, bool rsa = true)
    {
        var subject = new X500DistinguishedName($"CN=LlmPages test {name}");
        using var certificate = rsa ? CreateRsa(subject) : CreateEcdsa(subject);
        var password = $"pw-{Guid.NewGuid():N}";
        using var exported = withPrivateKey ? certificate : X509CertificateLoader.LoadCertificate(certificate.RawData);
        var path = Path.Combine(Folder, $"{name}-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, exported.Export(X509ContentType.Pfx, password));
        return new TestCertificate(path, password);
    }

    private static X509Certificate2 CreateEcdsa(X500DistinguishedName subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CertificateRequest(subject, key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    private static X509Certificate2 CreateRsa(X500DistinguishedName subject)
    {
        using var key = RSA.Create(2048);
        return new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }
}

/// <summary>A PFX file and its password.</summary>
public sealed record TestCertificate(string Path, string Password)
{
    /// <summary>The settings that make this the key ring's certificate.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        yield return new("LlmPages:DataProtection:CertificatePath", Path);
        yield return new("LlmPages:DataProtection:CertificatePassword", Password);
    }
}
