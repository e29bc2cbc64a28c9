using Netflow.Language.Addressing;
using Netflow.Language.Binding;
using Netflow.Language.Diagnostics;

namespace Netflow.Language.Routing;

/// <summary>
/// Computes every device's routing table: connected and local routes from interfaces, guest routes between a host and
/// what runs on it, static routes with their next hops resolved (recursively through other routes where the next hop
/// is not directly attached, each once, after those it goes through), and BGP routes over the sessions the transport
/// carries (<see cref="BgpSolver"/>), with the paths each device refused for their AS loop. Static routes whose next hop cannot be resolved are reported (NF3001) and not
/// installed; so are BGP sessions that cannot come up (NF3003).
/// </summary>
public sealed class RoutingBuilder(Topology topology, DiagnosticBag diagnostics, IBgpTransport? transport = null)
{
    private readonly Dictionary<DeviceSymbol, List<RouteEntry>> _candidates = new(ReferenceEqualityComparer.Instance);

    public IReadOnlyDictionary<DeviceSymbol, DeviceRoutes> Build(CancellationToken cancellation = default)
    {
        var devices = topology.Model.Devices;
        foreach (var device in devices) _candidates[device] = [];
        foreach (var device in devices) AddDirectRoutes(device);

        // Next hops that are attached, tunnels or hosts resolve at once and never change.
        var recursive = new List<RouteDeclaration>();
        foreach (var route in devices.SelectMany(d => d.Routes))
        {
            if (TryResolve(route, lookup: null) is { } entry) Install(route, entry);
            else recursive.Add(route);
        }
        cancellation.ThrowIfCancellationRequested();
        var (resolved, cyclic) = ResolveRecursively(recursive);
        foreach (var route in recursive)
        {
            if (resolved[route] is { } entry) Install(route, entry);
            else ReportUnreachable(route, cyclic: cyclic.Contains(route));
        }

        var refused = devices.Any(d => d.Peers.Count > 0) ? new BgpSolver(topology, transport, diagnostics).Solve(_candidates, cancellation) : null;
        return Snapshot(refused);
    }

    private void Install(RouteDeclaration route, RouteEntry entry)
    {
        _candidates[route.Device].Add(entry);
        // The written gateway lies on an attached subnet and nobody declared holds it: ARP for it is never answered.
        if (entry is { NextHop: null, Tunnel: null, NextHopAddress: { } gateway, OutInterface.Segment: { } segment }
            && route.NextHop?.Address == gateway
            && segment.SubnetOf(gateway)?.Prefix is { Length: > 0 } subnet)
        {
            diagnostics.ReportGatewayHeldByNoDevice(route, gateway, subnet, segment);
        }
    }

    /// <summary>
    /// Next hops reached only through other routes of the same device, each resolved once, after the routes it is
    /// resolved through (a depth-first walk with an explicit stack, so a chain of any length resolves and none
    /// overflows the stack). A route looks its next hop up in its device's table as it will be: the direct routes, and
    /// the other routes of the device that resolve; where the longest prefix that answers holds a route not yet
    /// resolved, that route is resolved first. A route never resolves through itself. Routes whose next hops are looked
    /// up through each other form a cycle: none of them resolves, and each is reported as such. The result does not
    /// depend on the order the routes were written in.
    /// </summary>
    private (Dictionary<RouteDeclaration, RouteEntry?> Resolved, HashSet<RouteDeclaration> Cyclic) ResolveRecursively(List<RouteDeclaration> routes)
    {
        var resolution = new RecursiveResolution(this, routes);
        foreach (var route in routes) resolution.Resolve(route);
        return (resolution.Results, resolution.Cyclic);
    }

    /// <summary>The state of <see cref="ResolveRecursively"/>: what is resolved, what is being resolved, and the tables by prefix.</summary>
    private sealed class RecursiveResolution(RoutingBuilder builder, List<RouteDeclaration> routes)
    {
        public Dictionary<RouteDeclaration, RouteEntry?> Results { get; } = new(ReferenceEqualityComparer.Instance);

        public HashSet<RouteDeclaration> Cyclic { get; } = new(ReferenceEqualityComparer.Instance);

        private readonly Dictionary<DeviceSymbol, PrefixIndex> _indexes = new(ReferenceEqualityComparer.Instance);
        private readonly HashSet<RouteDeclaration> _onStack = new(ReferenceEqualityComparer.Instance);
        private RouteDeclaration? _current;
        private RouteDeclaration? _needed;

        /// <summary>A device's candidates by (canonical) prefix: the routes that are installed whatever happens, and the
        /// recursive ones; with the prefix lengths present, longest first.</summary>
        private sealed class PrefixIndex
        {
            public Dictionary<IpPrefix, (List<RouteEntry> Direct, List<RouteDeclaration> Recursive)> Groups { get; } = [];
            public int[] Lengths { get; set; } = [];
        }

