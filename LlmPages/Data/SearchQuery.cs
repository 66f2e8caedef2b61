namespace LlmPages.Data;

/// <summary>
/// What a person typed into the search box, as terms the chat search can look up; a chat matches when every term
/// appears in its title or in one of its messages. A term is one word, or words that must follow one another: those
/// typed inside "quotes", or one typed token that holds several words ("example.com", "東京": see <see cref="SearchText"/>).
/// </summary>
/// <remarks>
/// Everything else is plain text. The operators of either engine's query language (AND, OR, NOT, NEAR, *, -, ^,
/// parentheses, colons) are ordinary words or separators here, and terms reach the engine only as folded words, so no
/// input can make a query the engine refuses; a stray quote ends at the end of the input.
/// </remarks>
public sealed class SearchQuery
{
    /// <summary>The longest search accepted, in characters.</summary>
    public const int MaxLength = 200;

    /// <summary>The most words a search may hold.</summary>
    public const int MaxWords = 32;

    private SearchQuery(IReadOnlyList<string> terms, IReadOnlySet<string> words)
    {
        Terms = terms;
        Words = words;
    }

    /// <summary>Each term's folded words, one space apart, each term once.</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>Every folded word of every term: what a snippet highlights.</summary>
    public IReadOnlySet<string> Words { get; }

    /// <summary>
    /// How densely <paramref name="text"/> holds the words of the search: the words found per word of text, with a
    /// little weight for short texts, so "okapi, okapi" beats a long reply that names the okapi once. It chooses which of
    /// a chat's matching messages its snippet shows, the same way on both engines (the engines' own ranks cost too much:
    /// FTS5's bm25, asked for a few rows at a time, reads the word's whole list of rows each time).
    /// </summary>
    public double Score(string text)
    {
        var found = 0;
        var all = 0;
        foreach (var word in SearchText.Words(text))
        {
            all++;
            if (Words.Contains(SearchText.Fold(text[word])))
            {
                found++;
            }
        }
        return found / (all + 2.0);
    }

    /// <summary>
    /// The query in <paramref name="text"/>; null with no <paramref name="error"/> when nothing was typed, null with an
    /// error (in words for the person) when what was typed cannot be searched for.
    /// </summary>
    public static SearchQuery? Parse(string? text, out string? error)
    {
        error = null;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (text.Length > MaxLength)
        {
            error = $"The search is {text.Length:N0} characters long; the most is {MaxLength}. Use fewer words.";
            return null;
        }

        var terms = new List<string>();
        var words = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }
            string segment;
            if (text[i] == '"')
            {
                var close = text.IndexOf('"', i + 1);
                segment = close < 0 ? text[(i + 1)..] : text[(i + 1)..close];
                i = close < 0 ? text.Length : close + 1;
            }
            else
            {
                var end = i;
                while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] != '"')
                {
                    end++;
                }
                segment = text[i..end];
                i = end;
            }
            var termWords = SearchText.Words(segment).Select(r => SearchText.Fold(segment[r])).Where(w => w.Length > 0).ToList();
            if (termWords.Count == 0)
            {
                continue;
            }
            count += termWords.Count;
            var term = string.Join(' ', termWords);
            if (!terms.Contains(term))
            {
                terms.Add(term);
            }
            words.UnionWith(termWords);
        }

        if (terms.Count == 0)
        {
            error = $"There is nothing to search for in “{text}”: type a word, with letters or numbers.";
            return null;
        }
        if (count > MaxWords)
        {
            error = $"The search has {count} words; the most is {MaxWords}. Use fewer words.";
            return null;
        }
        return new SearchQuery(terms, words);
    }
}
