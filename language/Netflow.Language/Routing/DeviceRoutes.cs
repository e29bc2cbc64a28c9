using Netflow.Language.Addressing;
using Netflow.Language.Binding;

namespace Netflow.Language.Routing;

/// <summary>
/// A device's forwarding table: for each prefix, the best entries (several when equal-cost), ordered by prefix
/// length, longest first. Lookups here are for analysis; the runtime has its own compact table.
/// </summary>
public sealed class DeviceRoutes(DeviceSymbol device, IReadOnlyList<RouteEntry> best)
{
    public DeviceSymbol Device { get; } = device;

    /// <summary>The installed routes: the best of each prefix, longest prefix first, then by address.</summary>
    public IReadOnlyList<RouteEntry> Entries { get; } = best;

    /// <summary>
    /// Longest-prefix match: the entries of the longest installed prefix that contains the address. With
    /// <paramref name="without"/>, routes into that tunnel do not count, and a shorter prefix answers instead (the
    /// underlay of a tunnel must not be the tunnel itself).
    /// </summary>
    public IReadOnlyList<RouteEntry> Lookup(IpAddress address, TunnelSymbol? without = null)
    {
        for (var i = 0; i < Entries.Count; i++)
        {
            var entry = Entries[i];
            if (!entry.Prefix.Contains(address)) continue;
            var group = new List<RouteEntry>();
            for (var j = i; j < Entries.Count && Entries[j].Prefix == entry.Prefix; j++)
            {
                if (without is null || !ReferenceEquals(Entries[j].Tunnel, without)) group.Add(Entries[j]);
            }
            if (group.Count > 0) return group;
        }
        return [];
    }

    /// <summary>Installs the best routes of each prefix from all candidates: lowest distance wins, equal distances share.</summary>
    public static DeviceRoutes Select(DeviceSymbol device, IReadOnlyList<RouteEntry> candidates)
    {
        var sorted = candidates.ToArray();
        // Longest prefix first, then by address, then best first: the first entries of each prefix are its winners.
        Array.Sort(sorted, static (a, b) =>
        {
            var byLength = b.Prefix.Length.CompareTo(a.Prefix.Length);
            if (byLength != 0) return byLength;
            var byNetwork = a.Prefix.Network.Value.CompareTo(b.Prefix.Network.Value);
            if (byNetwork != 0) return byNetwork;
            var byDistance = a.Distance.CompareTo(b.Distance);
            if (byDistance != 0) return byDistance;
            var byPath = a.AsPath.Count.CompareTo(b.AsPath.Count);
            return byPath != 0 ? byPath : RouteEntry.CompareByDeclaration(a, b);
        });
        var best = new List<RouteEntry>(sorted.Length);
        for (var i = 0; i < sorted.Length;)
        {
            var first = sorted[i];
            var j = i;
            // Equal-cost entries share the prefix; BGP installs only its single best path.
            while (j < sorted.Length && sorted[j].Prefix == first.Prefix)
            {
                if (sorted[j].Distance == first.Distance && (j == i || first.Source != RouteSource.Bgp)) best.Add(sorted[j]);
                j++;
            }
            i = j;
        }
        return new DeviceRoutes(device, best);
    }
}
