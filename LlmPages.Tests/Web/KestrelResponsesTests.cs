using LlmPages.Tests.Infrastructure;

namespace LlmPages.Tests.Web;

/// <summary>
/// What real Kestrel sends, byte for byte: no <c>Server</c> header anywhere, including the errors Kestrel writes
/// itself before the app sees a request (those carry no security headers either; README's reverse proxy section
/// adds them there).
/// </summary>
public sealed class KestrelResponsesTests : IClassFixture<KestrelResponsesTests.KestrelApp>
{
    private readonly Uri server;

    public KestrelResponsesTests(KestrelApp app) => server = app.Address;

    [Fact]
    public async Task APageDoesNotNameTheServerSoftware()
    {
        var response = await RawHttp.SendAsync(server, "GET /account/login HTTP/1.1\r\nHost: llmpages.test\r\nConnection: close");

        Assert.Equal(200, response.Status);
        Assert.Null(response.Header("Server"));
        Assert.NotNull(response.Header("Content-Security-Policy"));
    }

    [Fact]
    public async Task AMalformedRequestGets400WithoutNamingTheServer()
    {
        var response = await RawHttp.SendAsync(server, "GARBAGE");

        Assert.Equal(400, response.Status);
        Assert.Null(response.Header("Server"));
        Assert.Equal("0", response.Header("Content-Length"));
    }

    [Fact]
    public async Task OversizedHeadersGet431WithoutNamingTheServer()
    {
        var response = await RawHttp.SendAsync(server, $"GET / HTTP/1.1\r\nHost: llmpages.test\r\nX-Big: {new string('a', 40_000)}");

        Assert.Equal(431, response.Status);
        Assert.Null(response.Header("Server"));
        Assert.Equal("0", response.Header("Content-Length"));
    }

    /// <summary>The app on a loopback port, shared by the tests of this class.</summary>
    public sealed class KestrelApp : IDisposable
    {
        private readonly AppFactory app = new();

        public KestrelApp()
        {
            app.UseKestrel(0);
            app.StartServer();
            Address = app.ServerAddress;
        }

        public Uri Address { get; }

        public void Dispose() => app.Dispose();
    }
}
