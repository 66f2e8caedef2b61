using LlmPages.Data;

namespace LlmPages.Tests.History;

/// <summary>How the search sees text, worked out in C# so that both engines index and match the same words.</summary>
[Trait(DatabaseFree.Trait, DatabaseFree.Value)]
public sealed class SearchTextTests
{
    [Theory]
    [InlineData("Hello, World! It's 2026.", "hello world it s 2026")]
    [InlineData("Résumé ÇA Ålesund Øre", "resume ca alesund øre")] // accents go; Ø is a letter of its own
    [InlineData("Ｆｕｌｌ ｗｉｄｔｈ ﬁne", "full width fine")]
    [InlineData("snake_case kebab-case dot.ted/path", "snake case kebab case dot ted path")]
    [InlineData("ΚΑΛΗΜΈΡΑ мир", "καλημερα мир")]
    [InlineData("हिन्दी भाषा", "हिन्दी भाषा")] // vowel signs are part of Devanagari words and stay
    [InlineData("東京タワー is tall", "東 京 タ ワ ー is tall")]
    [InlineData("<script>alert(1)</script>", "script alert 1 script")]
    [InlineData("lone \uD800 surrogate", "lone surrogate")]
    public void TextIsIndexedAsFoldedWordsOneSpaceApart(string text, string prepared) =>
        Assert.Equal(prepared, SearchText.Prepare(text));

    [Fact]
    public void OnlyTheFirstHundredThousandCharactersAreIndexed()
    {
        var text = new string('a', SearchText.MaxIndexedLength - 1) + " beyond";

        Assert.Equal(new string('a', SearchText.MaxIndexedLength - 1), SearchText.Prepare(text));
    }

    [Fact]
    public void WordsAreRangesOfTheOriginalText()
    {
        const string text = "Ünïcode, mixed with 東京!";

        Assert.Equal(["Ünïcode", "mixed", "with", "東", "京"], SearchText.Words(text).Select(r => text[r]));
    }
}
