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

    /// <summary>It is on a segment of the device but outside the subnets of the device's addresses there.</summary>
    OutsideSubnets,

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
            NextHopProblem.OutsideSubnets =>
                $"{address} shares a segment with '{device}' yet lies outside the subnets of the addresses '{device}' has there, so '{device}' never asks for it on the link; use a gateway in the subnet of its address there, or give its interface an address in the gateway's subnet",
            NextHopProblem.OnlyDefaultRoute => $"only the default route of '{device}' leads to it, and a next hop is never resolved through the default route",
            _ => $"it is not on a segment '{device}' is attached to, and no other route of '{device}' leads to it",
        };
        Report(DiagnosticDescriptors.UnreachableNextHop, hop.Location, route.Destination, route.Device.QualifiedName, hop, why);
    }

    /// <summary>NF3050 at the next hop of <paramref name="route"/>: <paramref name="gateway"/> lies in <paramref name="subnet"/> of
    /// <paramref name="segment"/>, which the route leaves by, and no device holds it.</summary>
    public void ReportGatewayHeldByNoDevice(RouteDeclaration route, IpAddress gateway, IpPrefix subnet, SegmentSymbol segment) =>
        Report(DiagnosticDescriptors.GatewayHeldByNoDevice, route.NextHop!.Location, route.Destination, route.Device.QualifiedName, gateway, subnet, segment.QualifiedName);

    /// <summary>
    /// NF3003 at <paramref name="first"/>: the session of the two lines cannot come up, for <paramref name="failure"/>. The
    /// advice follows from the route that decided the packet's last forwarding step (a related location when it is a line).
    /// </summary>
    public void ReportBgpSessionDown(BgpPeering first, BgpPeering second, BgpPathFailure failure)
    {
        var (device, peer) = (first.Device.QualifiedName, first.Peer.QualifiedName);
        var at = failure.At?.QualifiedName;
        var packet = $"tcp/179 from {failure.Source} to {failure.Destination}";
        var route = failure.Route;
        // "'xcr' sends it to 'bcr' by its route 10.73.0.0/16 (ibm-cloud-network.netflow line 68)": the route that took it there.
        var sentBy = route is not null && !ReferenceEquals(route.Device, failure.At) ? $"'{route.Device.QualifiedName}' sends it to '{at}' by {Describe(route)}" : null;
        var here = route is not null && ReferenceEquals(route.Device, failure.At) ? Describe(route) : null;
        var (why, fix) = failure.Problem switch
        {
            BgpPathProblem.NoAddress when failure.Subject is { } segment => (
                $"'{at}' holds no address on '{segment.QualifiedName}', the segment the two share",
                $"Give the interface of '{at}' on '{segment.QualifiedName}' an address, or name the peer's address in the 'bgp peer' line."),
            BgpPathProblem.NoAddress => ($"'{at}' holds no address", $"Give '{at}' an interface with an address."),
            BgpPathProblem.NoRoute => ($"{packet} finds no route on '{at}'", sentBy is null
                ? $"Add a route toward {failure.Destination} on '{at}', or put the peers on a common segment."
                : $"{Capital(sentBy)}: add a route toward {failure.Destination} on '{at}', or change that route to send it where one is."),
            BgpPathProblem.Refused or BgpPathProblem.AcceptedElsewhere when failure.Subject is { } translator => (
                (failure.Problem == BgpPathProblem.Refused ? $"'{at}' refuses {packet}: nothing listens there" : $"{packet} is accepted by '{at}', not by the peer")
                + $" ('{translator.QualifiedName}' translates its destination {failure.Destination} on the way)",
                $"Name an address of the peer that no destination NAT translates, or keep tcp/179 to {failure.Destination} out of the destination NAT on '{translator.QualifiedName}'."),
            BgpPathProblem.Refused => ($"'{at}' refuses {packet}: nothing listens there",
                "Peer with an address of the BGP speaker itself" + (sentBy is null ? "." : $" ({sentBy}).")),
            BgpPathProblem.Looped => ($"{packet} loops (at '{at}')", (route is null ? "Fix the routes" : $"Fix {Describe(route)} on '{route.Device.QualifiedName}', or the routes after it,")
                + $" toward {failure.Destination} (see NF3004)."),
            BgpPathProblem.TunnelDown => ($"{packet} enters tunnel '{failure.Subject?.QualifiedName}' at '{at}', which is down",
                "Let the tunnel's endpoints reach each other (see NF3002)."),
            BgpPathProblem.OutsideSelectors => ($"{packet} enters IPsec tunnel '{failure.Subject?.QualifiedName}' at '{at}', but the tunnel's traffic selectors do not cover it, so it is dropped",
                "Protect the peers' addresses at both ends of the tunnel, and route each into it from the other side (see NF3042)."),
            BgpPathProblem.NullRouted => ($"{packet} is dropped by a null route on '{at}'", here is null
                ? $"Route {failure.Destination} on '{at}' instead of dropping it."
                : $"Narrow or remove {here} on '{at}', or add a more specific route toward {failure.Destination} there."),
            BgpPathProblem.NeighborUnreachable => ($"{packet} cannot be handed to its next hop at '{at}'",
                here is null ? $"Fix the next hop toward {failure.Destination} on '{at}'." : $"Fix the next hop of {here} on '{at}'."),
            BgpPathProblem.LeavesNetwork => ($"{packet} leaves the network at '{at}'" + (here is null ? "" : $" by {here}"),
                $"Add a route toward {failure.Destination} on '{at}' that stays in the network."),
            BgpPathProblem.AcceptedElsewhere => ($"{packet} is accepted by '{at}', not by the peer",
                "Peer with an address the peer itself holds" + (sentBy is null ? "." : $" ({sentBy}).")),
            BgpPathProblem.ReplyLost => ($"{packet} arrives, but the reply does not come back (it stops at '{at}'" + (here is null ? ")" : $", by {here})"),
                sentBy is not null ? $"{Capital(sentBy.Replace(" sends it ", " sends the reply ", StringComparison.Ordinal))}: add a route toward {failure.Source} on '{at}', or change that route."
                : here is not null ? $"Change {here} on '{at}' so that the reply reaches {failure.Source}."
                : $"Add a route toward {failure.Source} on '{at}'."),
            BgpPathProblem.WrongSource when failure.Subject is { } translator => (
                $"{packet} arrives at '{at}' from {failure.ArrivedFrom} (translated by '{translator.QualifiedName}'), but '{at}' has this neighbour "
                + $"configured at {failure.Expected} and accepts tcp/179 from no other address",
                "Keep the session's packets out of the source NAT on the way (a BGP speaker accepts only its configured neighbour's address), "
                + "or name the address that arrives in the 'bgp peer' line."),
            BgpPathProblem.WrongSource => (
                $"{packet} arrives at '{at}', but '{at}' has this neighbour configured at {failure.Expected} and accepts tcp/179 from no other address "
                + $"({failure.Source} is the address of the interface the opener's route uses)",
                $"Name {failure.Source} in the 'bgp peer' line of '{at}', or name the peer device when the two share a segment."),
            _ => ($"{packet} gets through only over routes learned over this session itself (at '{at}'"
                + (route is null ? ")" : $", by {Describe(route)})"),
                "Give the peers a path that does not depend on the session: a common segment or static routes."),
        };
        var related = new List<RelatedLocation> { new(second.Location, $"the session's other end, on '{second.Device.Name}'") };
        if (route is { Source: RouteSource.Static }) related.Add(new RelatedLocation(route.Location, $"the route on '{route.Device.Name}' that decided the packet's last forwarding step"));
        Report(DiagnosticDescriptors.BgpSessionDown, first.Location, related, device, peer, why, fix);
    }

    /// <summary>"its route 10.73.0.0/16 (vcenter.netflow line 16)", "its default route (...)", "its route P learned over BGP from 'esg'".</summary>
    private static string Describe(RouteEntry route)
    {
        var prefix = route.Prefix.Length == 0 ? "default route" : $"route {route.Prefix}";
        return route.Source switch
        {
            RouteSource.Bgp => $"its {prefix} learned over BGP from '{route.LearnedFrom?.QualifiedName}'",
            RouteSource.Static => $"its {prefix} ({Path.GetFileName(route.Location.Path)} line {route.Location.Start.Line + 1})",
            RouteSource.Connected => $"its connected {prefix}",
            _ => $"its {prefix}",
        };
    }

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>
    /// NF3004 at the first route of the loop: <paramref name="hops"/> in order, each device with the route that sent the
    /// packet on (null where none did, a switch say), at least one with a route; <paramref name="example"/> loops, and so
    /// does the rest of the most specific route's prefix but for <paramref name="except"/>, which more specific routes of the
    /// devices take off the cycle.
    /// </summary>
    public void ReportForwardingLoop(IReadOnlyList<(DeviceSymbol Device, RouteEntry? Route)> hops, IpAddress example, IReadOnlyList<IpPrefix> except)
    {
        var routed = hops.Where(h => h.Route is not null).Select(h => h.Route!).ToList();
        var file = routed[0].Location.Path;
        // "line 12", or "vcenter.netflow line 55" when the line is in another file than the diagnostic.
        string Where(SourceLocation at) => at.Path == file ? $"line {at.Start.Line + 1}" : $"{Path.GetFileName(at.Path)} line {at.Start.Line + 1}";
        var description = string.Join(" → ", hops.Select(h => h.Route is { } r ? $"'{h.Device.QualifiedName}' ({Where(r.Location)})" : $"'{h.Device.QualifiedName}'"))
            + $" → '{hops[0].Device.QualifiedName}'";
        Report(DiagnosticDescriptors.ForwardingLoop, routed[0].Location,
            [.. routed.Skip(1).Select(e => new RelatedLocation(e.Location, $"the route on '{e.Device.Name}' that continues the loop"))],
            $"{example} (and the rest of {routed.MaxBy(e => e.Prefix.Length)!.Prefix}{Except(except)})", description);
    }

    /// <summary>" except 10.0.64.0/19, 10.73.20.0/26 and 3 more", or nothing.</summary>
    private static string Except(IReadOnlyList<IpPrefix> prefixes) => prefixes.Count switch
    {
        0 => "",
        <= 4 => " except " + string.Join(", ", prefixes),
        _ => $" except {string.Join(", ", prefixes.Take(3))} and {prefixes.Count - 3} more",
    };

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

    /// <summary>
    /// NF3005: <paramref name="entry"/> hands traffic to <paramref name="next"/>, which has no route for <paramref name="parts"/>
    /// (the declared destinations that traffic is lost for); <paramref name="others"/> are the routes that hand it the same
    /// traffic, folded into this one diagnostic as related locations.
    /// </summary>
    public void ReportBlackHole(RouteEntry entry, DeviceSymbol next, IReadOnlyList<IpPrefix> parts, IReadOnlyList<RouteEntry> others)
    {
        var advice = entry.LearnedFrom switch
        {
            null => $"add a route on '{next.Name}' or send this traffic elsewhere",
            var peer when ReferenceEquals(peer, next) =>
                $"'{next.Name}' advertises it over BGP without a route for all of it: add the missing route on '{next.Name}', or advertise only what it reaches",
            var peer => $"the route was learned over BGP from '{peer.Name}', which '{entry.Device.Name}' reaches only through '{next.Name}', so its traffic goes to "
                + $"'{next.Name}' instead of the peer: give the two BGP peers a shared segment or an IPsec tunnel between them, or add a route on '{next.Name}'",
        };
        static string Part(IpPrefix p) => p.Length == p.Network.BitLength ? p.Network.ToString() : p.ToString();
        var named = parts.Count <= 4 ? string.Join(", ", parts.Select(Part)) : $"{string.Join(", ", parts.Take(3).Select(Part))} and {parts.Count - 3} more";
        // "10.0.64.0/19 of 10.0.0.0/8": the parts lost, and of which prefix when they are all this route's.
        var lost = parts is [var whole] && whole == entry.Prefix ? Part(whole)
            : entry.Prefix.Length > 0 && parts.All(p => entry.Prefix.Contains(p)) ? $"{named} of {entry.Prefix}" : named;
        var devices = others.Select(o => $"'{o.Device.QualifiedName}'").Distinct().ToList();
        var folded = others.Count == 0 ? ""
            : $" ({others.Count} more route{(others.Count == 1 ? "" : "s")} hand{(others.Count == 1 ? "s" : "")} it this traffic, on "
                + (devices.Count <= 3 ? string.Join(", ", devices) : $"{string.Join(", ", devices.Take(3))} and {devices.Count - 3} more devices") + ")";
        Report(DiagnosticDescriptors.BlackHole, entry.Location,
            [.. others.Select(o => new RelatedLocation(o.Location, $"the route on '{o.Device.Name}' that also hands this traffic to '{next.Name}'"))],
            entry.Prefix, entry.Device.QualifiedName, next.Name, lost, folded, advice);
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

    /// <summary>NF3033: <paramref name="device"/>'s <c>bgp peer</c> line at <paramref name="location"/> names the device itself.</summary>
    public void ReportBgpPeerIsItself(SourceLocation location, DeviceSymbol device) =>
        Report(DiagnosticDescriptors.BgpPeerIsItself, location, device.QualifiedName);

    /// <summary>
    /// NF3034 at <paramref name="end"/>: it reaches its eBGP neighbour's <paramref name="address"/> by <paramref name="route"/>,
    /// which hands the packet to another device than the peer; <paramref name="bothEnds"/> when <paramref name="other"/> does too.
    /// </summary>
    public void ReportBgpPeerNotAdjacent(BgpPeering end, BgpPeering other, IpAddress address, RouteEntry route, bool bothEnds)
    {
        var way = route switch
        {
            { Tunnel: { } tunnel } => $"into tunnel '{tunnel.QualifiedName}'",
            { NextHop: { } hop } => $"through '{hop.QualifiedName}'",
            { NextHopAddress: { } gateway } => $"through {gateway}",
            _ => "out of its interface" + (route.OutInterface is { } iface ? $" '{iface.Name}'" : ""),
        } + $" by {Describe(route)}";
        var fix = bothEnds
            ? "Write 'multihop' at the end of the 'bgp peer' lines of both ends (FRR's ebgp-multihop), or peer with addresses on a network the two share."
            : "Write 'multihop' at the end of this 'bgp peer' line (FRR's ebgp-multihop), or peer with an address on a network the two share.";
        Report(DiagnosticDescriptors.BgpPeerNotAdjacent, end.Location, [new RelatedLocation(other.Location, $"the session's other end, on '{other.Device.Name}'")],
            end.Device.QualifiedName, end.Peer.QualifiedName, end.Device.Bgp!.Asn, end.Peer.Bgp!.Asn, address, way, fix);
    }

    /// <summary>NF3035 at <paramref name="advertised"/>: <paramref name="device"/> has no route for it, nor inside it.</summary>
    public void ReportAdvertisedPrefixWithoutRoute(DeviceSymbol device, AddressMatch advertised)
    {
        var prefix = advertised.Prefix!.Value;
        Report(DiagnosticDescriptors.AdvertisedPrefixWithoutRoute, advertised.Location, device.QualifiedName,
            advertised.Range is { } range ? $"'{range.QualifiedName}' ({prefix})" : $"{prefix}", prefix);
    }

    /// <summary>NF3031: a second <c>bgp as</c> line at <paramref name="location"/> on <paramref name="device"/>, whose first is <paramref name="first"/>.</summary>
    public void ReportSecondBgpAs(SourceLocation location, DeviceSymbol device, BgpSpeaker first) =>
        Report(DiagnosticDescriptors.SecondBgpAs, location, [new RelatedLocation(first.Location, "the first 'bgp as' line")], device.QualifiedName, first.Asn);

    /// <summary>
    /// NF3032: <paramref name="peering"/> names its peer by device, but the two share no segment; <paramref name="addresses"/>
    /// are the peer's addresses, one of which the line should name.
    /// </summary>
    public void ReportBgpPeerNeedsAddress(BgpPeering peering, IReadOnlyList<IpAddress> addresses) =>
        Report(DiagnosticDescriptors.BgpPeerNeedsAddress, peering.Location, [DeclaredHere(peering.Peer.Location, peering.Peer.Name)],
            peering.Device.QualifiedName, peering.Peer.QualifiedName, addresses.Count == 0 ? "none" : string.Join(", ", addresses));

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
