using Netflow.Language.Addressing;
using Netflow.Language.Binding;
using Netflow.Language.Diagnostics;
using Netflow.Language.Routing;
using QuikGraph.Algorithms.Search;

namespace Netflow.Language.Checks;

/// <summary>
/// The clash rules of the address plan that depend on the topology: overlapping ranges in one address space (NF2007),
/// enterprise ranges over provider ranges (NF2008), cluster ranges over addresses the cluster's workers talk to
/// (NF2009) and duplicate addresses, a source NAT's among them (NF2010). Overlaps are found by sorting and sweeping:
/// prefixes are either nested or disjoint, so a stack of the prefixes that contain the current one holds every overlap,
/// and nothing compares all pairs.
/// </summary>
internal sealed class AddressSpaceChecker(Topology topology, AddressSpaces spaces, IReadOnlyDictionary<DeviceSymbol, DeviceRoutes> routes, DiagnosticBag diagnostics)
{
    private const int Everywhere = -1;

    public void Check(CancellationToken cancellation = default)
    {
        SweepRanges();
        CheckDuplicateAddresses();
        CheckSourceNatAddresses();
        foreach (var cluster in topology.Model.Ranges.Where(r => r.Origin is RangeOrigin.ClusterPod or RangeOrigin.ClusterService && r.Prefix is not null).GroupBy(r => r.Scope))
        {
            cancellation.ThrowIfCancellationRequested();
            CheckClusterRanges(cluster.Key, cluster.ToList());
        }
    }

    // ---- NF2007 and NF2008 -------------------------------------------------------------------------------------

    private void SweepRanges()
    {
        var spacesOf = RangeSpaces();
        var ordered = topology.Model.Ranges
            .Where(r => r.Prefix is not null)
            .OrderBy(r => r.Prefix!.Value.Network)
            .ThenBy(r => r.Prefix!.Value.Length)
            .ToList();
        var open = new List<RangeSymbol>();
        var clashes = new HashSet<(RangeSymbol, RangeSymbol)>();
        foreach (var range in ordered)
        {
            var prefix = range.Prefix!.Value;
            while (open.Count > 0 && open[^1].Prefix!.Value.Last.CompareTo(prefix.Network) < 0) open.RemoveAt(open.Count - 1);

            // Every open range contains this one; look from the innermost outwards.
            var reportedOverlap = false;
            var reportedProvider = false;
            for (var i = open.Count - 1; i >= 0; i--)
            {
                var outer = open[i];
                if (!reportedProvider && IsProviderClash(range, outer))
                {
                    if (!ClashedBefore(range, outer, clashes)) ReportEnterpriseOverProvider(range, outer);
                    clashes.Add((range, outer));
                    reportedProvider = reportedOverlap = true;
                }
                if (reportedOverlap || IsDeclaredInside(range, outer) || IsProviderClash(range, outer)) continue;
                // Cluster ranges live inside their cluster, not on any segment; NF2009 says where they bite.
                if (IsClusterRange(range) || IsClusterRange(outer)) continue;
                if (SharedSpace(spacesOf[range], spacesOf[outer]) is { } space)
                {
                    diagnostics.ReportOverlappingRanges(range, outer, space == Everywhere ? null : spaces.Describe(space));
                    reportedOverlap = true;
                }
            }
            open.Add(range);
        }
    }

    /// <summary>
    /// Whether the clash is one already reported between ranges these are nested in: a BYOIP range over a provider range
    /// is one mistake, not one more for every range declared inside either.
    /// </summary>
    private static bool ClashedBefore(RangeSymbol range, RangeSymbol outer, HashSet<(RangeSymbol, RangeSymbol)> clashes)
    {
        for (var a = range; a is not null; a = a.Parent)
        {
            for (var b = outer; b is not null; b = b.Parent)
            {
                if ((!ReferenceEquals(a, range) || !ReferenceEquals(b, outer)) && (clashes.Contains((a, b)) || clashes.Contains((b, a)))) return true;
            }
        }
        return false;
    }

    private static bool IsProviderClash(RangeSymbol a, RangeSymbol b) =>
        (a.Origin == RangeOrigin.Enterprise && IsProvider(b)) || (b.Origin == RangeOrigin.Enterprise && IsProvider(a));

    private static bool IsClusterRange(RangeSymbol range) => range.Origin is RangeOrigin.ClusterPod or RangeOrigin.ClusterService;

    private static bool IsProvider(RangeSymbol range) => range.Origin is RangeOrigin.ProviderPrivate or RangeOrigin.ProviderPublic;

    private void ReportEnterpriseOverProvider(RangeSymbol a, RangeSymbol b)
    {
        var (enterprise, provider) = a.Origin == RangeOrigin.Enterprise ? (a, b) : (b, a);
        diagnostics.ReportEnterpriseOverlapsProvider(enterprise, provider);
    }

