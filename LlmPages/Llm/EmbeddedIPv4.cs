using System.Net;
using System.Net.Sockets;

namespace LlmPages.Llm;

/// <summary>
/// The IPv4 addresses an IPv6 address carries. Translators (NAT64, SIIT), tunnels (6to4, Teredo) and the host's
/// own stack deliver such an address to the IPv4 one inside it, so <c>[64:ff9b::169.254.169.254]</c> may reach a
/// cloud metadata service as surely as <c>169.254.169.254</c>: <see cref="AddressPolicy"/> checks both. Only
/// <c>::ffff:</c> used to be unwrapped (by <see cref="IPAddress.IsIPv4MappedToIPv6"/>), which let the other
/// spellings through.
/// </summary>
public static class EmbeddedIPv4
{
    /// <summary>The IPv4 addresses inside <paramref name="address"/>: none for a plain IPv6 or an IPv4 address.</summary>
    public static IReadOnlyList<IPAddress> Of(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return [];
        }
        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);

        // ::a.b.c.d (IPv4-compatible, deprecated but still routed by some stacks); :: and ::1 are not IPv4.
        if (Zero(b[..12]) && !(Zero(b[12..15]) && b[15] <= 1))
        {
            return [At(b, 12, 13, 14, 15)];
        }
        // ::ffff:a.b.c.d (IPv4-mapped) and ::ffff:0:a.b.c.d (IPv4-translated, RFC 2765).
        if (Zero(b[..8]) && ((Zero(b[8..10]) && b[10] == 0xff && b[11] == 0xff) || (b[8] == 0xff && b[9] == 0xff && Zero(b[10..12]))))
        {
            return [At(b, 12, 13, 14, 15)];
        }
        // 64:ff9b::/96, NAT64's well-known prefix (RFC 6052).
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && Zero(b[4..12]))
        {
            return [At(b, 12, 13, 14, 15)];
        }
        // 64:ff9b:1::/48, NAT64's local-use prefix (RFC 8215): the network may use a /48, /56, /64 or /96 prefix,
        // each of which puts the IPv4 address elsewhere (skipping bits 64-71); every place is checked.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4] == 0x00 && b[5] == 0x01)
        {
            return [At(b, 6, 7, 9, 10), At(b, 7, 9, 10, 11), At(b, 9, 10, 11, 12), At(b, 12, 13, 14, 15)];
        }
        // 2002:aabb:ccdd::/48, 6to4 (RFC 3056).
        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return [At(b, 2, 3, 4, 5)];
        }
        // 2001:0::/32, Teredo (RFC 4380): the server's IPv4, and the client's with every bit inverted.
        if (address.IsIPv6Teredo)
        {
            return [At(b, 4, 5, 6, 7), new IPAddress([(byte)~b[12], (byte)~b[13], (byte)~b[14], (byte)~b[15]])];
        }
        return [];
    }

    private static bool Zero(ReadOnlySpan<byte> bytes) => !bytes.ContainsAnyExcept((byte)0);

    private static IPAddress At(ReadOnlySpan<byte> b, int i, int j, int k, int l) => new([b[i], b[j], b[k], b[l]]);
}
