using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace LlmPages.Data.Moving;

/// <summary>
/// The Data Protection keys of a SQLite installation (the XML files of its <c>keys/</c> folder), made ready for the
/// <c>DataProtectionKeys</c> table: the parts Data Protection marks as secret are encrypted with the configured
/// certificate, exactly as the app does when it makes a key, so the same key ring reads them back.
/// </summary>
internal static class KeyFolderImport
{
    private static readonly XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";
    private static readonly XName RequiresEncryption = DataProtection + "requiresEncryption";
    private static readonly XName EncryptedSecret = DataProtection + "encryptedSecret";

    /// <summary>The folder's elements (keys and revocations) by file name, the name the app gives the table's rows.</summary>
    public static IReadOnlyList<(string FriendlyName, XElement Element)> Read(string folder) =>
        Directory.Exists(folder)
            ? [.. Directory.GetFiles(folder, "*.xml").Order(StringComparer.Ordinal).Select(file => (Path.GetFileNameWithoutExtension(file), XElement.Load(file)))]
            : [];

    /// <summary>
    /// A copy of <paramref name="element"/> whose secrets (elements marked <c>requiresEncryption</c>, e.g. a key's
    /// master key) are each replaced by an <c>encryptedSecret</c> naming its decryptor, as Data Protection stores them.
    /// </summary>
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

    /// <summary>Whether any secret of <paramref name="element"/> is still in plain text.</summary>
    public static bool HasPlainSecrets(XElement element) =>
        element.DescendantsAndSelf().Any(e => (bool?)e.Attribute(RequiresEncryption) == true);

    /// <summary>Decrypts every secret of <paramref name="element"/> with <paramref name="decryptor"/>: throws when one cannot be read.</summary>
    public static void CheckReadable(XElement element, IXmlDecryptor decryptor)
    {
        foreach (var secret in element.Descendants(EncryptedSecret))
        {
            decryptor.Decrypt(secret.Elements().Single());
        }
    }
}