    private static bool IsDeclaredInside(RangeSymbol range, RangeSymbol outer)
    {
        for (var parent = range.Parent; parent is not null; parent = parent.Parent)
        {
            if (ReferenceEquals(parent, outer)) return true;
        }
        return false;
    }

    private static int? SharedSpace(HashSet<int> a, HashSet<int> b)
    {
        if (a.Contains(Everywhere)) return b.Count > 0 ? b.First() : Everywhere;
        if (b.Contains(Everywhere)) return a.First();
        foreach (var space in a)
        {
            if (b.Contains(space)) return space;
        }
        return null;
    }

    /// <summary>
    /// The address spaces a range lives in: those of the segments that carry it, a range nested in it, or a range it
    /// is nested in. A range no segment is involved with (a cluster range, an address-plan container) is everywhere.
    /// </summary>
    private Dictionary<RangeSymbol, HashSet<int>> RangeSpaces()
    {
        var result = new Dictionary<RangeSymbol, HashSet<int>>(ReferenceEqualityComparer.Instance);
        foreach (var range in topology.Model.Ranges) result[range] = [];
        foreach (var segment in topology.Model.Segments)
        {
            var space = spaces.Of(segment);
            foreach (var range in segment.Ranges)
            {
                for (var r = range; r is not null && result.TryGetValue(r, out var spacesOfR); r = r.Parent) spacesOfR.Add(space);
            }
        }
        // Down the nesting: a range inside a placed range is in its spaces too (parents come before children in order).
        foreach (var range in topology.Model.Ranges)
        {
            if (range.Parent is { } parent && result.TryGetValue(parent, out var parentSpaces)) result[range].UnionWith(parentSpaces);
        }
        foreach (var set in result.Values)
        {
            if (set.Count == 0) set.Add(Everywhere);
        }
        return result;
    }

    // ---- NF2010 ------------------------------------------------------------------------------------------------

    private void CheckDuplicateAddresses()
    {
        foreach (var (address, owners) in topology.AllAddresses)
        {
            if (owners.Count < 2) continue;
            var seen = new Dictionary<object, InterfaceSymbol>();
            foreach (var iface in owners)
            {
                var space = SpaceKey(iface);
                if (seen.TryGetValue(space, out var first))
                {
                    if (first.Shared && iface.Shared) continue;
                    var location = iface.Addresses.First(a => a.Address == address).Location;
                    diagnostics.ReportDuplicateAddress(location, address, first, first.Addresses.First(a => a.Address == address).Location, iface: iface);
                }
                else
                {
                    seen[space] = iface;
                }
            }
        }
    }

    /// <summary>
    /// A source NAT makes its device the address it translates to: the replies come back to that address, and whoever
    /// holds it answers ARP for it and takes them. So an address (or an address of a pool) that another device's interface
    /// holds in an address space the translating device is in clashes with it, as two interfaces would; the device's own
    /// address (masquerade) is the normal case. One diagnostic per rule, for the lowest such address.
    /// </summary>
    private void CheckSourceNatAddresses()
    {
        foreach (var device in topology.Model.Devices.Where(d => d.SourceNats.Count > 0))
        {
            var own = device.Interfaces.SelectMany(i => i.Addresses).Select(a => a.Address).ToHashSet();
            var reached = device.Interfaces.Select(SpaceKey).ToHashSet();
            if (topology.Model.Devices.Any(d => ReferenceEquals(d.Host, device))) reached.Add(device.Site ?? (object)device);
            foreach (var nat in device.SourceNats)
            {
                var clash = (from address in TranslatedAddresses(nat)
                             where !own.Contains(address)
                             from iface in topology.Owners(address)
                             // A guest's address is reached only through its host, whose conntrack reverses the
                             // translation before routing the reply: no clash, if poor practice.
                             where reached.Contains(SpaceKey(iface)) && !ReferenceEquals(iface.Device.Host, device)
                             select (address, iface)).FirstOrDefault();
                if (clash.iface is not { } holder) continue;
                diagnostics.ReportDuplicateAddress(nat.TargetLocation, clash.address, holder,
                    holder.Addresses.First(a => a.Address == clash.address).Location, translation: nat);
            }
        }
    }

    /// <summary>The addresses a source NAT may translate to, lowest first: its address, or every held address of its pool.</summary>
    private IEnumerable<IpAddress> TranslatedAddresses(SourceNat nat)
    {
        if (nat.ToAddress is { } address) return [address];
        if (nat.ToPool?.Prefix is not { } pool) return [];
        return topology.AllAddresses.Select(a => a.Key).Where(pool.Contains).Order();
    }

