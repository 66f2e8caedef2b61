using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace LlmPages.Data.KeyRing;

/// <summary>
/// The XML of Data Protection's keys as it is stored: secrets (elements marked <c>requiresEncryption</c>, such as a key's
/// master key) each replaced by an <c>encryptedSecret</c> that names its decryptor, as Data Protection itself writes them
/// (its own helpers for this are internal). Used to bring a SQLite installation's key files into the database and to
/// move keys to a new certificate.
/// </summary>
internal static class KeyRingXml
{
    private static readonly XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";
    private static readonly XNamespace XmlSignature = "http://www.w3.org/2000/09/xmldsig#";
    private static readonly XName RequiresEncryption = DataProtection + "requiresEncryption";
    private static readonly XName EncryptedSecret = DataProtection + "encryptedSecret";

    /// <summary>A copy of <paramref name="element"/> with every secret encrypted by <paramref name="encryptor"/>.</summary>
    public static XElement Protect(XElement element, IXmlEncryptor encryptor)
    {
        var document = new XDocument(new XElement(element));
        while (document.Descendants().FirstOrDefault(e => (bool?)e.Attribute(RequiresEncryption) == true) is { } secret)
        {
            var encrypted = encryptor.Encrypt(new XElement(secret));
            secret.ReplaceWith(new XElement(EncryptedSecret,
                new XAttribute("decryptorType", encrypted.DecryptorType.AssemblyQualifiedName!),
                encrypted.EncryptedElement));
        }
        return document.Root!;
    }

    /// <summary>A copy of <paramref name="element"/> with every secret decrypted (throws when one cannot be).</summary>
    public static XElement Unprotect(XElement element, IXmlDecryptor decryptor)
    {
        var document = new XDocument(new XElement(element));
        foreach (var secret in document.Descendants(EncryptedSecret).ToList())
        {
            secret.ReplaceWith(decryptor.Decrypt(secret.Elements().Single()));
        }
        return document.Root!;
    }

    /// <summary>
    /// Whether a secret of <paramref name="element"/> is encrypted to a certificate other than
    /// <paramref name="certificate"/> (encrypted XML names its certificate).
    /// </summary>
    public static bool IsProtectedWithAnotherCertificate(XElement element, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        var current = Convert.ToBase64String(certificate.RawData);
        return element.Descendants(EncryptedSecret).Any(secret =>
            !secret.Descendants(XmlSignature + "X509Certificate").Any(named => named.Value.Trim() == current));
    }
}
