namespace Netflow.Language.Binding;

// The closed vocabularies of the language. Each enum maps one-to-one to the keywords in docs/language.md.

public enum RangeOrigin { ProviderPublic, ProviderPrivate, Enterprise, ClusterPod, ClusterService, Internet }

public enum SegmentKind { Vlan, Vxlan, Subnet, Stretched, Link }

public enum DeviceKind
{
    Router, EdgeGateway, LogicalRouter, Host, Vm, Worker, Pod, Service, LoadBalancer, VpnGateway, L2Concentrator, DnsServer, Client,
}

public enum TunnelKind { Vxlan, IpInIp, Ipsec, L2 }

public enum TunnelMode { Always, CrossSubnet }

public enum Protocol { Tcp, Udp, Icmp }

/// <summary>How a trace ends, in Batfish's vocabulary.</summary>
public enum Disposition { Accepted, DeliveredToSubnet, ExitsNetwork, NoRoute, NullRouted, NeighborUnreachable, Loop, InsufficientInfo, DeniedIn }

public enum Encapsulation { Vxlan, IpInIp, Ipsec, L2Tunnel }

/// <summary>A Kubernetes service's type: each one also has what the one before it has (a node port has a cluster IP).</summary>
public enum ServiceType { ClusterIp, NodePort, LoadBalancer }

/// <summary>Keyword spellings of the vocabularies, in one place.</summary>
public static class Keywords
{
    public static readonly IReadOnlyDictionary<string, RangeOrigin> Origins = new Dictionary<string, RangeOrigin>
    {
        ["provider-public"] = RangeOrigin.ProviderPublic, ["provider-private"] = RangeOrigin.ProviderPrivate,
        ["enterprise"] = RangeOrigin.Enterprise, ["byoip"] = RangeOrigin.Enterprise, ["cluster-pod"] = RangeOrigin.ClusterPod,
        ["cluster-service"] = RangeOrigin.ClusterService, ["internet"] = RangeOrigin.Internet,
    };

    public static readonly IReadOnlyDictionary<string, SegmentKind> SegmentKinds = new Dictionary<string, SegmentKind>
    {
        ["vlan"] = SegmentKind.Vlan, ["vxlan"] = SegmentKind.Vxlan, ["subnet"] = SegmentKind.Subnet,
        ["stretched"] = SegmentKind.Stretched, ["link"] = SegmentKind.Link,
    };

    /// <summary>Each device kind's facts, in the order docs/language.md lists them (DeviceKindsTests holds the two together).</summary>
    public static readonly IReadOnlyList<DeviceKindFacts> Devices =
    [
        new("router", DeviceKind.Router, []),
        new("edge-gateway", DeviceKind.EdgeGateway, [DeviceKind.Host]),
        new("logical-router", DeviceKind.LogicalRouter, [DeviceKind.Host]),
        new("host", DeviceKind.Host, []),
        new("vm", DeviceKind.Vm, [DeviceKind.Host], MustBePlaced: true),
        new("worker", DeviceKind.Worker, [DeviceKind.Host]),
        new("pod", DeviceKind.Pod, [DeviceKind.Worker], MustBePlaced: true),
        new("service", DeviceKind.Service, []),
        new("load-balancer", DeviceKind.LoadBalancer, [DeviceKind.Worker, DeviceKind.Host]),
        new("vpn-gateway", DeviceKind.VpnGateway, [DeviceKind.Worker, DeviceKind.Host]),
        new("l2-concentrator", DeviceKind.L2Concentrator, [DeviceKind.Host]),
        new("dns-server", DeviceKind.DnsServer, [DeviceKind.Host, DeviceKind.Worker]),
        new("client", DeviceKind.Client, []),
    ];

    public static readonly IReadOnlyDictionary<string, DeviceKind> DeviceKinds = Devices.ToDictionary(d => d.Keyword, d => d.Kind);

    /// <summary>The facts of one device kind.</summary>
    public static DeviceKindFacts Of(DeviceKind kind) => Devices.First(d => d.Kind == kind);

    public static readonly IReadOnlyDictionary<string, TunnelKind> TunnelKinds = new Dictionary<string, TunnelKind>
    {
        ["vxlan"] = TunnelKind.Vxlan, ["ip-in-ip"] = TunnelKind.IpInIp, ["ipsec"] = TunnelKind.Ipsec, ["l2"] = TunnelKind.L2,
    };

    public static readonly IReadOnlyDictionary<string, TunnelMode> TunnelModes = new Dictionary<string, TunnelMode>
    {
        ["always"] = TunnelMode.Always, ["cross-subnet"] = TunnelMode.CrossSubnet,
    };

    public static readonly IReadOnlyDictionary<string, Protocol> Protocols = new Dictionary<string, Protocol>
    {
        ["tcp"] = Protocol.Tcp, ["udp"] = Protocol.Udp, ["icmp"] = Protocol.Icmp,
    };

    public static readonly IReadOnlyDictionary<string, Disposition> Dispositions = new Dictionary<string, Disposition>
    {
        ["accepted"] = Disposition.Accepted, ["delivered-to-subnet"] = Disposition.DeliveredToSubnet,
        ["exits-network"] = Disposition.ExitsNetwork, ["no-route"] = Disposition.NoRoute, ["null-routed"] = Disposition.NullRouted,
        ["neighbor-unreachable"] = Disposition.NeighborUnreachable, ["loop"] = Disposition.Loop,
        ["insufficient-info"] = Disposition.InsufficientInfo, ["denied-in"] = Disposition.DeniedIn,
    };

    public static readonly IReadOnlyDictionary<string, Encapsulation> Encapsulations = new Dictionary<string, Encapsulation>
    {
        ["vxlan"] = Encapsulation.Vxlan, ["ip-in-ip"] = Encapsulation.IpInIp, ["ipsec"] = Encapsulation.Ipsec,
        ["l2-tunnel"] = Encapsulation.L2Tunnel,
    };

    public static readonly IReadOnlyDictionary<string, ServiceType> ServiceTypes = new Dictionary<string, ServiceType>
    {
        ["cluster-ip"] = ServiceType.ClusterIp, ["node-port"] = ServiceType.NodePort, ["load-balancer"] = ServiceType.LoadBalancer,
    };

    /// <summary>The words a flow step names facts with (<c>step dns</c>, ...); any other word names a device or an encapsulation.</summary>
    public static readonly IReadOnlyDictionary<string, WaypointKind> StepFacts = new Dictionary<string, WaypointKind>
    {
        ["dns"] = WaypointKind.Dns, ["snat"] = WaypointKind.SourceNat, ["dnat"] = WaypointKind.DestinationNat, ["bgp"] = WaypointKind.BgpRoute,
        ["proxy"] = WaypointKind.Proxy,
    };

    /// <summary>The keyword of a device kind, for messages ("a load-balancer").</summary>
    public static string Spell(DeviceKind kind) => Of(kind).Keyword;

    /// <summary>The keyword of a service type.</summary>
    public static string Spell(ServiceType type) => ServiceTypes.First(t => t.Value == type).Key;
}

/// <summary>
/// What the language knows about a device kind: its keyword, the kinds it may be placed on (none: it runs on its own),
/// and whether it must be placed (a pod needs its worker, a VM its hypervisor).
/// </summary>
public sealed record DeviceKindFacts(string Keyword, DeviceKind Kind, IReadOnlyList<DeviceKind> Hosts, bool MustBePlaced = false);
