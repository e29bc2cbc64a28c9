namespace Netflow.Runtime.Engine;

/// <summary>Why a trace ended, as data; <see cref="Rendering.TraceWords"/> says it in words.</summary>
public enum EndKind : byte
{
    /// <summary>A listener on <c>Device</c> accepted the packet (Row: the listener row).</summary>
    Accepted,

    /// <summary><c>Device</c> holds the destination but nothing on it listens on the packet's protocol and port.</summary>
    Refused,

    /// <summary><c>Device</c> holds an outer header's destination (a tunnel address it does not terminate).</summary>
    HeldByDevice,

    NoRoute,
    NullRouted,
    DeliveredToSubnet,

    /// <summary>A tunnel's outer header reached its segment, where no declared device holds its destination.</summary>
    NeighborUnreachable,

    ExitsNetwork,

    /// <summary>The packet came back to <c>Device</c> in the same state.</summary>
    Loop,

    /// <summary>More than <see cref="ForwardingEngine.MaxHops"/> hops.</summary>
    HopLimit,

    /// <summary><c>Device</c> would enter tunnel <c>Row</c> again (or nest too deep).</summary>
    EncapsulationLoop,

    /// <summary>No DNS record for the host name (<c>Device</c>: the resolver asked, or -1).</summary>
    NoDnsRecord,

    /// <summary>The DNS query to the resolver <c>Device</c>, or its answer, did not get through.</summary>
    DnsUnreachable,

    /// <summary>Tunnel <c>Row</c> is down: its gateways do not reach each other on IKE and NAT-T.</summary>
    TunnelDown,

    /// <summary>
    /// Host <c>Device</c> is no VTEP of a VXLAN transport shared with the other host, so it cannot carry the VXLAN
    /// segment <c>Row</c> (the frame is for <c>Address</c>).
    /// </summary>
    NoVxlanTransport,

    /// <summary>
    /// <c>Device</c> routes the packet into IPsec tunnel <c>Row</c>, but its source or destination <c>Address</c> is
    /// outside the tunnel's traffic selectors: no CHILD_SA covers it, so it is not encrypted and is dropped.
    /// </summary>
    OutsideSelectors,
}

/// <summary>
/// How and where a trace ended: the device, the address in question (the destination without a route, say), the row
/// of the table that decided it (route, tunnel, listener), and for DNS the host name.
/// </summary>
public readonly record struct TraceEnd(EndKind Kind, int Device, uint Address = 0, int Row = -1)
{
    public string? HostName { get; init; }
}
