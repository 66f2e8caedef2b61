using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace LlmPages.Llm;

/// <summary>
/// Keeps calls to model servers away from cloud metadata services and any other denied network (server-side
/// request forgery). Checked when a provider's address is saved and again on every connection, after DNS, so a
/// name that resolves to a denied address does not get through either. Redirects are not followed at all
/// (<see cref="LlmExtensions"/>), so a server cannot point the app elsewhere.
/// </summary>
public sealed class AddressPolicy
{
    private readonly IPNetwork[] denied;
    private readonly IPNetwork[] allowed;

    public AddressPolicy(IOptions<NetworkOptions> options)
    {
        denied = [.. options.Value.DeniedNetworks.Select(Parse)];
        allowed = [.. options.Value.AllowedNetworks.Select(Parse)];
    }

    /// <summary>A network from configuration: CIDR or a single address.</summary>
    public static IPNetwork Parse(string value) =>
        value.Contains('/', StringComparison.Ordinal) ? IPNetwork.Parse(value.Trim())
        : IPAddress.Parse(value.Trim()) is var address && address.AddressFamily == AddressFamily.InterNetwork
            ? new IPNetwork(address, 32)
            : new IPNetwork(address, 128);

    /// <summary>
    /// Whether an address may be connected to. An IPv6 address that carries IPv4 ones (<see cref="EmbeddedIPv4"/>)
    /// is refused when it or any of them is denied, and, with an allow list, let through when it or one of them is
    /// allowed.
    /// </summary>
    public bool IsAllowed(IPAddress address)
    {
        IPAddress[] meanings = [address, .. EmbeddedIPv4.Of(address)];
        if (meanings.Any(a => denied.Any(n => n.Contains(a))))
        {
            return false;
        }
        return allowed.Length == 0 || meanings.Any(a => allowed.Any(n => n.Contains(a)));
    }

    /// <summary>
    /// Why a provider address must not be saved, or null. The host is checked as written (every spelling of an IP
    /// address: decimal, hex, IPv6 forms that carry an IPv4 address) and, for a name, as it resolves now; a name that does not resolve is
    /// let through, because every connection is checked again.
    /// </summary>
    public async Task<string?> CheckAsync(Uri url, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(url.IdnHost, cancellationToken);
            }
            catch (SocketException)
            {
                return null;
            }
        }
        var blocked = addresses.FirstOrDefault(a => !IsAllowed(a));
        return blocked is null ? null : Refusal(url.Host, blocked);
    }

    /// <summary>
    /// Opens every connection to a model server (SocketsHttpHandler.ConnectCallback): resolves the name, drops the
    /// addresses the policy refuses, and connects only to the others.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var usable = addresses.Where(IsAllowed).ToArray();
        if (usable.Length == 0)
        {
            throw new ProviderException(new ProviderError(ProviderErrorKind.BlockedAddress,
                addresses.Length == 0 ? $"The name {host} has no address." : Refusal(host, addresses[0])));
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(usable, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static string Refusal(string host, IPAddress address) =>
        $"LlmPages does not connect to {host} ({Describe(address)}): it is a cloud metadata address or in a network the " +
        "administrator has denied (LlmPages:Network:DeniedNetworks).";

    /// <summary>An IPv6 address with the IPv4 ones it carries, so the admin sees which address was meant.</summary>
    private static string Describe(IPAddress address) => EmbeddedIPv4.Of(address) switch
    {
        [] => address.ToString(),
        var inner => $"{address}, which carries {string.Join(" and ", inner)}",
    };
}