        public void Resolve(RouteDeclaration first)
        {
            if (Results.ContainsKey(first)) return;
            var stack = new Stack<RouteDeclaration>();
            stack.Push(first);
            _onStack.Add(first);
            while (stack.TryPeek(out var route))
            {
                (_current, _needed) = (route, null);
                var entry = builder.TryResolve(route, Lookup);
                if (_needed is not { } needed)
                {
                    Results[route] = entry;
                    _onStack.Remove(stack.Pop());
                }
                else if (_onStack.Contains(needed))
                {
                    // The routes from the needed one up to this one each wait for the next: a cycle, none resolves.
                    RouteDeclaration member;
                    do
                    {
                        member = stack.Pop();
                        _onStack.Remove(member);
                        Results[member] = null;
                        Cyclic.Add(member);
                    }
                    while (!ReferenceEquals(member, needed));
                }
                else
                {
                    stack.Push(needed);
                    _onStack.Add(needed);
                }
            }
        }

        /// <summary>
        /// The longest non-default prefix of the device's table that holds the address, as the table will be; empty, and
        /// <see cref="_needed"/> set, when a route of that prefix is not resolved yet.
        /// </summary>
        private IReadOnlyList<RouteEntry> Lookup(DeviceSymbol device, IpAddress address)
        {
            var index = IndexOf(device);
            foreach (var length in index.Lengths)
            {
                if (length == 0 || length > address.BitLength) continue;
                if (!index.Groups.TryGetValue(new IpPrefix(address, length).Canonical, out var group)) continue;
                var installed = new List<RouteEntry>(group.Direct);
                foreach (var other in group.Recursive)
                {
                    if (ReferenceEquals(other, _current)) continue;
                    if (!Results.TryGetValue(other, out var result))
                    {
                        _needed ??= other;
                        return [];
                    }
                    if (result is not null) installed.Add(result);
                }
                if (installed.Count == 0) continue;
                // The prefix's winners, as the device's table selects them (a prefix written with host bits is its own).
                var best = DeviceRoutes.Select(device, installed).Entries;
                return best.TakeWhile(e => e.Prefix == best[0].Prefix).ToList();
            }
            return [];
        }

        private PrefixIndex IndexOf(DeviceSymbol device)
        {
            if (_indexes.TryGetValue(device, out var index)) return index;
            index = new PrefixIndex();
            foreach (var entry in builder._candidates[device]) GroupOf(index, entry.Prefix).Direct.Add(entry);
            foreach (var route in routes)
            {
                if (ReferenceEquals(route.Device, device)) GroupOf(index, route.Destination.Prefix!.Value).Recursive.Add(route);
            }
            index.Lengths = [.. index.Groups.Keys.Select(p => p.Length).Distinct().OrderDescending()];
            return _indexes[device] = index;
        }

        private static (List<RouteEntry> Direct, List<RouteDeclaration> Recursive) GroupOf(PrefixIndex index, IpPrefix prefix)
        {
            if (!index.Groups.TryGetValue(prefix.Canonical, out var group)) index.Groups[prefix.Canonical] = group = ([], []);
            return group;
        }
    }

    private Dictionary<DeviceSymbol, DeviceRoutes> Snapshot(IReadOnlyDictionary<DeviceSymbol, List<RefusedBgpRoute>>? refused)
    {
        var tables = new Dictionary<DeviceSymbol, DeviceRoutes>(ReferenceEqualityComparer.Instance);
        foreach (var (device, candidates) in _candidates)
        {
            var table = DeviceRoutes.Select(device, candidates);
            tables[device] = refused?.GetValueOrDefault(device) is { Count: > 0 } paths ? new DeviceRoutes(device, table.Entries) { Refused = paths } : table;
        }
        return tables;
    }

    private void AddDirectRoutes(DeviceSymbol device)
    {
        var routes = _candidates[device];
        foreach (var iface in device.Interfaces)
        {
            foreach (var (address, location) in iface.Addresses)
            {
                routes.Add(new RouteEntry(device, new IpPrefix(address, address.BitLength), RouteSource.Local, null, null, iface, null, false, location));
                if (device.Host is { } host && iface.Segment is null)
                {
                    _candidates[host].Add(new RouteEntry(host, new IpPrefix(address, address.BitLength), RouteSource.Guest, device, address, null, null, false, location));
                }
            }
            if (iface.Segment is not { } segment) continue;
            foreach (var range in segment.Ranges)
            {
                if (range.Prefix is { } prefix && HoldsAddressIn(iface, prefix))
                {
                    routes.Add(new RouteEntry(device, prefix, RouteSource.Connected, null, null, iface, null, false, iface.Location));
                }
            }
        }
        // A guest sends what it has no route for to its host, as a pod sends to its worker's vRouter. The implicit
        // default has the worst distance, so any route the guest declares wins over it.
        if (device.Host is { } guestHost && device.Interfaces.Any(i => i.Segment is null))
        {
            routes.Add(new RouteEntry(device, IpPrefix.DefaultV4, RouteSource.HostDefault, guestHost, null, null, null, false, device.Location));
        }
    }

