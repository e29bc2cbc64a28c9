using Netflow.Language.Addressing;
using Netflow.Language.Binding;
using Netflow.Language.Text;

namespace Netflow.Language.Routing;

/// <summary>Where a route came from; it decides the administrative distance (lower wins).</summary>
public enum RouteSource
{
    /// <summary>A range of a segment the device is attached to.</summary>
    Connected,

    /// <summary>An address the device holds itself.</summary>
    Local,

    /// <summary>An address of a guest placed on this device (a pod on its worker).</summary>
    Guest,

    /// <summary>A <c>route</c> line.</summary>
    Static,

    /// <summary>Learned over a BGP session.</summary>
    Bgp,

    /// <summary>The implicit default route of a guest towards its host.</summary>
    HostDefault,
}

/// <summary>
/// One entry of a device's routing table, resolved: the next device the packet goes to (null when the destination is
/// directly attached or local), the address it is sent to, the interface it leaves by, the tunnel it enters, and the
/// declaration that made it, so that a check or a trace can point back at the line.
/// </summary>
public sealed record RouteEntry(
    DeviceSymbol Device,
    IpPrefix Prefix,
    RouteSource Source,
    DeviceSymbol? NextHop,
    IpAddress? NextHopAddress,
    InterfaceSymbol? OutInterface,
    TunnelSymbol? Tunnel,
    bool Drop,
    SourceLocation Location)
{
    /// <summary>The <c>route</c> line of a static route; its next hop as written may differ from <see cref="NextHop"/>
    /// when it was resolved through another route (an IP-in-IP peer reached through a router, say).</summary>
    public RouteDeclaration? Declaration { get; init; }

    /// <summary>The BGP peer a BGP route was learned from (its next hop may be another device on the way to it).</summary>
    public DeviceSymbol? LearnedFrom { get; init; }

    /// <summary>BGP AS path, nearest AS first; empty for other sources.</summary>
    public IReadOnlyList<long> AsPath { get; init; } = [];

    public int Distance => Source switch
    {
        RouteSource.Connected or RouteSource.Local or RouteSource.Guest => 0,
        RouteSource.Static => 1,
        RouteSource.Bgp => 20,
        _ => 250,
    };

    /// <summary>The destination is on an attached segment, on the device itself, or on a guest: no further router.</summary>
    public bool IsDirect => Source is RouteSource.Connected or RouteSource.Local or RouteSource.Guest;

    /// <summary>A total, deterministic order for entries that tie on everything else: where they were declared.</summary>
    public static int CompareByDeclaration(RouteEntry a, RouteEntry b)
    {
        var byPath = string.CompareOrdinal(a.Location.Path, b.Location.Path);
        if (byPath != 0) return byPath;
        var bySpan = a.Location.Span.Start.CompareTo(b.Location.Span.Start);
        return bySpan != 0 ? bySpan : string.CompareOrdinal(a.Device.QualifiedName, b.Device.QualifiedName);
    }
}
