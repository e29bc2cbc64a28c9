using System.Globalization;
using System.Text;

namespace Netflow.Testing;

/// <summary>Networks of a chosen size for the shapes that once took super-linear time, shared by tests and benchmarks.</summary>
public static class GeneratedNetworks
{
    /// <summary>
    /// Router i peers with router i+1 over a link of their own and advertises its own range (issue 12); without
    /// <paramref name="peering"/> the same routers, links and ranges with no BGP at all (the benchmarks' baseline).
    /// </summary>
    public static string LineOfPeers(int routers, bool peering = true)
    {
        var text = new StringBuilder();
        var ic = CultureInfo.InvariantCulture;
        for (var i = 0; i < routers; i++)
        {
            text.Append(ic, $"range link-{i} 10.{i >> 8}.{i & 255}.0/24\nsegment link-seg-{i} vlan 10 ranges link-{i}\n");
            text.Append(ic, $"range lan-{i} 172.{16 + (i >> 8)}.{i & 255}.0/24\nsegment lan-seg-{i} vlan 11 ranges lan-{i}\n");
            text.Append(ic, $"router r{i} {{\n  interface lan 172.{16 + (i >> 8)}.{i & 255}.1 on lan-seg-{i}\n");
            var peer = peering ? "  bgp peer r{0}\n" : "";
            if (i + 1 < routers) text.Append(ic, $"  interface next 10.{i >> 8}.{i & 255}.1 on link-seg-{i}\n").AppendFormat(ic, peer, i + 1);
            if (i > 0) text.Append(ic, $"  interface previous 10.{(i - 1) >> 8}.{(i - 1) & 255}.2 on link-seg-{i - 1}\n").AppendFormat(ic, peer, i - 1);
            if (peering) text.Append(ic, $"  bgp as {64512 + i} advertises lan-{i}\n");
            text.Append("}\n");
        }
        return text.ToString();
    }

    /// <summary>
    /// Routers named by <paramref name="count"/> long names, each referring to a name one letter off (issue 12); with
    /// <paramref name="known"/> each refers to its own name instead, which exists (the benchmarks' baseline).
    /// </summary>
    public static string LongUnknownNames(int count, int length, bool known = false)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var name = $"n{i}" + new string('x', length);
            text.Append(CultureInfo.InvariantCulture, $"router {name}b {{\n  route default via {(known ? name + "b" : name)}\n}}\n");
        }
        return text.ToString();
    }

    /// <summary>
    /// A router r beside a router n, with <paramref name="routes"/> routes: route k's next hop lies in route k-1's prefix
    /// (10.k.0.0/16 via 10.k-1.0.1), route 0's is n (issue 12: resolved in rounds, this took about L^3 and stopped at 64).
    /// With <paramref name="recursive"/> false every route's next hop is n itself (the benchmarks' baseline).
    /// </summary>
    public static string ChainOfNextHops(int routes, bool recursive = true)
    {
        var text = new StringBuilder("range link 192.168.0.0/24\nsegment s vlan 10 ranges link\nrouter n {\n  interface i 192.168.0.2 on s\n}\n");
        text.Append("router r {\n  interface i 192.168.0.1 on s\n  route 10.0.0.0/16 via 192.168.0.2\n");
        var ic = CultureInfo.InvariantCulture;
        for (var k = 1; k < routes; k++)
        {
            var via = recursive ? $"{10 + ((k - 1) >> 8)}.{(k - 1) & 255}.0.1" : "192.168.0.2";
            text.Append(ic, $"  route {10 + (k >> 8)}.{k & 255}.0.0/16 via {via}\n");
        }
        return text.Append("}\n").ToString();
    }
}
