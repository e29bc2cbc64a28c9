using Netflow.Language.Addressing;
using Netflow.Language.Binding;
using Netflow.Language.Diagnostics;

namespace Netflow.Language.Routing;

/// <summary>
/// A small path-vector computation: every speaker originates what it advertises; routes flow over established sessions
/// (eBGP prepends the sender's AS and refuses paths that already contain the receiver's; iBGP passes paths unchanged but
/// never re-advertises what it learned over iBGP); each speaker keeps, per prefix, the shortest AS path, ties broken by
/// the ordinal order of the sending peer's qualified name. Iterated until nothing changes.
/// </summary>
internal sealed class BgpSolver(Topology topology, IReadOnlyDictionary<DeviceSymbol, DeviceRoutes> routes, DiagnosticBag diagnostics)
{
    private sealed record Learned(IReadOnlyList<long> Path, DeviceSymbol? From, bool ViaIbgp, AddressMatch Origin);

    public void Solve(Dictionary<DeviceSymbol, List<RouteEntry>> candidates)
    {
        var sessions = EstablishSessions();
        if (sessions.Count == 0) return;

        var tables = new Dictionary<DeviceSymbol, SortedDictionary<IpPrefix, Learned>>(ReferenceEqualityComparer.Instance);
        foreach (var device in topology.Model.Devices.Where(d => d.Bgp is not null))
        {
            var table = tables[device] = new SortedDictionary<IpPrefix, Learned>(PrefixOrder.Instance);
            foreach (var advertised in device.Bgp!.Advertised)
            {
                if (advertised.Prefix is { } prefix) table[prefix] = new Learned([], null, false, advertised);
            }
        }

        // Path vector converges in at most as many rounds as there are speakers (the longest loop-free path).
        var maxRounds = tables.Count + 2;
        for (var round = 0; round < maxRounds; round++)
        {
            var changed = false;
            foreach (var (a, b) in sessions)
            {
                changed |= Export(a, b, tables);
                changed |= Export(b, a, tables);
            }
            if (!changed) break;
        }

        foreach (var (device, table) in tables)
        {
            foreach (var (prefix, learned) in table)
            {
                if (learned.From is not { } from) continue;
                var location = learned.Origin.Location;
                if (topology.SharedSegment(device, from) is var (local, remote))
                {
                    candidates[device].Add(new RouteEntry(device, prefix, RouteSource.Bgp, from, remote.Addresses[0].Address,
                        local, null, false, location) { AsPath = learned.Path, LearnedFrom = from });
                }
                else if (RecursiveNextHop(device, from) is { } via)
                {
                    // A multi-hop session: the BGP next hop (the peer) is reached through the route that leads to it.
                    candidates[device].Add(via with { Prefix = prefix, Source = RouteSource.Bgp, Location = location, Declaration = null, AsPath = learned.Path, LearnedFrom = from });
                }
            }
        }
    }

    private static bool Export(DeviceSymbol from, DeviceSymbol to, Dictionary<DeviceSymbol, SortedDictionary<IpPrefix, Learned>> tables)
    {
        var changed = false;
        var ibgp = from.Bgp!.Asn == to.Bgp!.Asn;
        var target = tables[to];
        var offered = new HashSet<IpPrefix>();
        foreach (var (prefix, learned) in tables[from].ToList())
        {
            if (ibgp && learned.ViaIbgp) continue;
            if (ReferenceEquals(learned.From, to)) continue;
            IReadOnlyList<long> path = ibgp ? learned.Path : [from.Bgp.Asn, .. learned.Path];
            if (!ibgp && path.Contains(to.Bgp.Asn)) continue;
            offered.Add(prefix);
            if (target.TryGetValue(prefix, out var existing))
            {
                if (existing.From is null) continue; // originated here
                var better = path.Count < existing.Path.Count
                    || (path.Count == existing.Path.Count && string.CompareOrdinal(from.QualifiedName, existing.From.QualifiedName) < 0);
                // The same peer's newer path replaces its older one, even when it is no shorter.
                var update = ReferenceEquals(existing.From, from) && !existing.Path.SequenceEqual(path);
                if (!better && !update) continue;
            }
            target[prefix] = new Learned(path, from, ibgp, learned.Origin);
            changed = true;
        }
        // What the peer no longer offers is withdrawn; another peer may offer it again in a later round.
        foreach (var (prefix, learned) in target.ToList())
        {
            if (ReferenceEquals(learned.From, from) && !offered.Contains(prefix))
            {
                target.Remove(prefix);
                changed = true;
            }
        }
        return changed;
    }

