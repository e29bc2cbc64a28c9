using Netflow.Language.Addressing;
using Netflow.Language.Binding;
using Netflow.Language.Routing;
using Netflow.Language.Text;
using L = Netflow.Language.Binding;
using R = Netflow.Runtime.Image;

namespace Netflow.Compiler.Lowering;

/// <summary>
/// What the image states that the model leaves implicit: the address an endpoint stands for, where a tunnel ends, who
/// installs a service's NAT, what a device listens on, what a route does with a packet. <see cref="ImageCompiler"/>
/// puts these values into rows; this class decides them.
/// </summary>
internal sealed class LoweringRules(Topology topology)
{
    private (List<(SegmentSymbol Segment, SiteSymbol Site)> Parts, Dictionary<InterfaceSymbol, int> PartOf)? _segmentParts;

    /// <summary>
    /// The rows of the segment table: every segment, then each site's part of a segment it has no stretch to (NF2012),
    /// "SEGMENT@SITE": no frame crosses between the parts, so each is an L2 domain of its own.
    /// </summary>
    public IEnumerable<(SegmentSymbol Segment, string Name)> SegmentRows() => topology.Model.Segments.Select(s => (s, s.QualifiedName))
        .Concat(SegmentParts.Parts.Select(p => (p.Segment, $"{p.Segment.QualifiedName}@{p.Site.QualifiedName}")));

    /// <summary>The segment row of an interface on its site's part of another site's segment; null where it is on the segment itself.</summary>
    public int? PartRow(InterfaceSymbol iface) => SegmentParts.PartOf.TryGetValue(iface, out var part) ? topology.Model.Segments.Count + part : null;

    /// <summary>
    /// Whether a route's next device is on the part of the segment the route leaves by: across parts its gateway never
    /// answers ARP, so the route is lowered without a next device (the engine ends its packets NEIGHBOR_UNREACHABLE).
    /// </summary>
    public bool ReachesNextHop(RouteEntry entry)
    {
        if (SegmentParts.PartOf.Count == 0 || entry is not { NextHop: { } next, OutInterface: { Segment: { } segment } exit } || entry.Tunnel is not null) return true;
        var part = PartRow(exit);
        return next.Interfaces.Where(i => ReferenceEquals(i.Segment, segment)).Select(PartRow).DefaultIfEmpty(part).Contains(part);
    }

    private (List<(SegmentSymbol Segment, SiteSymbol Site)> Parts, Dictionary<InterfaceSymbol, int> PartOf) SegmentParts => _segmentParts ??= FindSegmentParts();

    private (List<(SegmentSymbol, SiteSymbol)>, Dictionary<InterfaceSymbol, int>) FindSegmentParts()
    {
        var parts = new List<(SegmentSymbol, SiteSymbol)>();
        var partOf = new Dictionary<InterfaceSymbol, int>(ReferenceEqualityComparer.Instance);
        foreach (var off in new SegmentSites(topology).OffSite)
        {
            int part = parts.IndexOf((off.Segment, off.Site));
            if (part < 0) parts.Add((off.Segment, off.Site));
            partOf[off.Interface] = part < 0 ? parts.Count - 1 : part;
        }
        return (parts, partOf);
    }

    /// <summary>The address an endpoint stands for, and the device that holds it.</summary>
    public (uint? Address, DeviceSymbol? Device) Resolve(Endpoint endpoint)
    {
        switch (endpoint.Symbol)
        {
            case InterfaceSymbol iface when iface.Addresses.Count > 0:
                return (iface.Addresses[0].Address.ToV4(), iface.Device);
            case DeviceSymbol { Kind: L.DeviceKind.Service } service:
                return (service.ServiceAddress?.ToV4(), service);
            case DeviceSymbol device:
                var address = device.Interfaces.SelectMany(i => i.Addresses).Select(a => (IpAddress?)a.Address).FirstOrDefault();
                return (address?.ToV4(), device);
        }
        if (endpoint.Address is { } literal) return (literal.ToV4(), topology.Owners(literal).FirstOrDefault()?.Device);
        return (null, null);
    }

