using LlmPages.Chat;
using LlmPages.Chat.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LlmPages.Tests.Chat;

[Trait(DatabaseFree.Trait, DatabaseFree.Value)]
public sealed class ChatRenderingExtensionsTests
{
    [Fact]
    public void AddChatRenderingRegistersOneSharedRenderer()
    {
        var builder = Host.CreateApplicationBuilder();

        builder.AddChatRendering();
        using var host = builder.Build();

        var first = host.Services.GetRequiredService<MarkdownRenderer>();
        Assert.Same(first, host.Services.GetRequiredService<MarkdownRenderer>());
        Assert.Equal("<p><em>hi</em></p>", first.ToHtml("*hi*").Trim());
    }
}
