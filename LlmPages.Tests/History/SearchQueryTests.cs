using LlmPages.Data;

namespace LlmPages.Tests.History;

/// <summary>
/// What a person types becomes terms of folded words, the same for both engines; the operators of either engine's
/// query language are plain text, so nothing typed can make the engine refuse a query.
/// </summary>
[Trait(DatabaseFree.Trait, DatabaseFree.Value)]
public sealed class SearchQueryTests
{
    [Theory]
    [InlineData("axolotl", new[] { "axolotl" })]
    [InlineData("  Résumé   KEA ", new[] { "resume", "kea" })]
    [InlineData("\"exact phrase\" loose", new[] { "exact phrase", "loose" })]
    [InlineData("AND( NEAR( a OR b NOT c", new[] { "and", "near", "a", "or", "b", "not", "c" })]
    [InlineData("-minus +plus ^caret col:umn (paren) *star*", new[] { "minus", "plus", "caret", "col umn", "paren", "star" })]
    [InlineData("\"unbalanced quote", new[] { "unbalanced quote" })]
    [InlineData("say \"hi\"there", new[] { "say", "hi", "there" })]
    [InlineData("example.com Program.cs", new[] { "example com", "program cs" })]
    [InlineData("東京 タワー", new[] { "東 京", "タ ワ ー" })]
    [InlineData("ＦＵＬＬ ﬁsh", new[] { "full", "fish" })]
    [InlineData("same SAME Same", new[] { "same" })]
    [InlineData("x\0y", new[] { "x y" })]
    public void TypedTextBecomesTermsOfFoldedWords(string typed, string[] terms)
    {
        var query = SearchQuery.Parse(typed, out var error);

        Assert.Null(error);
        Assert.Equal(terms, query!.Terms);
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("*")]
    [InlineData("-")]
    [InlineData("\"\" () ... --- !!!")]
    [InlineData("\u0301")] // a combining accent on its own
    public void TextWithoutLettersOrNumbersIsNotSearchedButExplained(string typed)
    {
        Assert.Null(SearchQuery.Parse(typed, out var error));
        Assert.Contains("nothing to search for", error, StringComparison.Ordinal);
    }

    [Fact]
    public void NothingTypedIsNoSearchAndNoError()
    {
        Assert.Null(SearchQuery.Parse("   ", out var error));
        Assert.Null(error);
    }

    [Fact]
    public void TooLongOrTooManyWordsIsRefusedWithTheLimit()
    {
        Assert.Null(SearchQuery.Parse(new string('a', SearchQuery.MaxLength + 1), out var tooLong));
        Assert.Contains($"the most is {SearchQuery.MaxLength}", tooLong, StringComparison.Ordinal);

        Assert.Null(SearchQuery.Parse(string.Join(' ', Enumerable.Range(0, SearchQuery.MaxWords + 1).Select(i => $"w{i}")), out var tooMany));
        Assert.Contains($"the most is {SearchQuery.MaxWords}", tooMany, StringComparison.Ordinal);
        Assert.NotNull(SearchQuery.Parse(string.Join(' ', Enumerable.Range(0, SearchQuery.MaxWords).Select(i => $"w{i}")), out _));
    }
}
