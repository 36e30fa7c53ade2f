using System.Net;
using System.Net.Sockets;

namespace StatuutHub.Application.Callbacks;

/// <summary>Which addresses a callback may reach: public unicast only, unless <see cref="CallbackOptions.AllowPrivateNetworks"/>.
/// Checked on the registered address and again on every connection (after DNS), so a name that later resolves inward is refused too.</summary>
public static class CallbackAddresses
{
    /// <summary>True when <paramref name="address"/> is a public unicast address.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224 // this network, private, loopback, multicast and reserved
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) // carrier-grade NAT
                || (b[0] == 169 && b[1] == 254) // link-local (and cloud metadata services)
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && (b[2] == 0 || b[2] == 2))
                || (b[0] == 198 && (b[1] == 18 || b[1] == 19))
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)
                || (b[0] == 203 && b[1] == 0 && b[2] == 113));
        }

        var v6 = address.GetAddressBytes();
        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal
            || (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0d && v6[3] == 0xb8) // documentation
            || (v6[0] == 0 && v6[1] == 0x64 && v6[2] == 0xff && v6[3] == 0x9b) // NAT64 reaches IPv4 inside
            || v6.Take(12).All(b => b == 0) // ::/96, IPv4-compatible: an IPv4 address (10.0.0.1 as ::a00:1) in IPv6 dress
            || (v6[0] == 0x20 && v6[1] == 0x02) // 2002::/16, 6to4: relays to the IPv4 address it embeds
            || (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0 && v6[3] == 0)); // 2001::/32, Teredo: tunnels to an embedded IPv4 address
    }
}
