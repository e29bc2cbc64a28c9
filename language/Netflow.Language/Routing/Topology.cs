using Netflow.Language.Addressing;
using Netflow.Language.Binding;
using QuikGraph;

namespace Netflow.Language.Routing;

/// <summary>
/// The layer-3 adjacency of the network as a QuikGraph graph: devices and segments are vertices, an interface on a
/// segment is an edge between them, a device placed on another with an interface on no segment (a pod, an ALB, a VPN
/// container) is an edge to its host, and an IPsec or L2 tunnel is an edge between its endpoints. Which device owns
/// which address is indexed here too, since every later phase asks.
/// </summary>
public sealed class Topology
{
    private readonly Dictionary<IpAddress, List<InterfaceSymbol>> _owners = [];
    private readonly Dictionary<SegmentSymbol, List<InterfaceSymbol>> _attachments = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<IpAddress, DeviceSymbol> _natTargets = [];
    private readonly Dictionary<Endpoint, DeviceSymbol?> _ipsecGateways = new(ReferenceEqualityComparer.Instance);

    private readonly Lazy<UndirectedGraph<TopologyNode, TopologyEdge>> _graph;
    private readonly HashSet<DeviceSymbol> _linked = new(ReferenceEqualityComparer.Instance);

    public Topology(NetworkModel model)
    {
        Model = model;
        foreach (var device in model.Devices)
        {
            foreach (var iface in device.Interfaces)
            {
                foreach (var (address, _) in iface.Addresses)
                {
                    if (!_owners.TryGetValue(address, out var list)) _owners[address] = list = [];
                    list.Add(iface);
                }
                if (iface.Segment is { } segment)
                {
                    if (!_attachments.TryGetValue(segment, out var attached)) _attachments[segment] = attached = [];
                    attached.Add(iface);
                    _linked.Add(device);
                }
            }
            foreach (var nat in device.DestinationNats)
            {
                var target = nat.Targets.FirstOrDefault()?.Symbol switch
                {
                    DeviceSymbol d => d,
                    InterfaceSymbol i => i.Device,
                    _ => null,
                };
                if (nat.Match is { } match && target is not null) _natTargets.TryAdd(match, target);
            }
            if (IsGuestLink(device))
            {
                _linked.Add(device);
                _linked.Add(device.Host!);
            }
        }
        foreach (var tunnel in model.Tunnels.Where(t => t.Kind == TunnelKind.Ipsec))
        {
            foreach (var end in tunnel.Endpoints) _ipsecGateways[end] = HolderOf(end) is { } d && RunsIpsec(d, tunnel) ? d : null;
        }
        foreach (var tunnel in model.Tunnels.Where(IsLink))
        {
            foreach (var end in tunnel.Endpoints.Select(DeviceOf).OfType<DeviceSymbol>()) _linked.Add(end);
        }
        // The graph is built only when a search needs it: most checks use the indexes above.
        _graph = new Lazy<UndirectedGraph<TopologyNode, TopologyEdge>>(BuildGraph);
    }

    public NetworkModel Model { get; }

    public UndirectedGraph<TopologyNode, TopologyEdge> Graph => _graph.Value;

    /// <summary>Whether anything links the device to the rest of the network: a segment, its host or guests, a tunnel.</summary>
    public bool IsLinked(DeviceSymbol device) => _linked.Contains(device);

    private static bool IsGuestLink(DeviceSymbol device) => device.Host is not null && device.Interfaces.Any(i => i.Segment is null);

    private static bool IsLink(TunnelSymbol tunnel) => tunnel.Kind is TunnelKind.Ipsec or TunnelKind.L2;

    private UndirectedGraph<TopologyNode, TopologyEdge> BuildGraph()
    {
        var graph = new UndirectedGraph<TopologyNode, TopologyEdge>(allowParallelEdges: true);
        foreach (var segment in Model.Segments) graph.AddVertex(new TopologyNode(segment));
        foreach (var device in Model.Devices)
        {
            graph.AddVertex(new TopologyNode(device));
            foreach (var iface in device.Interfaces)
            {
                if (iface.Segment is { } segment) graph.AddEdge(new TopologyEdge(new TopologyNode(device), new TopologyNode(segment), iface, null));
            }
        }
        foreach (var device in Model.Devices.Where(IsGuestLink))
        {
            graph.AddEdge(new TopologyEdge(new TopologyNode(device), new TopologyNode(device.Host!), null, null));
        }
        foreach (var tunnel in Model.Tunnels.Where(IsLink))
        {
            var ends = tunnel.Endpoints.Select(DeviceOf).OfType<DeviceSymbol>().Distinct().ToList();
            for (var i = 1; i < ends.Count; i++)
            {
                graph.AddEdge(new TopologyEdge(new TopologyNode(ends[0]), new TopologyNode(ends[i]), null, tunnel));
            }
        }
        return graph;
    }

