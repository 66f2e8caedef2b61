using LlmPages.Llm;
using Microsoft.Extensions.AI;

namespace LlmPages.Tests.Llm;

[Trait(DatabaseFree.Trait, DatabaseFree.Value)]
public sealed class TokenCounterTests
{
    private readonly TokenCounter counter = new();

    [Fact]
    public void TextIsCountedWithTheO200kEncoding()
    {
        Assert.Equal(4, counter.Count("Hello, world!")); // "Hello" "," " world" "!"
        Assert.Equal(0, counter.Count(""));
        Assert.Equal(0, counter.Count((string?)null));
    }

    [Fact]
    public void MessagesCostTheirTextPlusAFewTokensOfFramingEach()
    {
        ChatMessage[] messages = [new(ChatRole.System, "Be brief."), new(ChatRole.User, "Hello, world!")];

        var total = counter.Count(messages);

        Assert.Equal(counter.Count("Be brief.") + counter.Count("Hello, world!") + (2 * 4) + 3, total);
    }
}
