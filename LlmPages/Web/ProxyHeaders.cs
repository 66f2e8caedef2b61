using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace LlmPages.Web;

/// <summary>
/// Which requests may say who the client is. Behind a reverse proxy every request comes from the proxy, so the
/// rate limits need the client's address from the proxy's header; but a client that reaches the app directly can
/// send the same header and pick any address it likes. So the header is read only from the proxies the operator
/// names (<see cref="WebOptions.KnownProxies"/>, <see cref="WebOptions.KnownNetworks"/>), or from loopback when
/// none is named. Where the proxy's own addresses vary but it sets a header of its own on every request (fly.io's
/// <c>Fly-Client-IP</c>), that header is read instead (<see cref="WebOptions.ClientIpHeader"/>).
/// </summary>
public static class ProxyHeaders
{
    public static IServiceCollection AddProxyHeaders(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<WebOptions>>((o, web) => Apply(o, web.Value));
        return services;
    }

    /// <summary>Reads the proxy's headers, when the operator said there is a proxy.</summary>
    public static IApplicationBuilder UseProxyHeaders(this IApplicationBuilder app, WebOptions web) =>
        web.TrustForwardedHeaders ? app.UseForwardedHeaders() : app;

    private static void Apply(ForwardedHeadersOptions o, WebOptions web)
    {
        o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        if (!string.IsNullOrEmpty(web.ClientIpHeader))
        {
            // One address, set by the platform's proxy: X-Forwarded-For is then not read at all.
            o.ForwardedForHeaderName = web.ClientIpHeader;
        }
        if (web.KnownProxies.Count + web.KnownNetworks.Count > 0)
        {
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in web.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy.Trim()));
            }
            foreach (var network in web.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network.Trim()));
            }
        }
        else if (!string.IsNullOrEmpty(web.ClientIpHeader))
        {
            // The platform's proxy connects from addresses that change (fly.io); every request passes through it.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
        }
        // Otherwise ASP.NET Core's default: only a proxy on this machine (127.0.0.0/8, ::1) is believed.
    }
}
