using System.Xml.Linq;

namespace LlmPages.Data.Moving;

/// <summary>
/// The Data Protection keys of a SQLite installation (the XML files of its <c>keys/</c> folder), made ready for the
/// <c>DataProtectionKeys</c> table, where their secrets are encrypted with the configured certificate
/// (<see cref="KeyRing.KeyRingXml"/>), as the app does when it makes a key.
/// </summary>
internal static class KeyFolderImport
{
    /// <summary>The folder's elements (keys and revocations) by file name, the name the app gives the table's rows.</summary>
    public static IReadOnlyList<(string FriendlyName, XElement Element)> Read(string folder) =>
        Directory.Exists(folder)
            ? [.. Directory.GetFiles(folder, "*.xml").Order(StringComparer.Ordinal).Select(file => (Path.GetFileNameWithoutExtension(file), XElement.Load(file)))]
            : [];
}
