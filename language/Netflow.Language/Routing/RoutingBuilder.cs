using Netflow.Language.Addressing;
using Netflow.Language.Binding;
using Netflow.Language.Diagnostics;

namespace Netflow.Language.Routing;

/// <summary>
/// Computes every device's routing table: connected and local routes from interfaces, guest routes between a host and
/// what runs on it, static routes with their next hops resolved (recursively through other routes where the next hop
/// is not directly attached), and BGP routes from a path-vector computation run to a fixed point. Static routes whose
/// next hop cannot be resolved are reported (NF3001) and not installed; so are BGP sessions between peers that cannot
/// reach each other (NF3003).
/// </summary>
public sealed class RoutingBuilder(Topology topology, DiagnosticBag diagnostics)
{
    private const int MaxRecursion = 64;

    private readonly Dictionary<DeviceSymbol, List<RouteEntry>> _candidates = new(ReferenceEqualityComparer.Instance);

    public IReadOnlyDictionary<DeviceSymbol, DeviceRoutes> Build()
    {
        var devices = topology.Model.Devices;
        foreach (var device in devices) _candidates[device] = [];
        foreach (var device in devices) AddDirectRoutes(device);

        // Next hops that are attached, tunnels or hosts resolve at once and never change.
        var recursive = new List<RouteDeclaration>();
        foreach (var route in devices.SelectMany(d => d.Routes))
        {
            if (TryResolve(route, tables: null) is { } entry) _candidates[route.Device].Add(entry);
            else recursive.Add(route);
        }
        var (resolved, unsettled) = ResolveRecursively(recursive);
        foreach (var (route, entry) in resolved)
        {
            if (entry is not null) _candidates[route.Device].Add(entry);
            else ReportUnreachable(route, settled: !unsettled.Contains(route.Device));
        }

        if (devices.Any(d => d.Peers.Count > 0)) new BgpSolver(topology, Snapshot(), diagnostics).Solve(_candidates);
        return Snapshot();
    }

    /// <summary>
    /// Next hops reached only through other routes, resolved to a fixed point: every round resolves every such route
    /// against the tables the previous round produced, until no next hop changes. The result does not depend on the
    /// order the routes were written in, and chains of up to <see cref="MaxRecursion"/> routes resolve. When the limit stops
    /// the rounds first, the devices whose routes still changed are unsettled: their unresolved routes depend on each other
    /// in a cycle or on a longer chain, and none of them is installed, whatever the number of rounds happened to be.
    /// </summary>
    private (Dictionary<RouteDeclaration, RouteEntry?> Resolved, HashSet<DeviceSymbol> Unsettled) ResolveRecursively(List<RouteDeclaration> routes)
    {
        var previous = new Dictionary<RouteDeclaration, RouteEntry?>(ReferenceEqualityComparer.Instance);
        foreach (var route in routes) previous[route] = null;
        for (var round = 0; round < MaxRecursion && routes.Count > 0; round++)
        {
            var tables = new Dictionary<DeviceSymbol, DeviceRoutes>(ReferenceEqualityComparer.Instance);
            DeviceRoutes TableOf(DeviceSymbol device)
            {
                if (tables.TryGetValue(device, out var table)) return table;
                var entries = _candidates[device].Concat(device.Routes.Select(r => previous.GetValueOrDefault(r)).OfType<RouteEntry>()).ToList();
                return tables[device] = DeviceRoutes.Select(device, entries);
            }
            var current = new Dictionary<RouteDeclaration, RouteEntry?>(ReferenceEqualityComparer.Instance);
            var changed = false;
            foreach (var route in routes)
            {
                var entry = TryResolve(route, TableOf);
                current[route] = entry;
                changed |= !SameHop(entry, previous[route]);
            }
            if (!changed) return (current, []);
            if (round == MaxRecursion - 1)
            {
                var unsettled = new HashSet<DeviceSymbol>(ReferenceEqualityComparer.Instance);
                foreach (var route in routes)
                {
                    if (SameHop(current[route], previous[route])) continue;
                    current[route] = null;
                    unsettled.Add(route.Device);
                }
                return (current, unsettled);
            }
            previous = current;
        }
        return (previous, []);
    }

    private static bool SameHop(RouteEntry? a, RouteEntry? b) =>
        a is null ? b is null
            : b is not null && ReferenceEquals(a.NextHop, b.NextHop) && ReferenceEquals(a.Tunnel, b.Tunnel) && ReferenceEquals(a.OutInterface, b.OutInterface);