    /// <summary>
    /// How a flow names where it goes (a host name, an address, a device or interface), the address it goes to (the one
    /// written, or the one its device or interface stands for; 0 for a host name) and the device it names, if any.
    /// </summary>
    public (R.FlowDestinationKind Kind, uint Address, DeviceSymbol? Device) Destination(FlowDestination destination) => destination switch
    {
        { HostName: not null } => (R.FlowDestinationKind.HostName, 0, null),
        { Address: { } a } => (R.FlowDestinationKind.Address, a.ToV4(), null),
        { Symbol: { } symbol } => (R.FlowDestinationKind.Device, Resolve(new Endpoint(null, symbol, null, destination.Location)).Address ?? 0,
            (symbol as InterfaceSymbol)?.Device ?? symbol as DeviceSymbol),
        _ => (R.FlowDestinationKind.Device, 0, null),
    };

    /// <summary>The ends of a tunnel that the image has, in order (<see cref="TunnelEnd"/>), each with its tunnel device's address.</summary>
    public List<(Endpoint Endpoint, DeviceSymbol? Device, IpAddress Address, uint TunnelAddress)> TunnelEnds(TunnelSymbol tunnel) =>
        [.. from endpoint in tunnel.Endpoints
            let end = TunnelEnd(tunnel, endpoint)
            where end is not null
            select (endpoint, end.Value.Device, end.Value.Address, end.Value.Device is null ? 0u : TunnelAddress(tunnel, end.Value.Device))];

    /// <summary>
    /// The device a tunnel end is on and its underlay address: the one written, the interface's, or the device's first on a
    /// segment. An IPsec end that no gateway of the tunnel answers at keeps its address with no device: the tunnel is down.
    /// </summary>
    private (DeviceSymbol? Device, IpAddress Address)? TunnelEnd(TunnelSymbol tunnel, Endpoint endpoint)
    {
        var device = topology.DeviceOf(endpoint);
        var holder = topology.HolderOf(endpoint);
        var address = endpoint.Address
            ?? (endpoint.Symbol as InterfaceSymbol)?.Addresses.Select(a => (IpAddress?)a.Address).FirstOrDefault()
            ?? holder?.Interfaces.Where(i => i.Segment is not null).SelectMany(i => i.Addresses).Select(a => (IpAddress?)a.Address).FirstOrDefault();
        if (address is null || (device is null && tunnel.Kind != L.TunnelKind.Ipsec)) return null;
        return (device, address.Value);
    }

    /// <summary>
    /// The address of a tunnel endpoint's tunnel device, or 0. On an IP-in-IP tunnel a worker's tunl0 holds what Calico's
    /// calico-node gives it: the first address of the worker's pod block (the IPAM block affine to the node) that no
    /// interface holds. The block is the innermost cluster-pod range that holds the address of every device placed on
    /// the worker and of none placed on another worker; a worker without guests, or whose guests share their innermost
    /// range with another worker's, has no block and no tunnel address.
    /// </summary>
    public uint TunnelAddress(TunnelSymbol tunnel, DeviceSymbol device)
    {
        if (tunnel.Kind != L.TunnelKind.IpInIp || device.Kind != L.DeviceKind.Worker) return 0;
        var guests = GuestAddresses(d => ReferenceEquals(d, device));
        if (guests.Count == 0) return 0;
        var others = GuestAddresses(d => d is { Kind: L.DeviceKind.Worker } && !ReferenceEquals(d, device));
        var blocks = from range in topology.Model.Ranges
                     where range.Origin == RangeOrigin.ClusterPod && range.Prefix is { } p && guests.All(p.Contains) && !others.Any(p.Contains)
                     orderby range.Prefix!.Value.Length descending
                     select range.Prefix!.Value;
        if (blocks.Select(b => (IpPrefix?)b).FirstOrDefault() is not { } block) return 0;
        for (var address = block.Network; block.Contains(address); address = IpAddress.V4(address.ToV4() + 1))
        {
            if (topology.Owners(address).Count == 0) return address.ToV4();
            if (address == block.Last) break;
        }
        return 0;
    }

    /// <summary>The addresses of the devices placed on hosts that <paramref name="host"/> selects.</summary>
    private List<IpAddress> GuestAddresses(Func<DeviceSymbol, bool> host) =>
        [.. from guest in topology.Model.Devices
            where guest.Host is { } h && host(h)
            from iface in guest.Interfaces
            from address in iface.Addresses
            select address.Address];