    /// <summary>The interfaces attached to a segment.</summary>
    public IReadOnlyList<InterfaceSymbol> Attached(SegmentSymbol segment) =>
        _attachments.TryGetValue(segment, out var list) ? list : [];

    /// <summary>The interfaces that hold an address.</summary>
    public IReadOnlyList<InterfaceSymbol> Owners(IpAddress address) =>
        _owners.TryGetValue(address, out var list) ? list : [];

    public IEnumerable<KeyValuePair<IpAddress, List<InterfaceSymbol>>> AllAddresses => _owners;

    /// <summary>
    /// The device an endpoint names: the device itself, an interface's device, or for an address, the device a
    /// destination NAT on that address forwards to (a VPN container behind its load-balancer service), else its holder.
    /// An IPsec tunnel's end is that device only when it runs the tunnel's IPsec (<see cref="RunsIpsec"/>): any other
    /// answers IKE with a port unreachable, so the end has no device and the tunnel is down (NF3040, NF3041).
    /// </summary>
    public DeviceSymbol? DeviceOf(Endpoint endpoint) =>
        _ipsecGateways.TryGetValue(endpoint, out var gateway) ? gateway : HolderOf(endpoint);

    /// <summary>The device an endpoint names, whether or not it runs what the endpoint's tunnel needs.</summary>
    public DeviceSymbol? HolderOf(Endpoint endpoint) => endpoint.Symbol switch
    {
        DeviceSymbol device => device,
        InterfaceSymbol iface => iface.Device,
        _ when endpoint.Address is { } address => NatTargetOf(address) ?? (Owners(address) is [var first, ..] ? first.Device : null),
        _ => null,
    };

    public DeviceSymbol? NatTargetOf(IpAddress address) => _natTargets.GetValueOrDefault(address);

    /// <summary>
    /// Whether a device runs an IPsec gateway for the tunnel: a VPN gateway (strongSwan), an edge gateway (the NSX ESG)
    /// or a router, or any other device that routes something into the tunnel. A worker, VM, host or load balancer that
    /// merely holds the address (or receives it by DNAT) does not.
    /// </summary>
    public static bool RunsIpsec(DeviceSymbol device, TunnelSymbol tunnel) =>
        device.Kind is DeviceKind.VpnGateway or DeviceKind.EdgeGateway or DeviceKind.Router
        || device.Routes.Any(r => ReferenceEquals(r.NextHop?.Symbol, tunnel));

    /// <summary>An address of <paramref name="device"/> on a segment it shares with <paramref name="from"/>, if any.</summary>
    public (InterfaceSymbol Local, InterfaceSymbol Remote)? SharedSegment(DeviceSymbol from, DeviceSymbol device)
    {
        foreach (var local in from.Interfaces)
        {
            if (local.Segment is null) continue;
            foreach (var remote in device.Interfaces)
            {
                if (ReferenceEquals(remote.Segment, local.Segment) && remote.Addresses.Count > 0) return (local, remote);
            }
        }
        return null;
    }
}

/// <summary>A vertex of the topology: a device or a segment.</summary>
public readonly record struct TopologyNode(Symbol Symbol)
{
    public DeviceSymbol? Device => Symbol as DeviceSymbol;
    public SegmentSymbol? Segment => Symbol as SegmentSymbol;

    public bool Equals(TopologyNode other) => ReferenceEquals(Symbol, other.Symbol);

    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Symbol);
}

/// <summary>An adjacency: an interface on a segment, a guest on its host, or a tunnel between its endpoints.</summary>
public sealed class TopologyEdge(TopologyNode source, TopologyNode target, InterfaceSymbol? iface, TunnelSymbol? tunnel)
    : IEdge<TopologyNode>
{
    public TopologyNode Source { get; } = source;
    public TopologyNode Target { get; } = target;
    public InterfaceSymbol? Interface { get; } = iface;
    public TunnelSymbol? Tunnel { get; } = tunnel;
}
