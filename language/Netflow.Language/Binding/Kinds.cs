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

    public static readonly IReadOnlyDictionary<string, DeviceKind> DeviceKinds = new Dictionary<string, DeviceKind>
    {
        ["router"] = DeviceKind.Router, ["edge-gateway"] = DeviceKind.EdgeGateway, ["logical-router"] = DeviceKind.LogicalRouter,
        ["host"] = DeviceKind.Host, ["vm"] = DeviceKind.Vm, ["worker"] = DeviceKind.Worker, ["pod"] = DeviceKind.Pod,
        ["service"] = DeviceKind.Service, ["load-balancer"] = DeviceKind.LoadBalancer, ["vpn-gateway"] = DeviceKind.VpnGateway,
        ["l2-concentrator"] = DeviceKind.L2Concentrator, ["dns-server"] = DeviceKind.DnsServer, ["client"] = DeviceKind.Client,
    };

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

    /// <summary>The keyword of a device kind, for messages ("a load-balancer").</summary>
    public static string Spell(DeviceKind kind) => DeviceKinds.First(p => p.Value == kind).Key;
}