    /// <summary>
    /// Every destination NAT rule as the device that applies it holds it, per device in declaration order: a device's
    /// <c>dnat</c> lines; a service's lines and ports on every worker of its cluster, as kube-proxy installs them (the
    /// cluster IP, a load balancer's external address and, on each worker, the worker's own addresses at the node port:
    /// each straight to an endpoint, one translation); a device's <c>proxy</c> lines at each of its addresses.
    /// </summary>
    public IEnumerable<DestinationRule> DestinationRules()
    {
        foreach (var device in topology.Model.Devices)
        {
            var kind = device.Kind == L.DeviceKind.Service ? R.DestinationNatKind.KubeProxy : R.DestinationNatKind.Translate;
            var pods = kind == R.DestinationNatKind.KubeProxy ? PodNetwork(device) : null;
            foreach (var installer in Installers(device))
            {
                foreach (var nat in device.DestinationNats.Where(n => n.Match is not null))
                {
                    yield return new(device, installer, nat.Match!.Value, nat.Port ?? -1, nat.Protocol?.ToRuntime() ?? R.Protocol.Any, Targets(nat.Targets, null), kind, pods, nat.Location);
                }
                foreach (var port in device.ServicePorts)
                {
                    var protocol = (port.Protocol ?? L.Protocol.Tcp).ToRuntime();
                    var targets = Targets(port.Targets, port.Port);
                    foreach (var (address, number) in Fronts(device, installer, port))
                    {
                        yield return new(device, installer, address, number, protocol, targets, kind, pods, port.Location);
                    }
                }
            }
            foreach (var proxy in device.Proxies)
            {
                var targets = Targets(proxy.Targets, proxy.Port);
                foreach (var (address, _) in device.Interfaces.SelectMany(i => i.Addresses))
                {
                    yield return new(device, device, address, proxy.Port, (proxy.Protocol ?? L.Protocol.Tcp).ToRuntime(), targets, R.DestinationNatKind.Proxy, null, proxy.Location);
                }
            }
        }
    }

    /// <summary>
    /// The devices a destination NAT is installed on: a service's on every worker of its cluster (what kube-proxy does),
    /// and nowhere when it is declared outside every cluster (NF2023); any other on its device.
    /// </summary>
    private IReadOnlyList<DeviceSymbol> Installers(DeviceSymbol device) => device.Kind != L.DeviceKind.Service ? [device]
        : topology.Model.ClusterOf(device) is { } cluster ? [.. topology.Model.Workers(cluster)]
        : [];

    /// <summary>
    /// The addresses and ports a service's port is reached at on one worker: its cluster IP, a load balancer's external
    /// address (both on the service port), and the worker's own addresses on the node port.
    /// </summary>
    private static IEnumerable<(IpAddress Address, int Port)> Fronts(DeviceSymbol service, DeviceSymbol worker, ServicePort port)
    {
        if (service.ClusterIp is { } clusterIp) yield return (clusterIp, port.Port);
        if (service is { ServiceType: L.ServiceType.LoadBalancer, LoadBalancerAddress: { } external }) yield return (external, port.Port);
        if (service.ServiceType >= L.ServiceType.NodePort && port.NodePort is { } nodePort)
        {
            foreach (var (address, _) in worker.Interfaces.SelectMany(i => i.Addresses)) yield return (address, nodePort);
        }
    }

    /// <summary>Each endpoint's address, port (its own, else <paramref name="port"/>, else -1: unchanged) and device.</summary>
    private IReadOnlyList<(uint Address, int Port, DeviceSymbol? Device)> Targets(IReadOnlyList<Endpoint> endpoints, int? port) =>
        [.. from target in endpoints
            let resolved = Resolve(target)
            where resolved.Address is not null
            select (resolved.Address!.Value, target.Port ?? port ?? -1, resolved.Device)];

    /// <summary>
    /// The pod network of a service's cluster, which kube-proxy leaves unmasqueraded (its cluster CIDR): the cluster's
    /// outermost cluster-pod range, or, when there are several (one Calico block per worker, as in ICP), the smallest
    /// declared range that holds them all (the pod network they are carved from), so that no worker's pods are masqueraded
    /// (else the first block).
    /// </summary>
    private IpPrefix? PodNetwork(DeviceSymbol service)
    {
        if (topology.Model.ClusterOf(service) is not { } cluster) return null;
        var blocks = topology.Model.Ranges
            .Where(r => r.Origin == RangeOrigin.ClusterPod && topology.Model.ClusterOf(r) == cluster && r.Parent is not { Origin: RangeOrigin.ClusterPod } && r.Prefix is not null)
            .ToList();
        if (blocks.Count <= 1) return blocks.FirstOrDefault()?.Prefix;
        for (var holder = blocks[0].Parent; holder is not null; holder = holder.Parent)
        {
            if (holder.Prefix is { } network && blocks.All(b => network.Contains(b.Prefix!.Value))) return network;
        }
        return blocks[0].Prefix;
    }

