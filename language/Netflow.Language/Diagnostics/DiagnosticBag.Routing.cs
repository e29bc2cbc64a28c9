using Netflow.Language.Addressing;
using Netflow.Language.Binding;
using Netflow.Language.Routing;
using Netflow.Language.Text;

namespace Netflow.Language.Diagnostics;

/// <summary>Why a route's next hop cannot be reached (NF3001).</summary>
public enum NextHopProblem
{
    /// <summary>The next hop is a tunnel the device is not an end of.</summary>
    NotTunnelEndpoint,

    /// <summary>The next hop is the device itself, or one of its interfaces.</summary>
    Itself,

    /// <summary>The next hop's address is one of the device's own.</summary>
    OwnAddress,

    /// <summary>The routes that would lead to it are themselves reached only through it: a cycle of next hops.</summary>
    Cycle,

    /// <summary>Only the default route leads to it.</summary>
    OnlyDefaultRoute,

    /// <summary>It is on none of the device's segments and no route leads to it.</summary>
    NotAttached,
}

// NF3xxx: routing.
public sealed partial class DiagnosticBag
{
    /// <summary>
    /// NF3001 at the next hop of <paramref name="route"/>; <paramref name="address"/> is the next hop's address where the
    /// problem names it.
    /// </summary>
    public void ReportUnreachableNextHop(RouteDeclaration route, NextHopProblem problem, IpAddress? address)
    {
        var hop = route.NextHop!;
        var device = route.Device.Name;
        var why = problem switch
        {
            NextHopProblem.NotTunnelEndpoint => $"'{device}' is not an endpoint of tunnel '{hop.Symbol!.Name}'",
            NextHopProblem.Itself => $"that is '{device}' itself",
            NextHopProblem.OwnAddress => $"{address} is an address of '{device}' itself",
            NextHopProblem.Cycle =>
                $"the routes of '{device}' that lead to it have next hops reached in turn only through this route: a cycle of next hops, none of which resolves",
            NextHopProblem.OnlyDefaultRoute => $"only the default route of '{device}' leads to it, and a next hop is never resolved through the default route",
            _ => $"it is not on a segment '{device}' is attached to, and no other route of '{device}' leads to it",
        };
        Report(DiagnosticDescriptors.UnreachableNextHop, hop.Location, route.Destination, route.Device.QualifiedName, hop, why);
    }

    /// <summary>NF3002: <paramref name="failure"/> is what the underlay walk from <paramref name="from"/> to <paramref name="to"/> ran into.</summary>
    public void ReportTunnelEndpointsUnreachable(TunnelSymbol tunnel, DeviceSymbol from, DeviceSymbol to, string failure) =>
        Report(DiagnosticDescriptors.TunnelEndpointsUnreachable, tunnel.Location, from.QualifiedName, to.QualifiedName, tunnel.Name, failure);

    /// <summary>NF3003 at <paramref name="first"/>: the session of the two lines cannot come up, for <paramref name="failure"/>.</summary>
    public void ReportBgpSessionDown(BgpPeering first, BgpPeering second, BgpPathFailure failure)
    {
        var (device, peer) = (first.Device.QualifiedName, first.Peer.QualifiedName);
        var at = failure.At?.QualifiedName;
        var packet = $"tcp/179 from {failure.Source} to {failure.Destination}";
        var (why, fix) = failure.Problem switch
        {
            BgpPathProblem.NoAddress when failure.Subject is { } segment => (
                $"'{at}' holds no address on '{segment.QualifiedName}', the segment the two share",
                $"Give the interface of '{at}' on '{segment.QualifiedName}' an address, or name the peer's address in the 'bgp peer' line."),
            BgpPathProblem.NoAddress => ($"'{at}' holds no address", $"Give '{at}' an interface with an address."),
            BgpPathProblem.NoRoute => ($"{packet} finds no route on '{at}'", $"Add a route toward {failure.Destination} on '{at}', or put the peers on a common segment."),
            BgpPathProblem.Refused => ($"'{at}' refuses {packet}: nothing listens there", $"Peer with an address of the BGP speaker itself."),
            BgpPathProblem.Looped => ($"{packet} loops (at '{at}')", "Fix the routes toward the peer's address (see NF3004)."),
            BgpPathProblem.TunnelDown => ($"{packet} enters tunnel '{failure.Subject?.QualifiedName}' at '{at}', which is down",
                "Let the tunnel's endpoints reach each other (see NF3002)."),
            BgpPathProblem.NullRouted => ($"{packet} is dropped by a null route on '{at}'", $"Route {failure.Destination} on '{at}' instead of dropping it."),
            BgpPathProblem.NeighborUnreachable => ($"{packet} cannot be handed to its next hop at '{at}'", $"Fix the next hop toward {failure.Destination} on '{at}'."),
            BgpPathProblem.LeavesNetwork => ($"{packet} leaves the network at '{at}'", $"Add a route toward {failure.Destination} on '{at}'."),
            BgpPathProblem.AcceptedElsewhere => ($"{packet} is accepted by '{at}', not by the peer", "Peer with an address the peer itself holds."),
            BgpPathProblem.ReplyLost => ($"{packet} arrives, but the reply does not come back (it stops at '{at}')", $"Add the route back on '{at}'."),
            _ => ($"{packet} gets through only over routes learned over this session itself (at '{at}')",
                "Give the peers a path that does not depend on the session: a common segment or static routes."),
        };
        Report(DiagnosticDescriptors.BgpSessionDown, first.Location, [new RelatedLocation(second.Location, $"the session's other end, on '{second.Device.Name}'")],
            device, peer, why, fix);
    }

