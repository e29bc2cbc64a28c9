namespace Netflow.Runtime.Image;

// The closed vocabularies of the table image, stored as bytes. Their numeric values are part of the format
// (docs/table-image.md): append new members, never renumber.

public enum DeviceKind : byte
{
    Router, EdgeGateway, LogicalRouter, Host, Vm, Worker, Pod, Service, LoadBalancer, VpnGateway, L2Concentrator, DnsServer, Client,
}

public enum SegmentKind : byte { Vlan, Vxlan, Subnet, Stretched, Link }

/// <summary>What a route does with a packet it matches.</summary>
public enum RouteAction : byte
{
    /// <summary>The destination is an address of this device.</summary>
    Local,

    /// <summary>The destination is on an attached segment: deliver to whoever holds it there.</summary>
    Connected,

    /// <summary>The destination is a guest of this device (a pod on its worker).</summary>
    Guest,

    /// <summary>Send to the next-hop device (or into the route's tunnel).</summary>
    Forward,

    /// <summary>A null route.</summary>
    Drop,
}

/// <summary>Where a route came from: an interface, an own or guest address, a <c>route</c> line, a BGP peer, a guest's host.</summary>
public enum RouteOrigin : byte { Connected, Local, Guest, Static, Bgp, HostDefault }

public enum TunnelKind : byte { Vxlan, IpInIp, Ipsec, L2 }

public enum TunnelMode : byte { Always, CrossSubnet }

public enum Protocol : byte { Tcp, Udp, Icmp, Any = 255 }

public enum SourceNatTarget : byte { Address, Pool, Egress }

/// <summary>What a destination NAT row does with a connection to its address and port.</summary>
public enum DestinationNatKind : byte
{
    /// <summary>A <c>dnat</c> line: the destination is rewritten.</summary>
    Translate,

    /// <summary>
    /// kube-proxy's rule for a service (installed on every worker of its cluster): rewritten to an endpoint, and the source
    /// masqueraded to the node's address unless it is in the cluster's pod network.
    /// </summary>
    KubeProxy,

    /// <summary>A <c>proxy</c> line: the device accepts the connection and opens a new one of its own to a target.</summary>
    Proxy,
}

/// <summary>How a trace ends, in Batfish's vocabulary.</summary>
public enum Disposition : byte
{
    Accepted, DeliveredToSubnet, ExitsNetwork, NoRoute, NullRouted, NeighborUnreachable, Loop, InsufficientInfo, DeniedIn,
}

public enum WaypointKind : byte { Device, Dns, SourceNat, DestinationNat, Encapsulation, NeverEncapsulation, BgpRoute, Proxy }

public enum FlowDestinationKind : byte { HostName, Address, Device }