    private Dictionary<DeviceSymbol, DeviceRoutes> Snapshot()
    {
        var tables = new Dictionary<DeviceSymbol, DeviceRoutes>(ReferenceEqualityComparer.Instance);
        foreach (var (device, candidates) in _candidates) tables[device] = DeviceRoutes.Select(device, candidates);
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

    /// <summary>Resolves a route's next hop; <paramref name="tables"/> null allows only what needs no other route.</summary>
    private RouteEntry? TryResolve(RouteDeclaration route, Func<DeviceSymbol, DeviceRoutes>? tables)
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
                return ends.Contains(device) && other is not null ? Entry(other, null, null, tunnel) : null;
            case DeviceSymbol target when ReferenceEquals(target, device):
                return null; // a route to itself goes nowhere; reported as unreachable
            case DeviceSymbol target:
                return ResolveDevice(device, target, Entry, tables);
            case InterfaceSymbol remote:
                return remote.Addresses.Count > 0 ? ResolveAddress(device, remote.Addresses[0].Address, Entry, tables) : null;
        }
        return hop.Address is { } addressHop ? ResolveAddress(device, addressHop, Entry, tables) : null;
    }

    private RouteEntry? ResolveDevice(DeviceSymbol device, DeviceSymbol target, MakeEntry entry, Func<DeviceSymbol, DeviceRoutes>? tables)
    {
        if (topology.SharedSegment(device, target) is var (local, remote))
        {
            return entry(target, remote.Addresses[0].Address, local, null);
        }
        if (ReferenceEquals(device.Host, target) || ReferenceEquals(target.Host, device)) return entry(target, null, null, null);
        foreach (var iface in target.Interfaces)
        {
            foreach (var (address, _) in iface.Addresses)
            {
                if (ResolveAddress(device, address, entry, tables) is { } resolved) return resolved;
            }
        }
        return null;
    }

    private RouteEntry? ResolveAddress(DeviceSymbol device, IpAddress address, MakeEntry entry, Func<DeviceSymbol, DeviceRoutes>? tables)
    {
        // Directly attached: the address is on a segment this device has an interface on.
        foreach (var owner in topology.Owners(address))
        {
            if (ReferenceEquals(owner.Device, device)) return null;
            if (owner.Segment is { } segment && device.Interfaces.FirstOrDefault(i => ReferenceEquals(i.Segment, segment)) is { } local)
            {
                return entry(owner.Device, address, local, null);
            }
        }
        // Recursively: through another installed route of this device.
        if (tables is null) return null;
        var routes = tables(device);
        // Never through a default route: a next hop that only "the rest of the world" leads to is a typo far more
        // often than a design (Junos resolves the same way by default).
        foreach (var via in routes.Lookup(address).Where(e => e.Prefix.Length > 0))
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

    private TunnelSymbol? IpInIpTunnel(DeviceSymbol device, DeviceSymbol peer) =>
        topology.Model.Tunnels.FirstOrDefault(t => t.Kind == TunnelKind.IpInIp
            && t.Endpoints.Any(e => ReferenceEquals(topology.DeviceOf(e), device))
            && t.Endpoints.Any(e => ReferenceEquals(topology.DeviceOf(e), peer)));

    private delegate RouteEntry MakeEntry(DeviceSymbol? nextHop, IpAddress? address, InterfaceSymbol? outInterface, TunnelSymbol? tunnel);

    private void ReportUnreachable(RouteDeclaration route, bool settled)
    {
        var hop = route.NextHop!;
        var device = route.Device;
        var address = hop.Address ?? (hop.Symbol as InterfaceSymbol)?.Addresses.FirstOrDefault().Address;
        var problem = hop.Symbol switch
        {
            TunnelSymbol => NextHopProblem.NotTunnelEndpoint,
            DeviceSymbol d when ReferenceEquals(d, device) => NextHopProblem.Itself,
            InterfaceSymbol i when ReferenceEquals(i.Device, device) => NextHopProblem.Itself,
            _ when address is { } a && topology.Owners(a).Any(o => ReferenceEquals(o.Device, device)) => NextHopProblem.OwnAddress,
            _ when !settled => NextHopProblem.Unsettled,
            _ when address is { } a && DeviceRoutes.Select(device, _candidates[device]).Lookup(a) is { Count: > 0 } found && found.All(e => e.Prefix.Length == 0) =>
                NextHopProblem.OnlyDefaultRoute,
            _ => NextHopProblem.NotAttached,
        };
        diagnostics.ReportUnreachableNextHop(route, problem, address, MaxRecursion);
    }
}