    /// <summary>Interfaces on segments are in their segment's space; a guest's in its host's; anything else stands alone.</summary>
    private object SpaceKey(InterfaceSymbol iface)
    {
        if (iface.Segment is { } segment) return spaces.Of(segment);
        if (iface.Device.Host is { } host) return host.Site ?? (object)host;
        return iface.Device;
    }

    // ---- NF2009 ------------------------------------------------------------------------------------------------

    /// <summary>
    /// Everything reachable from the cluster's workers over the topology (a breadth-first search, QuikGraph) exchanges
    /// traffic with them; a cluster range that overlaps one of its ranges or addresses is reported once, ranges first,
    /// and an address inside an already reported range is not reported again.
    /// </summary>
    private void CheckClusterRanges(ScopeSymbol? cluster, List<RangeSymbol> clusterRanges)
    {
        var workers = topology.Model.Devices.Where(d => d.Kind == DeviceKind.Worker && d.IsInside(cluster)).ToList();
        if (workers.Count == 0) return;

        // One search per connected component the workers are in; each search starts afresh, so collect as we go.
        var reachedNodes = new HashSet<TopologyNode>();
        foreach (var worker in workers)
        {
            var node = new TopologyNode(worker);
            if (reachedNodes.Contains(node)) continue;
            var bfs = new UndirectedBreadthFirstSearchAlgorithm<TopologyNode, TopologyEdge>(topology.Graph);
            bfs.SetRootVertex(node);
            bfs.Compute(node);
            reachedNodes.UnionWith(bfs.VerticesColors.Where(p => p.Value != QuikGraph.GraphColor.White).Select(p => p.Key));
        }
        var reached = reachedNodes.Select(n => n.Symbol).OrderBy(s => s.QualifiedName, StringComparer.Ordinal).ToList();

        foreach (var clusterRange in clusterRanges)
        {
            var prefix = clusterRange.Prefix!.Value;
            var reportedRanges = new List<IpPrefix>();
            foreach (var segment in reached.OfType<SegmentSymbol>())
            {
                foreach (var range in segment.Ranges.Where(r => r.Prefix is { } p && p.Overlaps(prefix) && !r.IsInside(cluster)))
                {
                    if (reportedRanges.Contains(range.Prefix!.Value)) continue;
                    reportedRanges.Add(range.Prefix!.Value);
                    diagnostics.ReportClusterRangeOverlap(clusterRange, cluster, range, prefix: range.Prefix, through: Via(workers[0], range.Prefix!.Value.Network, cluster));
                }
            }
            foreach (var device in reached.OfType<DeviceSymbol>().Where(d => !IsClusterInternal(d, cluster)))
            {
                foreach (var iface in device.Interfaces)
                {
                    foreach (var (address, _) in iface.Addresses)
                    {
                        if (!prefix.Contains(address) || reportedRanges.Exists(r => r.Contains(address))) continue;
                        reportedRanges.Add(new IpPrefix(address, address.BitLength));
                        diagnostics.ReportClusterRangeOverlap(clusterRange, cluster, iface, address: address, through: Via(workers[0], address, cluster));
                    }
                }
            }
            // A range the cluster's own devices route elsewhere (another cluster's networks across a VPN, say) is one
            // they exchange traffic with, though no segment here carries it: the cluster route swallows it first.
            foreach (var route in topology.Model.Devices.Where(d => d.IsInside(cluster)).SelectMany(d => d.Routes))
            {
                if (route.Destination.Range is not { Prefix: { } routed } range || range.IsInside(cluster) || !prefix.Contains(routed)) continue;
                if (reportedRanges.Exists(r => r.Contains(routed))) continue;
                reportedRanges.Add(routed);
                diagnostics.ReportClusterRangeOverlap(clusterRange, cluster, range, prefix: routed, routedBy: route.Device);
            }
        }
    }

    /// <summary>The device outside the cluster the worker's own route for the address hands it to (ibm-cloud.bcr, say), unless it holds the address.</summary>
    private DeviceSymbol? Via(DeviceSymbol worker, IpAddress target, ScopeSymbol? cluster) =>
        routes[worker].Lookup(target).FirstOrDefault()?.NextHop is { } next && !next.IsInside(cluster) && !next.Interfaces.Any(i => i.Addresses.Any(a => a.Address == target))
            ? next : null;

    /// <summary>
    /// Pods, services and whatever runs on a worker live inside some cluster's own networks (this one's or another's,
    /// hidden behind that cluster's workers), so their addresses are not ones this cluster's workers route to.
    /// </summary>
    private static bool IsClusterInternal(DeviceSymbol device, ScopeSymbol? cluster) =>
        device.Kind is DeviceKind.Pod or DeviceKind.Service
        || device.Host is { Kind: DeviceKind.Worker }
        || (device.IsInside(cluster) && device.Kind is DeviceKind.LoadBalancer or DeviceKind.VpnGateway);
}