    /// <summary>
    /// NF3004 at the first route of the loop: <paramref name="hops"/> in order, each device with the route that sent the
    /// packet on (null where none did, a switch say), at least one with a route; <paramref name="example"/> loops.
    /// </summary>
    public void ReportForwardingLoop(IReadOnlyList<(DeviceSymbol Device, RouteEntry? Route)> hops, IpAddress example)
    {
        var routed = hops.Where(h => h.Route is not null).Select(h => h.Route!).ToList();
        var file = routed[0].Location.Path;
        // "line 12", or "vcenter.netflow line 55" when the line is in another file than the diagnostic.
        string Where(SourceLocation at) => at.Path == file ? $"line {at.Start.Line + 1}" : $"{Path.GetFileName(at.Path)} line {at.Start.Line + 1}";
        var description = string.Join(" → ", hops.Select(h => h.Route is { } r ? $"'{h.Device.QualifiedName}' ({Where(r.Location)})" : $"'{h.Device.QualifiedName}'"))
            + $" → '{hops[0].Device.QualifiedName}'";
        Report(DiagnosticDescriptors.ForwardingLoop, routed[0].Location,
            [.. routed.Skip(1).Select(e => new RelatedLocation(e.Location, $"the route on '{e.Device.Name}' that continues the loop"))],
            $"{example} (and the rest of {routed.MaxBy(e => e.Prefix.Length)!.Prefix})", description);
    }

    /// <summary>
    /// NF4007 at the first translation of a loop: <paramref name="translations"/> in order, each the device, its rule's
    /// location and the destination before and after; <paramref name="example"/> loops.
    /// </summary>
    public void ReportDestinationNatLoop(IReadOnlyList<(DeviceSymbol Device, SourceLocation Rule, IpAddress Before, IpAddress After)> translations, IpAddress example)
    {
        var file = translations[0].Rule.Path;
        string Where(SourceLocation at) => at.Path == file ? $"line {at.Start.Line + 1}" : $"{Path.GetFileName(at.Path)} line {at.Start.Line + 1}";
        var description = string.Join(" → ", translations.Select(t => $"'{t.Device.QualifiedName}' translates {t.Before} to {t.After} ({Where(t.Rule)})"))
            + $" → '{translations[0].Device.QualifiedName}'";
        Report(DiagnosticDescriptors.DestinationNatLoop, translations[0].Rule,
            [.. translations.Skip(1).Select(t => new RelatedLocation(t.Rule, $"the translation on '{t.Device.Name}' that continues the loop"))],
            example, description);
    }

    /// <summary>NF3005: <paramref name="entry"/> hands traffic to <paramref name="next"/>, which has no route for <paramref name="uncovered"/>.</summary>
    public void ReportBlackHole(RouteEntry entry, DeviceSymbol next, IpAddress uncovered)
    {
        var advice = entry.LearnedFrom switch
        {
            null => $"add a route on '{next.Name}' or send this traffic elsewhere",
            var peer when ReferenceEquals(peer, next) =>
                $"'{next.Name}' advertises it over BGP without a route for all of it: add the missing route on '{next.Name}', or advertise only what it reaches",
            var peer => $"the route was learned over BGP from '{peer.Name}', which '{entry.Device.Name}' reaches only through '{next.Name}', so its traffic goes to "
                + $"'{next.Name}' instead of the peer: give the two BGP peers a shared segment or an IPsec tunnel between them, or add a route on '{next.Name}'",
        };
        Report(DiagnosticDescriptors.BlackHole, entry.Location, entry.Prefix, entry.Device.QualifiedName, next.Name,
            uncovered == entry.Prefix.Network ? entry.Prefix.ToString() : $"{uncovered} and the rest of {entry.Prefix}", advice);
    }

