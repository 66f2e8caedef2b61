using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LlmPages.Data;

/// <summary>
/// Names as the app compares and sorts them, alike on every engine. A name that must be unique ignoring case, or that
/// people see in a sorted list, is stored with its key beside it (<c>NameKey</c>, which the entity sets whenever its
/// name is set, as Identity keeps <c>NormalizedEmail</c>). Unique indexes are on the key, lists sort by it, and the
/// database compares keys byte by byte (<see cref="IsNameKey"/>; each engine's context names its binary collation), so
/// "OpenAI" and "openai" are one name and "alpha, Beta, Zeta, Ärzte" is the order on SQLite and PostgreSQL alike,
/// whatever the server's locale.
/// </summary>
/// <remarks>
/// The key is computed here rather than by the database's <c>lower()</c>, which SQLite applies to ASCII letters only and
/// PostgreSQL by the server's locale. It is the name in Unicode's compatibility form (NFKC: "ＯｐｅｎＡＩ" and "ﬁ"
/// become "OpenAI" and "fi"), with runs of white space made one space, and case folded (simple folding: "ÄRZTE" and
/// "ärzte" are one name, "ß" and "ss" are not, the Turkish dotted and dotless i stay apart): nearly what RFC 8266
/// does for nicknames. Keys sort by code point, so letters outside ASCII come after "z"; an order right for one
/// language would need that language's collation, and neither engine can promise the other has it.
/// <para>
/// Rows written before keys existed have none until <see cref="NameKeyFill"/> gives them one at start-up. A key is
/// kept as it was computed: should a later .NET change the Unicode data, new names are folded by the new data and
/// stored keys are not recomputed.
/// </para>
/// </remarks>
public static class NameKeys
{
    /// <summary>
    /// The longest key stored. Normalising can lengthen a name (one character can become eighteen); keys are cut here,
    /// which only two absurdly long names sharing their first 400 letters would notice, so that they stay short enough to index.
    /// </summary>
    public const int MaxLength = 400;

    /// <summary>Marks a key property, for the engine's context to give it the binary collation.</summary>
    internal const string Annotation = "LlmPages:NameKey";

    /// <summary>The key of <paramref name="name"/>.</summary>
    public static string Of(string name)
    {
        var compatible = StoredText.Clean(name).Normalize(NormalizationForm.FormKC).Trim();
        var spaced = new StringBuilder(compatible.Length);
        foreach (var c in compatible)
        {
            if (!char.IsWhiteSpace(c))
            {
                spaced.Append(c);
            }
            else if (spaced[^1] != ' ')
            {
                spaced.Append(' ');
            }
        }
        // Upper then lower case: one form for every letter, as Unicode's simple case folding gives.
        var key = spaced.ToString().ToUpperInvariant().ToLowerInvariant();
        return key.Length <= MaxLength ? key : key[..(char.IsHighSurrogate(key[MaxLength - 1]) ? MaxLength - 1 : MaxLength)];
    }

    /// <summary>Configures a key column: as long as a key can be, and compared byte by byte on every engine.</summary>
    public static PropertyBuilder<string?> IsNameKey(this PropertyBuilder<string?> property) =>
        property.HasMaxLength(MaxLength).HasAnnotation(Annotation, true);

    /// <summary>Gives every key property of <paramref name="model"/> the engine's binary collation.</summary>
    internal static void UseCollation(IMutableModel model, string collation)
    {
        foreach (var property in model.GetEntityTypes().SelectMany(t => t.GetDeclaredProperties()))
        {
            if (property.FindAnnotation(Annotation) is not null)
            {
                property.SetCollation(collation);
            }
        }
    }
}
