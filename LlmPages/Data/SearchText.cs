using System.Globalization;
using System.Text;

namespace LlmPages.Data;

/// <summary>
/// Text as the chat search sees it, worked out here rather than by either database so that a search finds the same
/// chats on SQLite and PostgreSQL and the words highlighted in a snippet are exactly the words that matched.
/// </summary>
/// <remarks>
/// A word is a run of letters, digits and combining marks; everything else separates words, so "Program.cs",
/// "example.com/path" and "snake_case" are each several words (PostgreSQL's own parser would keep some of them whole,
/// and "example" would then not find "example.com"). Each Chinese or Japanese character is a word of its own, since those
/// languages write no spaces: a search for "東京" looks for "東" followed by "京". Words are folded: compatibility
/// forms ("ＡＢＣ", "ﬁ") become their plain letters, the accents of Latin, Greek and Cyrillic letters go ("Résumé" is
/// "resume"; marks that are letters' own parts in other scripts stay), and case goes. The index stores the folded
/// words separated by spaces, which both engines' tokenizers split the same way; queries are folded alike.
/// </remarks>
public static class SearchText
{
    /// <summary>
    /// How much of a message is searchable, in characters. PostgreSQL cannot hold a search vector over 1 MB, and a
    /// word deep inside a 100,000-character reply is rarely what someone looks for; both engines keep the same.
    /// </summary>
    public const int MaxIndexedLength = 100_000;

    /// <summary>The words of <paramref name="text"/>, as ranges of it (unfolded).</summary>
    public static IEnumerable<Range> Words(string text)
    {
        var start = -1;
        var i = 0;
        while (i < text.Length)
        {
            // A lone surrogate decodes as U+FFFD, one unit wide: not a word.
            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var width);
            if (IsIdeograph(rune))
            {
                if (start >= 0)
                {
                    yield return start..i;
                    start = -1;
                }
                yield return i..(i + width);
            }
            else if (IsWordPart(rune))
            {
                if (start < 0)
                {
                    start = i;
                }
            }
            else if (start >= 0)
            {
                yield return start..i;
                start = -1;
            }
            i += width;
        }
        if (start >= 0)
        {
            yield return start..text.Length;
        }
    }

    /// <summary>One word as it is indexed and searched: compatibility form, no Latin/Greek/Cyrillic accents, lower case.</summary>
    public static string Fold(string word)
    {
        if (Ascii.IsValid(word))
        {
            return word.ToLowerInvariant(); // nothing to decompose: the common case, kept cheap for long replies
        }
        var decomposed = word.Normalize(NormalizationForm.FormKD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            // U+0300–U+036F: the combining diacritical marks of Latin, Greek and Cyrillic letters.
            if (c is < '\u0300' or > '\u036F')
            {
                kept.Append(c);
            }
        }
        return kept.ToString().Normalize(NormalizationForm.FormC).ToLowerInvariant();
    }

    /// <summary>What the index stores for a text: its first <see cref="MaxIndexedLength"/> characters as folded words, one space apart.</summary>
    public static string Prepare(string text)
    {
        var head = text.Length <= MaxIndexedLength ? text : text[..(char.IsHighSurrogate(text[MaxIndexedLength - 1]) ? MaxIndexedLength - 1 : MaxIndexedLength)];
        var prepared = new StringBuilder(head.Length);
        foreach (var word in Words(head))
        {
            if (prepared.Length > 0)
            {
                prepared.Append(' ');
            }
            prepared.Append(Fold(head[word]));
        }
        return StoredText.Clean(prepared.ToString());
    }

    private static bool IsWordPart(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => true,
        _ => false,
    };

    /// <summary>Han characters and kana, which are written without spaces between words.</summary>
    private static bool IsIdeograph(Rune rune) => rune.Value switch
    {
        >= 0x3040 and <= 0x30FF => true, // hiragana and katakana
        >= 0x3400 and <= 0x4DBF => true, // CJK extension A
        >= 0x4E00 and <= 0x9FFF => true, // CJK unified ideographs
        >= 0xF900 and <= 0xFAFF => true, // CJK compatibility ideographs
        >= 0xFF66 and <= 0xFF9F => true, // half-width katakana
        >= 0x20000 and <= 0x3FFFF => true, // CJK extensions B and later
        _ => false,
    };
}