    /// <summary>
    /// What each device listens on: its <c>proxy</c> and <c>serves</c> lines, then its kind's defaults: ICMP echo everywhere; DNS on a
    /// DNS server; IKE and NAT-T on a VPN gateway and on every IPsec tunnel endpoint; BGP on a BGP speaker; and a
    /// workload (VM, pod, client) that declares no service serves every port, so that a small network needs no lines.
    /// </summary>
    public IEnumerable<(DeviceSymbol Device, R.Protocol Protocol, int Port, SourceLocation At)> Listeners()
    {
        var ipsecGateways = topology.Model.Tunnels.Where(t => t.Kind == L.TunnelKind.Ipsec)
            .SelectMany(t => t.Endpoints.Select(topology.DeviceOf)).OfType<DeviceSymbol>().ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var device in topology.Model.Devices)
        {
            var at = device.Location;
            foreach (var proxy in device.Proxies) yield return (device, (proxy.Protocol ?? L.Protocol.Tcp).ToRuntime(), proxy.Port, proxy.Location);
            foreach (var served in device.Serves) yield return (device, served.Protocol.ToRuntime(), served.Port ?? -1, served.Location);
            if (device.Serves.Count == 0 && device.Kind is L.DeviceKind.Vm or L.DeviceKind.Pod or L.DeviceKind.Client) yield return (device, R.Protocol.Any, -1, at);
            yield return (device, R.Protocol.Icmp, -1, at);
            if (device.Kind == L.DeviceKind.DnsServer)
            {
                yield return (device, R.Protocol.Udp, 53, at);
                yield return (device, R.Protocol.Tcp, 53, at);
            }
            if (device.Kind == L.DeviceKind.VpnGateway || ipsecGateways.Contains(device))
            {
                yield return (device, R.Protocol.Udp, 500, at);
                yield return (device, R.Protocol.Udp, 4500, at);
            }
            if (device.Bgp is { } bgp) yield return (device, R.Protocol.Tcp, 179, bgp.Location);
        }
    }

    /// <summary>What a route does with a packet it matches.</summary>
    public static R.RouteAction Action(RouteEntry entry) => entry.Source switch
    {
        RouteSource.Local => R.RouteAction.Local,
        RouteSource.Connected => R.RouteAction.Connected,
        RouteSource.Guest => R.RouteAction.Guest,
        _ when entry.Drop => R.RouteAction.Drop,
        // 'route P via OWN-INTERFACE': whoever holds the destination on that segment.
        _ when entry is { NextHop: null, Tunnel: null, OutInterface: not null, NextHopAddress: null } => R.RouteAction.Connected,
        _ => R.RouteAction.Forward,
    };

    /// <summary>What a source NAT rule translates to; a pool translates to its first host address (the network itself for a /31 or /32).</summary>
    public static (R.SourceNatTarget Target, uint Address) Target(SourceNat nat) =>
        nat.ToEgress ? (R.SourceNatTarget.Egress, 0)
        : nat.ToPool is { } pool ? (R.SourceNatTarget.Pool, pool.Prefix is { } p ? p.Network.ToV4() + (p.Length >= 31 ? 0u : 1u) : 0)
        : (R.SourceNatTarget.Address, nat.ToAddress?.ToV4() ?? 0);
}

/// <summary>
/// One destination NAT rule as <see cref="Installer"/> applies it: the destination it matches (port -1: any), the targets
/// it sends to, how (<see cref="Kind"/>), the pod network kube-proxy does not masquerade, and the line that declared it
/// on <see cref="Owner"/>.
/// </summary>
internal sealed record DestinationRule(DeviceSymbol Owner, DeviceSymbol Installer, IpAddress Address, int Port, R.Protocol Protocol,
    IReadOnlyList<(uint Address, int Port, DeviceSymbol? Device)> Targets, R.DestinationNatKind Kind, IpPrefix? Pods, SourceLocation Location);
