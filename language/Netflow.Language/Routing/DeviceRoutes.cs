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

    /// <summary>Longest-prefix match: the entries of the longest installed prefix that contains the address.</summary>
    public IReadOnlyList<RouteEntry> Lookup(IpAddress address)
    {
        foreach (var entry in Entries)
        {
            if (!entry.Prefix.Contains(address)) continue;
            return Entries.Where(e => e.Prefix == entry.Prefix).ToList();
        }
        return [];
    }

    /// <summary>Installs the best routes of each prefix from all candidates: lowest distance wins, equal distances share.</summary>
    public static DeviceRoutes Select(DeviceSymbol device, IEnumerable<RouteEntry> candidates)
    {
        var best = candidates
            .GroupBy(e => e.Prefix)
            .SelectMany(group =>
            {
                var distance = group.Min(e => e.Distance);
                var winners = group.Where(e => e.Distance == distance).ToList();
                if (distance == 20) winners = winners.Where(e => e.AsPath.Count == winners.Min(w => w.AsPath.Count)).Take(1).ToList();
                return winners;
            })
            .OrderByDescending(e => e.Prefix.Length)
            .ThenBy(e => e.Prefix.Network)
            .ToList();
        return new DeviceRoutes(device, best);
    }
}
