using System.Net;
using Netflow.Runtime.Forwarding;

namespace Netflow.Runtime.Tests.Forwarding;

/// <summary>Dotted-quad helpers so that tests read like routing tables.</summary>
internal static class Ipv4
{
    public static uint Address(string dottedQuad) =>
        (uint)IPAddress.NetworkToHostOrder(BitConverter.ToInt32(IPAddress.Parse(dottedQuad).GetAddressBytes()));

    /// <summary>"10.0.0.0/8" to a route with the given value.</summary>
    public static Ipv4Route Route(string cidr, int value)
    {
        var parts = cidr.Split('/');
        return new Ipv4Route(Address(parts[0]), int.Parse(parts[1]), value);
    }
}
