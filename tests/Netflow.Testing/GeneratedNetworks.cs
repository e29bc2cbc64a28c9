using System.Globalization;
using System.Text;

namespace Netflow.Testing;

/// <summary>Networks of a chosen size for the shapes that once took super-linear time, shared by tests and benchmarks.</summary>
public static class GeneratedNetworks
{
    /// <summary>Router i peers with router i+1 over a link of their own and advertises its own range (issue 12).</summary>
    public static string LineOfPeers(int routers)
    {
        var text = new StringBuilder();
        var ic = CultureInfo.InvariantCulture;
        for (var i = 0; i < routers; i++)
        {
            text.Append(ic, $"range link-{i} 10.{i >> 8}.{i & 255}.0/24\nsegment link-seg-{i} vlan 10 ranges link-{i}\n");
            text.Append(ic, $"range lan-{i} 172.{16 + (i >> 8)}.{i & 255}.0/24\nsegment lan-seg-{i} vlan 11 ranges lan-{i}\n");
            text.Append(ic, $"router r{i} {{\n  interface lan 172.{16 + (i >> 8)}.{i & 255}.1 on lan-seg-{i}\n");
            if (i + 1 < routers) text.Append(ic, $"  interface next 10.{i >> 8}.{i & 255}.1 on link-seg-{i}\n  bgp peer r{i + 1}\n");
            if (i > 0) text.Append(ic, $"  interface previous 10.{(i - 1) >> 8}.{(i - 1) & 255}.2 on link-seg-{i - 1}\n  bgp peer r{i - 1}\n");
            text.Append(ic, $"  bgp as {64512 + i} advertises lan-{i}\n}}\n");
        }
        return text.ToString();
    }

    /// <summary>Routers named by <paramref name="count"/> long names, each referring to a name one letter off (issue 12).</summary>
    public static string LongUnknownNames(int count, int length)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var name = $"n{i}" + new string('x', length);
            text.Append(CultureInfo.InvariantCulture, $"router {name}b {{\n  route default via {name}\n}}\n");
        }
        return text.ToString();
    }
}