    /// <summary>Sessions from <c>bgp peer</c> lines, once per pair; peers must both speak BGP and reach each other.</summary>
    private List<(DeviceSymbol, DeviceSymbol)> EstablishSessions()
    {
        var sessions = new List<(DeviceSymbol, DeviceSymbol)>();
        var seen = new HashSet<(DeviceSymbol, DeviceSymbol)>();
        foreach (var device in topology.Model.Devices)
        {
            foreach (var peering in device.Peers)
            {
                var (a, b) = string.CompareOrdinal(device.QualifiedName, peering.Peer.QualifiedName) <= 0
                    ? (device, peering.Peer) : (peering.Peer, device);
                if (ReferenceEquals(a, b) || !seen.Add((a, b))) continue;
                var silent = new[] { device, peering.Peer }.FirstOrDefault(d => d.Bgp is null);
                if (silent is not null)
                {
                    diagnostics.Report(DiagnosticDescriptors.BgpPeerWithoutAs, peering.Location, device.Name, peering.Peer.Name, silent.Name);
                    continue;
                }
                var forth = CanReach(device, peering.Peer);
                var back = CanReach(peering.Peer, device);
                if (!forth || !back)
                {
                    var why = !forth && !back ? "neither has a route to the other"
                        : !forth ? $"'{device.Name}' has no route to '{peering.Peer.Name}'"
                        : $"'{peering.Peer.Name}' has no route back to '{device.Name}'";
                    diagnostics.Report(DiagnosticDescriptors.BgpPeersUnreachable, peering.Location, device.Name, peering.Peer.Name, why);
                    continue;
                }
                sessions.Add((a, b));
            }
        }
        return sessions;
    }

    /// <summary>The non-default route of <paramref name="device"/> towards an address of <paramref name="peer"/>, if any.</summary>
    private RouteEntry? RecursiveNextHop(DeviceSymbol device, DeviceSymbol peer)
    {
        foreach (var (address, _) in peer.Interfaces.SelectMany(i => i.Addresses))
        {
            var entry = routes[device].Lookup(address).FirstOrDefault(e => e.Prefix.Length > 0 && e.NextHop is not null);
            if (entry is not null) return entry;
        }
        return null;
    }

    private bool CanReach(DeviceSymbol from, DeviceSymbol to)
    {
        if (topology.SharedSegment(from, to) is not null) return true;
        if (ReferenceEquals(from.Host, to) || ReferenceEquals(to.Host, from)) return true;
        var table = routes[from];
        // As for next hops: a peer that only the default route leads to is not reachable for a session.
        return to.Interfaces.SelectMany(i => i.Addresses)
            .Any(a => table.Lookup(a.Address).Any(e => e.Prefix.Length > 0 && (e.NextHop is not null || e.IsDirect)));
    }
}

/// <summary>Orders prefixes by family, network, then length: a stable order for tables and output.</summary>
internal sealed class PrefixOrder : IComparer<IpPrefix>
{
    public static readonly PrefixOrder Instance = new();

    public int Compare(IpPrefix x, IpPrefix y)
    {
        var byNetwork = x.Network.CompareTo(y.Network);
        return byNetwork != 0 ? byNetwork : x.Length.CompareTo(y.Length);
    }
}
