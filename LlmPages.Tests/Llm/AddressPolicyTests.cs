using System.Net;
using LlmPages.Data.Entities;
using LlmPages.Llm;
using LlmPages.Tests.Infrastructure.FakeModels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmPages.Tests.Llm;

/// <summary>
/// Server-side request forgery: provider addresses may point at local model servers, never at a cloud metadata
/// service, however the address is spelled, whatever a name resolves to, and whatever a server redirects to.
/// </summary>
public sealed class AddressPolicyTests : IDisposable
{
    private readonly LlmServices services = new();

    public static readonly TheoryData<string> MetadataAddresses = new(
        "http://169.254.169.254/latest/meta-data/",
        "http://169.254.169.254:80/v1",
        "http://2852039166/v1",
        "http://0xA9FEA9FE/v1",
        "http://0xa9.0xfe.0xa9.0xfe/v1",
        "http://0251.0376.0251.0376/v1",
        "http://169.254.43518/v1",
        "http://[::ffff:169.254.169.254]/v1",
        "http://[::ffff:a9fe:a9fe]/v1",
        "http://[fd00:ec2::254]/v1",
        "http://[fe80::a9fe:a9fe]/v1",
        "http://100.100.100.200/v1",
        "https://169.254.170.2/v2/credentials");

    [Theory]
    [MemberData(nameof(MetadataAddresses))]
    public async Task EverySpellingOfAMetadataAddressIsRefused(string url)
    {
        var refusal = await services.Get<AddressPolicy>().CheckAsync(new Uri(url), CancellationToken.None);

        Assert.NotNull(refusal);
        Assert.Contains("cloud metadata", refusal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:11434")]
    [InlineData("http://localhost:11434")]
    [InlineData("http://[::1]:8000/v1")]
    [InlineData("http://10.0.0.5:8000/v1")]
    [InlineData("http://192.168.1.20:1234/v1")]
    [InlineData("http://172.17.0.1:11434")]
    public async Task PrivateAndLoopbackAddressesAreAllowedBecauseLocalModelServersLiveThere(string url)
    {
        Assert.Null(await services.Get<AddressPolicy>().CheckAsync(new Uri(url), CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(LlmServices.Kinds), MemberType = typeof(LlmServices))]
    public async Task ACallToAMetadataAddressIsRefusedBeforeConnecting(ProviderKind kind)
    {
        var connection = new ProviderConnection(kind, new Uri("http://169.254.169.254/v1"), null);

        var result = await services.Probe.TestConnectionAsync(connection, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(ProviderErrorKind.BlockedAddress, result.Error!.Kind);
    }

    [Fact]
    public async Task ARedirectToAMetadataAddressIsRefused()
    {
        await using var redirector = await RedirectorAsync("http://169.254.169.254/latest/meta-data/");
        var connection = new ProviderConnection(ProviderKind.OpenAiCompatible, new Uri(redirector.Address, "/v1"), null);

        var result = await services.Probe.TestConnectionAsync(connection, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(ProviderErrorKind.BlockedAddress, result.Error!.Kind);
        Assert.Contains("169.254.169.254", result.Error.Message);
    }

    [Fact]
    public async Task AnAllowListLetsOnlyItsNetworksThrough()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        using var strict = new LlmServices(settings: new Dictionary<string, string?>
        {
            ["LlmPages:Network:AllowedNetworks:0"] = "10.0.0.0/8",
        });

        var refusal = await strict.Get<AddressPolicy>().CheckAsync(server.BaseUrl, CancellationToken.None);
        var result = await strict.Probe.TestConnectionAsync(LlmServices.Connection(ProviderKind.OpenAiCompatible, server), CancellationToken.None);

        Assert.NotNull(refusal);
        Assert.Equal(ProviderErrorKind.BlockedAddress, result.Error!.Kind);
        Assert.Null(await strict.Get<AddressPolicy>().CheckAsync(new Uri("http://10.1.2.3:8000/v1"), CancellationToken.None));
    }

    [Fact]
    public async Task ADenyListFromConfigurationReplacesTheDefaults()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        using var denying = new LlmServices(settings: new Dictionary<string, string?>
        {
            ["LlmPages:Network:DeniedNetworks:0"] = "127.0.0.0/8",
        });

        var result = await denying.Probe.TestConnectionAsync(LlmServices.Connection(ProviderKind.OpenAiCompatible, server), CancellationToken.None);

        Assert.Equal(ProviderErrorKind.BlockedAddress, result.Error!.Kind);
    }

    /// <summary>A server that answers every request with a redirect to <paramref name="target"/>.</summary>
    private static async Task<Redirector> RedirectorAsync(string target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(context =>
        {
            context.Response.Redirect(target);
            return Task.CompletedTask;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Redirector(app, new Uri(address));
    }

    private sealed record Redirector(WebApplication App, Uri Address) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    public void Dispose() => services.Dispose();
}