    /// <summary>NF3006: <paramref name="shadows"/> are the more specific prefixes that cover all of <paramref name="entry"/>.</summary>
    public void ReportShadowedRoute(RouteEntry entry, IReadOnlyList<IpPrefix> shadows) =>
        Report(DiagnosticDescriptors.ShadowedRoute, entry.Location, entry.Prefix, entry.Device.QualifiedName,
            shadows.Count <= 3 ? string.Join(", ", shadows) : $"{string.Join(", ", shadows.Take(3))} and {shadows.Count - 3} more");

    /// <summary>NF3007: <paramref name="route"/> repeats <paramref name="first"/>.</summary>
    public void ReportDuplicateRoute(RouteDeclaration route, RouteDeclaration first) =>
        Report(DiagnosticDescriptors.DuplicateRoute, route.Location, [new RelatedLocation(first.Location, "the first declaration of this route")],
            route.Destination, route.Device.QualifiedName, first.Location.Start.Line + 1);

    /// <summary>NF3008.</summary>
    public void ReportUnreachableDevice(DeviceSymbol device) => Report(DiagnosticDescriptors.UnreachableDevice, device.Location, device.QualifiedName);

    /// <summary>NF3009: <paramref name="silent"/>, one end of <paramref name="peering"/>, has no AS.</summary>
    public void ReportBgpPeerWithoutAs(BgpPeering peering, DeviceSymbol silent) =>
        Report(DiagnosticDescriptors.BgpPeerWithoutAs, peering.Location, peering.Device.Name, peering.Peer.Name, silent.Name);

    /// <summary>NF3010: <paramref name="route"/> forwards what <paramref name="drop"/> drops.</summary>
    public void ReportDropAndForward(RouteDeclaration route, RouteDeclaration drop) =>
        Report(DiagnosticDescriptors.DropAndForward, route.Location, [new RelatedLocation(drop.Location, "the null route for the same prefix")],
            route.Destination, route.Device.QualifiedName, drop.Location.Start.Line + 1);

    /// <summary>NF3011: this end of <paramref name="tunnel"/> is on <paramref name="device"/>, like the end at <paramref name="other"/>.</summary>
    public void ReportTunnelToItself(SourceLocation location, TunnelSymbol tunnel, DeviceSymbol device, SourceLocation other) =>
        Report(DiagnosticDescriptors.TunnelToItself, location, [new RelatedLocation(other, $"the other end, also on '{device.Name}'")],
            tunnel.Name, device.QualifiedName);

    /// <summary>NF3023: <paramref name="device"/> is on VXLAN segment <paramref name="segment"/>, on a host in no VXLAN tunnel.</summary>
    public void ReportHostOutsideVxlanTransport(DeviceSymbol device, SegmentSymbol segment, DeviceSymbol host) =>
        Report(DiagnosticDescriptors.HostOutsideVxlanTransport, device.Location, [DeclaredHere(host.Location, host.Name)],
            device.QualifiedName, segment.QualifiedName, host.QualifiedName);

    /// <summary>NF3030: <paramref name="device"/>'s <c>bgp peer</c> line at <paramref name="location"/> names an address no other device holds.</summary>
    public void ReportBgpPeerAddressHeldByNoDevice(SourceLocation location, DeviceSymbol device, IpAddress address) =>
        Report(DiagnosticDescriptors.BgpPeerAddressHeldByNoDevice, location, device.QualifiedName, address);

    /// <summary>NF3031: a second <c>bgp as</c> line at <paramref name="location"/> on <paramref name="device"/>, whose first is <paramref name="first"/>.</summary>
    public void ReportSecondBgpAs(SourceLocation location, DeviceSymbol device, BgpSpeaker first) =>
        Report(DiagnosticDescriptors.SecondBgpAs, location, [new RelatedLocation(first.Location, "the first 'bgp as' line")], device.QualifiedName, first.Asn);

    /// <summary>NF3012: the peer of <paramref name="peering"/> declares no session back.</summary>
    public void ReportBgpSessionDeclaredOnOneSide(BgpPeering peering) =>
        Report(DiagnosticDescriptors.BgpSessionDeclaredOnOneSide, peering.Location, [DeclaredHere(peering.Peer.Location, peering.Peer.Name)],
            peering.Device.QualifiedName, peering.Peer.QualifiedName);

    /// <summary>NF3013: <paramref name="end"/> expects its peer in AS <paramref name="expected"/>.</summary>
    public void ReportBgpPeerAsMismatch(BgpPeering end, long expected)
    {
        var bgp = end.Peer.Bgp!;
        Report(DiagnosticDescriptors.BgpPeerAsMismatch, end.Location, [new RelatedLocation(bgp.Location, $"'{end.Peer.Name}' declares its AS here")],
            end.Device.QualifiedName, end.Peer.QualifiedName, expected, bgp.Asn);
    }
}