    private static bool HoldsAddressIn(InterfaceSymbol iface, IpPrefix prefix)
    {
        foreach (var (address, _) in iface.Addresses)
        {
            if (prefix.Contains(address)) return true;
        }
        return false;
    }

    /// <summary>Resolves a route's next hop; <paramref name="lookup"/> (the device's longest match for an address, default
    /// routes aside) null allows only what needs no other route.</summary>
    private RouteEntry? TryResolve(RouteDeclaration route, Lookup? lookup)
    {
        var device = route.Device;
        var prefix = route.Destination.Prefix!.Value;
        MakeEntry Entry = (next, address, outInterface, tunnel) =>
            new(device, prefix, RouteSource.Static, next, address, outInterface, tunnel, route.Drop, route.Location) { Declaration = route };

        if (route.Drop || route.NextHop is null) return Entry(null, null, null, null);
        var hop = route.NextHop;
        // A next hop that is this device's IP-in-IP peer is reached through the tunnel, whatever lies in between.
        if (hop.Symbol is not TunnelSymbol && topology.DeviceOf(hop) is { } peer && !ReferenceEquals(peer, device)
            && IpInIpTunnel(device, peer) is { } ipip)
        {
            return Entry(peer, hop.Address ?? (hop.Symbol as InterfaceSymbol)?.Addresses.FirstOrDefault().Address, null, ipip);
        }
        switch (hop.Symbol)
        {
            case InterfaceSymbol own when ReferenceEquals(own.Device, device):
                return Entry(null, null, own, null);
            case TunnelSymbol tunnel:
                var ends = tunnel.Endpoints.Select(topology.DeviceOf).OfType<DeviceSymbol>().ToList();
                var other = ends.FirstOrDefault(d => !ReferenceEquals(d, device));
                if (ends.Contains(device) && other is not null) return Entry(other, null, null, tunnel);
                // An IPsec tunnel with an end no gateway answers at (NF3040, NF3041) never comes up: its gateways'
                // routes still send into it, where the trap policy drops what they send.
                return HasEndWithoutGateway(tunnel) && Topology.RunsIpsec(device, tunnel) ? Entry(other, null, null, tunnel) : null;
            case DeviceSymbol target when ReferenceEquals(target, device):
                return null; // a route to itself goes nowhere; reported as unreachable
            case DeviceSymbol target:
                return ResolveDevice(device, target, Entry, lookup);
            case InterfaceSymbol remote:
                return remote.Addresses.Count > 0 ? ResolveAddress(device, remote.Addresses[0].Address, Entry, lookup) : null;
        }
        return hop.Address is { } addressHop ? ResolveAddress(device, addressHop, Entry, lookup) : null;
    }

    private RouteEntry? ResolveDevice(DeviceSymbol device, DeviceSymbol target, MakeEntry entry, Lookup? lookup)
    {
        if (topology.SharedSegment(device, target) is not null)
        {
            // The gateway is the target's address, on a segment the two share, in the subnet of one of this device's
            // addresses there: the one Linux accepts (any other is "Nexthop has invalid gateway"). None: unreachable (NF3001).
            var gateways = from remote in target.Interfaces
                           where remote.Segment is not null && device.Interfaces.Any(i => ReferenceEquals(i.Segment, remote.Segment))
                           from address in remote.Addresses
                           let exit = InterfaceWhoseSubnetHolds(device, remote.Segment!, address.Address)
                           where exit is not null
                           select entry(target, address.Address, exit, null);
            return gateways.FirstOrDefault();
        }
        if (ReferenceEquals(device.Host, target) || ReferenceEquals(target.Host, device)) return entry(target, null, null, null);
        foreach (var iface in target.Interfaces)
        {
            foreach (var (address, _) in iface.Addresses)
            {
                if (ResolveAddress(device, address, entry, lookup) is { } resolved) return resolved;
            }
        }
        return null;
    }

