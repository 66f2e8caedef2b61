using LlmPages.Llm;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LlmPages.Tests.Llm;

[Trait(DatabaseFree.Trait, DatabaseFree.Value)]
public sealed class LlmOptionsTests
{
    [Fact]
    public void TheTimeoutsHaveTheirDocumentedDefaults()
    {
        var options = new LlmOptions();

        Assert.Equal(TimeSpan.FromSeconds(60), options.FirstTokenTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.IdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), options.RequestTimeout);
    }

    [Fact]
    public async Task AZeroTimeoutStopsTheAppFromStarting()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["LlmPages:Llm:IdleTimeout"] = "00:00:00" });
        builder.AddLlm();
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("IdleTimeout", failure.Message, StringComparison.Ordinal);
    }
}
