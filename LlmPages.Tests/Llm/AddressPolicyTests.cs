using LlmPages.Data.Entities;
using LlmPages.Llm;
using LlmPages.Tests.Infrastructure.FakeModels;

namespace LlmPages.Tests.Llm;

/// <summary>
/// Server-side request forgery: provider addresses may point at local model servers, never at a cloud metadata
/// service, however the address is spelled and whatever a name resolves to (and no redirect is followed).
/// </summary>
[Trait(DatabaseFree.Trait, DatabaseFree.Value)]
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
        // IPv6 addresses that carry an IPv4 one, which a translator, tunnel or the host's own stack may deliver to it.
        "http://[::169.254.169.254]/v1", // IPv4-compatible
        "http://[::a9fe:a9fe]/v1",
        "http://[::ffff:0:a9fe:a9fe]/v1", // IPv4-translated (SIIT)
        "http://[::ffff:0:169.254.169.254]/v1",
        "http://[64:ff9b::169.254.169.254]/v1", // NAT64, the well-known prefix
        "http://[64:ff9b::a9fe:a9fe]/v1",
        "http://[64:ff9b:1::a9fe:a9fe]/v1", // NAT64, the local-use prefix with a /96
        "http://[64:ff9b:1:a9fe:a9:fe00::]/v1", // ... with a /48 (the address skips bits 64-71)
        "http://[64:ff9b:1:0:a9:fea9:fe00:0]/v1", // ... with a /64
        "http://[2002:a9fe:a9fe::]/v1", // 6to4
        "http://[2002:a9fe:a9fe:1::1]/v1",
        "http://[2001:0:4136:e378:8000:63bf:5601:5601]/v1", // Teredo: the client's IPv4, inverted
        "http://[2001:0:a9fe:a9fe::1]/v1", // Teredo: the server's IPv4
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
    [InlineData("http://[64:ff9b::10.0.0.5]:8000/v1")]
    [InlineData("http://[2002:c0a8:114::1]:8000/v1")]
    public async Task PrivateAndLoopbackAddressesAreAllowedBecauseLocalModelServersLiveThere(string url)
    {
        Assert.Null(await services.Get<AddressPolicy>().CheckAsync(new Uri(url), CancellationToken.None));
    }

    [Theory]
    [InlineData("http://[64:ff9b::169.254.169.254]/v1")]
    [InlineData("http://[::ffff:0:a9fe:a9fe]/v1")]
    [InlineData("http://[2002:a9fe:a9fe::]/v1")]
    [InlineData("http://[::169.254.169.254]/v1")]
    public async Task ACallToAnIPv6SpellingOfAMetadataAddressIsRefusedBeforeConnecting(string url)
    {
        var connection = new ProviderConnection(ProviderKind.OpenAiCompatible, new Uri(url), null);

        var result = await services.Probe.TestConnectionAsync(connection, CancellationToken.None);

        Assert.Equal(ProviderErrorKind.BlockedAddress, result.Error!.Kind);
        Assert.Contains("169.254.169.254", result.Error.Message);
    }

    [Fact]
    public void AnAllowListCountsAnIPv6AddressAsTheIPv4ItCarriesButTheDenyListStillWins()
    {
        using var strict = new LlmServices(settings: new Dictionary<string, string?>
        {
            ["LlmPages:Network:AllowedNetworks:0"] = "10.0.0.0/8",
            ["LlmPages:Network:DeniedNetworks:0"] = "10.9.0.0/16",
        });
        var policy = strict.Get<AddressPolicy>();

        Assert.True(policy.IsAllowed(System.Net.IPAddress.Parse("64:ff9b::10.1.2.3")));
        Assert.True(policy.IsAllowed(System.Net.IPAddress.Parse("::ffff:10.1.2.3")));
        Assert.False(policy.IsAllowed(System.Net.IPAddress.Parse("2002:0a09:0102::1")));
        Assert.False(policy.IsAllowed(System.Net.IPAddress.Parse("64:ff9b::192.168.1.1")));
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

    /// <summary>
    /// No redirect is followed at all (see ProviderRedirectTests), so one to a metadata address never gets as far
    /// as the connection check: the admin is told where the server pointed.
    /// </summary>
    [Fact]
    public async Task ARedirectToAMetadataAddressIsNotFollowed()
    {
        await using var redirector = await FakeRedirector.StartAsync(new Uri("http://169.254.169.254/latest/meta-data/"), appendPath: false);
        var connection = new ProviderConnection(ProviderKind.OpenAiCompatible, new Uri(redirector.Root, "v1"), null);

        var result = await services.Probe.TestConnectionAsync(connection, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(ProviderErrorKind.Redirected, result.Error!.Kind);
        Assert.Contains("redirected to http://169.254.169.254/latest/meta-data/", result.Error.Message);
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

    public void Dispose() => services.Dispose();
}