    private RouteEntry? ResolveAddress(DeviceSymbol device, IpAddress address, MakeEntry entry, Lookup? lookup)
    {
        // Directly attached: the address is on a segment this device has an interface on.
        foreach (var owner in topology.Owners(address))
        {
            if (ReferenceEquals(owner.Device, device)) return null;
            if (owner.Segment is { } segment && device.Interfaces.Any(i => ReferenceEquals(i.Segment, segment)))
            {
                // A router ARPs only for a gateway in the subnet of one of its addresses on the link: Linux refuses
                // any other ("Nexthop has invalid gateway") unless told onlink.
                return InterfaceWhoseSubnetHolds(device, segment, address) is { } local ? entry(owner.Device, address, local, null) : null;
            }
        }
        // Recursively: through another installed route of this device.
        // Never through a default route: a next hop that only "the rest of the world" leads to is a typo far more
        // often than a design (Junos resolves the same way by default).
        if (lookup is null) return null;
        foreach (var via in lookup(device, address))
        {
            if (via.Source == RouteSource.Connected)
            {
                // On an attached subnet, but nobody declared holds the address: a host we do not model.
                return entry(null, address, via.OutInterface, null);
            }
            if (via.NextHop is not null) return entry(via.NextHop, via.NextHopAddress, via.OutInterface, via.Tunnel);
            // Through a route to a gateway nobody declared: the same gateway.
            if (via.NextHopAddress is not null && !via.Drop) return entry(null, via.NextHopAddress, via.OutInterface, null);
        }
        return null;
    }

    /// <summary>The device's interface on <paramref name="segment"/> with an address whose subnet (the innermost range of
    /// the segment that holds it) holds <paramref name="gateway"/>; an address in no range of the segment makes the whole
    /// segment its subnet.</summary>
    private static InterfaceSymbol? InterfaceWhoseSubnetHolds(DeviceSymbol device, SegmentSymbol segment, IpAddress gateway)
    {
        foreach (var iface in device.Interfaces)
        {
            if (!ReferenceEquals(iface.Segment, segment)) continue;
            foreach (var (address, _) in iface.Addresses)
            {
                if (segment.SubnetOf(address)?.Prefix is not { } subnet || subnet.Contains(gateway)) return iface;
            }
        }
        return null;
    }

    private static bool OnSharedSegment(DeviceSymbol device, InterfaceSymbol owner) =>
        owner.Segment is { } segment && device.Interfaces.Any(i => ReferenceEquals(i.Segment, segment));

    private bool HasEndWithoutGateway(TunnelSymbol tunnel) =>
        tunnel.Kind == TunnelKind.Ipsec && tunnel.Endpoints.Any(e => topology.DeviceOf(e) is null);

    private TunnelSymbol? IpInIpTunnel(DeviceSymbol device, DeviceSymbol peer) =>
        topology.Model.Tunnels.FirstOrDefault(t => t.Kind == TunnelKind.IpInIp
            && t.Endpoints.Any(e => ReferenceEquals(topology.DeviceOf(e), device))
            && t.Endpoints.Any(e => ReferenceEquals(topology.DeviceOf(e), peer)));

    /// <summary>The entries of a device's longest non-default prefix that holds an address.</summary>
    private delegate IReadOnlyList<RouteEntry> Lookup(DeviceSymbol device, IpAddress address);

    private delegate RouteEntry MakeEntry(DeviceSymbol? nextHop, IpAddress? address, InterfaceSymbol? outInterface, TunnelSymbol? tunnel);

    private void ReportUnreachable(RouteDeclaration route, bool cyclic)
    {
        var hop = route.NextHop!;
        var device = route.Device;
        var address = hop.Address ?? (hop.Symbol as InterfaceSymbol)?.Addresses.FirstOrDefault().Address
            ?? (hop.Symbol is DeviceSymbol target && topology.SharedSegment(device, target) is var (_, remote) ? remote.Addresses[0].Address : null);
        var problem = hop.Symbol switch
        {
            TunnelSymbol => NextHopProblem.NotTunnelEndpoint,
            DeviceSymbol d when ReferenceEquals(d, device) => NextHopProblem.Itself,
            InterfaceSymbol i when ReferenceEquals(i.Device, device) => NextHopProblem.Itself,
            _ when address is { } a && topology.Owners(a).Any(o => ReferenceEquals(o.Device, device)) => NextHopProblem.OwnAddress,
            _ when address is { } a && topology.Owners(a).Any(o => OnSharedSegment(device, o)) => NextHopProblem.OutsideSubnets,
            _ when cyclic => NextHopProblem.Cycle,
            _ when address is { } a && DeviceRoutes.Select(device, _candidates[device]).Lookup(a) is { Count: > 0 } found && found.All(e => e.Prefix.Length == 0) =>
                NextHopProblem.OnlyDefaultRoute,
            _ => NextHopProblem.NotAttached,
        };
        diagnostics.ReportUnreachableNextHop(route, problem, address);
    }
}
