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

    /// <summary>The BGP paths the device refused for their AS loop, for prefixes it learned no path for (none without BGP).</summary>
    public IReadOnlyList<RefusedBgpRoute> Refused { get; init; } = [];

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
        SortByPrefix(sorted);
        for (var i = 0; i < sorted.Length;)
        {
            var j = i + 1;
            while (j < sorted.Length && SamePrefix(sorted[j], sorted[i])) j++;
            if (j - i > 1) Array.Sort(sorted, i, j - i, BestFirst);
            i = j;
        }
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

    /// <summary>
    /// Longest prefix first, then by address. IPv4 candidates, all of them today, sort on one 64-bit key each (the
    /// length and the network) rather than by comparing 128-bit values candidate against candidate.
    /// </summary>
    private static void SortByPrefix(RouteEntry[] sorted)
    {
        if (sorted.All(e => e.Prefix.Family == IpFamily.V4))
        {
            var keys = new ulong[sorted.Length];
            for (var i = 0; i < sorted.Length; i++) keys[i] = ((ulong)(byte)(255 - sorted[i].Prefix.Length) << 32) | (uint)sorted[i].Prefix.Network.Value;
            Array.Sort(keys, sorted);
            return;
        }
        Array.Sort(sorted, static (a, b) =>
        {
            var byLength = b.Prefix.Length.CompareTo(a.Prefix.Length);
            return byLength != 0 ? byLength : a.Prefix.Network.Value.CompareTo(b.Prefix.Network.Value);
        });
    }

    /// <summary>The same network and length (however the prefix was written): the entries <see cref="SortByPrefix"/> leaves in no order.</summary>
    internal static bool SamePrefix(RouteEntry a, RouteEntry b) => a.Prefix.Length == b.Prefix.Length && a.Prefix.Network == b.Prefix.Network;

    /// <summary>Among the candidates for one prefix: lowest distance, then shortest AS path, then the first declared.</summary>
    private static readonly IComparer<RouteEntry> BestFirst = Comparer<RouteEntry>.Create(static (a, b) =>
    {
        var byDistance = a.Distance.CompareTo(b.Distance);
        if (byDistance != 0) return byDistance;
        var byPath = a.AsPath.Count.CompareTo(b.AsPath.Count);
        return byPath != 0 ? byPath : RouteEntry.CompareByDeclaration(a, b);
    });
}
