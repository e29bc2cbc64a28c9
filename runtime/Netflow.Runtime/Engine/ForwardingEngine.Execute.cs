using Netflow.Runtime.Image;

namespace Netflow.Runtime.Engine;

public sealed partial class ForwardingEngine
{
    /// <summary>Headers nest (IP-in-IP in VXLAN); deeper than this is a loop of tunnels, not a design.</summary>
    private const int MaxEncapsulations = 8;

    /// <summary>An outer header pushed by an encapsulation; the terminator decapsulates, then hands to the L2 target if any.</summary>
    private readonly record struct Outer(TunnelKind Kind, uint Source, uint Destination, int Terminator, int L2Target, int SourceRow, int Tunnel = -1);

    /// <summary>
    /// Runs one packet from a device until it is accepted, dropped, leaves the network or loops. NAT translations are
    /// recorded in <paramref name="sessions"/>; a reply run with the same sessions is translated back.
    /// </summary>
    public Trace Execute(int start, PacketHeader header, NatSessions sessions, IReadOnlyList<TraceStep>? firstSteps = null)
    {
        var hops = new List<TraceHop>();
        var inner = header;
        var outers = new List<Outer>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // An encapsulation the next device must perform (a VTEP for its VM, an L2 concentrator for its side).
        Outer? pending = null;
        var device = start;
        var previous = -1;

        Trace Finish(List<TraceStep> steps, Disposition disposition, string reason)
        {
            steps.Add(new TraceStep(StepKind.Stopped, reason, 0));
            hops.Add(new TraceHop(device, steps));
            return new Trace(header, hops, disposition, reason) { Final = inner };
        }

        for (var hop = 0; ; hop++)
        {
            var steps = new List<TraceStep>(firstSteps is not null && hop == 0 ? firstSteps : []);
            if (previous >= 0) steps.Add(new TraceStep(StepKind.Received, $"receives {Current(inner, outers)} from {DeviceName(previous)}", 0));
            var state = $"{device}|{inner}|{string.Join(";", outers)}|{pending}";
            if (!seen.Add(state) || hop >= MaxHops)
            {
                return Finish(steps, Disposition.Loop, hop >= MaxHops
                    ? $"the packet is still travelling after {MaxHops} hops"
                    : $"the packet is back at {DeviceName(device)} unchanged: a forwarding loop");
            }

            if (pending is { } encapsulation)
            {
                outers.Add(encapsulation);
                steps.Add(Encapsulated(encapsulation));
                pending = null;
            }

            // Decapsulate what this device terminates; an L2 tunnel or VXLAN then places the frame on the target.
            var next = -1;
            var routeRow = -1;
            var placed = false;
            // A packet that matched a NAT session here is a reply: the session decides, no rule fires again.
            var sessionMatched = false;
            while (outers.Count > 0 && !placed)
            {
                var top = outers[^1];
                if (top.Terminator != device)
                {
                    if (!Holds(device, top.Destination)) break;
                    // This device holds the tunnel's address for the one that terminates it (a VPN container behind its worker).
                    next = top.Terminator;
                    steps.Add(new TraceStep(StepKind.Forwarded, $"hands the {Name(top.Kind)} tunnel addressed to {PacketHeader.Format(top.Destination)} to {DeviceName(next)}", top.SourceRow) { Device = next });
                    placed = true;
                    break;
                }
                outers.RemoveAt(outers.Count - 1);
                steps.Add(new TraceStep(StepKind.Decapsulated, $"decapsulates {Name(top.Kind)} ({PacketHeader.Format(top.Source)} → {PacketHeader.Format(top.Destination)})", top.SourceRow)
                {
                    Encapsulation = top.Kind, OuterSource = top.Source, OuterDestination = top.Destination,
                });
                if (top.L2Target >= 0)
                {
                    next = top.L2Target;
                    placed = true;
                }
            }

            if (!placed)
            {
                if (outers.Count == 0)
                {
                    sessionMatched = sessions.ApplyToReply(device, ref inner, steps);
                    if (!sessionMatched) ApplyDestinationNat(device, ref inner, sessions, steps);
                    if (Holds(device, inner.Destination))
                    {
                        steps.Add(new TraceStep(StepKind.Delivered, $"holds {PacketHeader.Format(inner.Destination)} and accepts the packet", 0));
                        hops.Add(new TraceHop(device, steps));
                        return new Trace(header, hops, Disposition.Accepted, $"accepted by {DeviceName(device)}") { Final = inner };
                    }
                }

                // Route the outermost header; an encapsulation here routes again, now the outer one.
                while (true)
                {
                    var destination = outers.Count > 0 ? outers[^1].Destination : inner.Destination;
                    routeRow = ChooseRoute(device, destination, inner);
                    if (routeRow >= 0 && _image.Routes.Tunnel[routeRow] is var via && via >= 0 && outers.Exists(o => o.Tunnel == via))
                    {
                        // A tunnel's own outer header never goes back into it: its underlay is the next shorter route.
                        routeRow = ShorterRouteAvoiding(device, destination, via);
                    }
                    if (routeRow < 0)
                    {
                        return Finish(steps, Disposition.NoRoute, $"{DeviceName(device)} has no route to {PacketHeader.Format(destination)}");
                    }
                    var routes = _image.Routes;
                    var action = routes.Action[routeRow];
                    var route = $"{PacketHeader.Format(routes.Network[routeRow])}/{routes.Length[routeRow]}";
                    if (action == RouteAction.Drop)
                    {
                        return Finish(steps, Disposition.NullRouted, $"{DeviceName(device)} drops {PacketHeader.Format(destination)}: null route {route}");
                    }
                    if (action == RouteAction.Local)
                    {
                        return Finish(steps, Disposition.Accepted, $"{DeviceName(device)} holds {PacketHeader.Format(destination)}");
                    }
                    if (action == RouteAction.Connected)
                    {
                        var outInterface = routes.OutInterface[routeRow];
                        var segment = outInterface >= 0 ? _image.Interfaces.Segment[outInterface] : -1;
                        next = HolderOn(segment, destination, device);
                        if (next < 0)
                        {
                            return Finish(steps, outers.Count > 0 ? Disposition.NeighborUnreachable : Disposition.DeliveredToSubnet,
                                $"{DeviceName(device)} delivers to {PacketHeader.Format(destination)} on its attached subnet {route}, where no declared device holds it");
                        }
                        break;
                    }
                    next = routes.NextHopDevice[routeRow];
                    var tunnel = routes.Tunnel[routeRow];
                    if (tunnel >= 0 && (outers.Exists(o => o.Tunnel == tunnel) || outers.Count >= MaxEncapsulations))
                    {
                        return Finish(steps, Disposition.Loop,
                            $"{DeviceName(device)} would encapsulate in tunnel {_image.String(_image.Tunnels.Name[tunnel])} again: an encapsulation loop");
                    }
                    if (tunnel >= 0 && TunnelHeader(device, next, tunnel, routeRow) is { } outer)
                    {
                        if (outers.Count == 0 && !sessionMatched) ApplySourceNat(device, next, routeRow, ref inner, sessions, steps);
                        outers.Add(outer);
                        steps.Add(Encapsulated(outer));
                        continue;
                    }
                    if (next < 0)
                    {
                        return Finish(steps, Disposition.ExitsNetwork,
                            $"{DeviceName(device)} sends {PacketHeader.Format(destination)} via {route} towards {PacketHeader.Format(routes.NextHopAddress[routeRow])}, outside the declared network");
                    }
                    break;
                }

                if (outers.Count == 0 && !sessionMatched) ApplySourceNat(device, next, routeRow, ref inner, sessions, steps);
            }

            // Transmit: over a VXLAN segment between hosts, or a stretched segment between sites, the frame goes through
            // the encapsulating device first; a guest of a worker is reached through its worker.
            var target = next;
            var segmentUsed = SegmentBetween(device, next, routeRow);
            var detail = placed && routeRow < 0 && outers.Count == 0
                ? $"places {Current(inner, outers)} on the segment of {DeviceName(next)}"
                : $"forwards {Current(inner, outers)} to {DeviceName(next)}";
            if (segmentUsed >= 0 && Overlay(device, next, segmentUsed, routeRow) is { } overlay)
            {
                pending = overlay.Outer;
                target = overlay.Via;
                detail += $" over {Name(overlay.Outer.Kind)} through {DeviceName(target)}";
            }
            else if (_image.Devices.Host[next] is var host && host >= 0 && host != device
                && _image.Devices.Kind[host] == DeviceKind.Worker && !Holds(host, inner.Destination) && outers.Count == 0)
            {
                target = host;
                detail += $" through its worker {DeviceName(host)}";
            }
            steps.Add(new TraceStep(StepKind.Forwarded, detail, routeRow >= 0 ? _image.Routes.Source[routeRow] : 0) { Device = next });
            hops.Add(new TraceHop(device, steps));
            previous = device;
            device = target;
        }
    }

    /// <summary>
    /// Many packets in, dispositions out: each packet runs from its source device with its own NAT sessions. For raw
    /// forwarding decisions without traces, <see cref="LookupBatch"/> answers from one device's table without allocating.
    /// </summary>
    public void ExecuteBatch(ReadOnlySpan<(int Source, PacketHeader Header)> packets, Span<Disposition> dispositions)
    {
        if (dispositions.Length < packets.Length) throw new ArgumentException("one disposition per packet is needed", nameof(dispositions));
        for (var i = 0; i < packets.Length; i++) dispositions[i] = Execute(packets[i].Source, packets[i].Header, new NatSessions()).Disposition;
    }

    private static string Current(PacketHeader inner, List<Outer> outers) =>
        outers.Count == 0 ? inner.ToString() : $"{Name(outers[^1].Kind)} {PacketHeader.Format(outers[^1].Source)} → {PacketHeader.Format(outers[^1].Destination)} carrying {inner}";

    private static string Name(TunnelKind kind) => Words.Of(kind);

    private static TraceStep Encapsulated(Outer outer) =>
        new(StepKind.Encapsulated, $"encapsulates in {Name(outer.Kind)}: {PacketHeader.Format(outer.Source)} → {PacketHeader.Format(outer.Destination)}", outer.SourceRow)
        {
            Encapsulation = outer.Kind, OuterSource = outer.Source, OuterDestination = outer.Destination,
        };

    /// <summary>The route row for a destination, spreading equal-cost rows by the packet's hash.</summary>
    private int ChooseRoute(int device, uint destination, PacketHeader packet)
    {
        var first = _fib[device].Lookup(destination);
        if (first < 0) return -1;
        var routes = _image.Routes;
        var count = 1;
        var end = _image.Devices.FirstRoute[device] + _image.Devices.RouteCount[device];
        while (first + count < end && routes.Network[first + count] == routes.Network[first] && routes.Length[first + count] == routes.Length[first]) count++;
        return count == 1 ? first : first + (int)(Hash(packet) % (uint)count);
    }

    /// <summary>The longest route of a device for a destination that does not enter the given tunnel, or -1.</summary>
    private int ShorterRouteAvoiding(int device, uint destination, int tunnel)
    {
        var routes = _image.Routes;
        var end = _image.Devices.FirstRoute[device] + _image.Devices.RouteCount[device];
        for (var r = _image.Devices.FirstRoute[device]; r < end; r++)
        {
            if (routes.Tunnel[r] != tunnel && InPrefix(destination, routes.Network[r], routes.Length[r])) return r;
        }
        return -1;
    }

    /// <summary>
    /// The outer header for a route through a tunnel: IPsec always; IP-in-IP in mode always, or in mode cross-subnet only
    /// when the two endpoints' underlay addresses are on different segments. Null when the packet goes unencapsulated.
    /// </summary>
    private Outer? TunnelHeader(int device, int next, int tunnel, int routeRow)
    {
        var tunnels = _image.Tunnels;
        var local = Endpoint(tunnel, device);
        var remote = Endpoint(tunnel, next);
        if (local < 0 || remote < 0) return null;
        var localAddress = _image.TunnelEndpoints.Address[local];
        var remoteAddress = _image.TunnelEndpoints.Address[remote];
        if (tunnels.Kind[tunnel] == TunnelKind.IpInIp && tunnels.Mode[tunnel] == TunnelMode.CrossSubnet && SameSubnet(device, localAddress, remoteAddress))
        {
            return null;
        }
        return new Outer(tunnels.Kind[tunnel], localAddress, remoteAddress, next, -1, tunnels.Source[tunnel], tunnel);
    }

    private int Endpoint(int tunnel, int device)
    {
        var first = _image.Tunnels.FirstEndpoint[tunnel];
        for (var e = first; e < first + _image.Tunnels.EndpointCount[tunnel]; e++)
        {
            if (_image.TunnelEndpoints.Device[e] == device) return e;
        }
        return -1;
    }

    /// <summary>Whether the peer's address is on the IP subnet of ours: the device's connected route for it covers both.</summary>
    private bool SameSubnet(int device, uint local, uint remote)
    {
        var row = _fib[device].Lookup(remote);
        if (row < 0 || _image.Routes.Action[row] != RouteAction.Connected) return false;
        var length = _image.Routes.Length[row];
        return length == 0 || (local >> (32 - length)) == (remote >> (32 - length));
    }

    /// <summary>
    /// VXLAN when two devices on a VXLAN segment run on different hypervisor hosts: the sender's host encapsulates for
    /// the receiver's. An L2 concentrator tunnel when a stretched segment joins devices of different sites: the
    /// sender's side concentrator encapsulates for the other side's.
    /// </summary>
    private (int Via, Outer Outer)? Overlay(int device, int next, int segment, int routeRow)
    {
        var kind = _image.Segments.Kind[segment];
        if (kind == SegmentKind.Vxlan)
        {
            var from = _image.Devices.Host[device];
            var to = _image.Devices.Host[next];
            if (from < 0 || to < 0 || from == to) return null;
            var source = VtepAddress(from);
            var destination = VtepAddress(to);
            return (from, new Outer(TunnelKind.Vxlan, source, destination, to, next, _image.Segments.Source[segment]));
        }
        if (kind == SegmentKind.Stretched && TopSite(device) != TopSite(next))
        {
            for (var t = 0; t < _image.Tunnels.Count; t++)
            {
                if (_image.Tunnels.Kind[t] != TunnelKind.L2 || _image.Tunnels.StretchedSegment[t] != segment) continue;
                int near = -1, far = -1;
                var first = _image.Tunnels.FirstEndpoint[t];
                for (var e = first; e < first + _image.Tunnels.EndpointCount[t]; e++)
                {
                    var concentrator = _image.TunnelEndpoints.Device[e];
                    if (TopSite(concentrator) == TopSite(device)) near = e;
                    else if (TopSite(concentrator) == TopSite(next)) far = e;
                }
                if (near < 0 || far < 0) continue;
                var outer = new Outer(TunnelKind.L2, _image.TunnelEndpoints.Address[near], _image.TunnelEndpoints.Address[far],
                    _image.TunnelEndpoints.Device[far], next, _image.Tunnels.Source[t]);
                return (_image.TunnelEndpoints.Device[near], outer);
            }
        }
        return null;
    }

    /// <summary>A host's VXLAN tunnel endpoint address: its endpoint in a VXLAN tunnel, else its first address.</summary>
    private uint VtepAddress(int host)
    {
        for (var t = 0; t < _image.Tunnels.Count; t++)
        {
            if (_image.Tunnels.Kind[t] == TunnelKind.Vxlan && Endpoint(t, host) is var e && e >= 0) return _image.TunnelEndpoints.Address[e];
        }
        return PrimaryAddress(host);
    }

    private void ApplyDestinationNat(int device, ref PacketHeader packet, NatSessions sessions, List<TraceStep> steps)
    {
        var nats = _image.DestinationNats;
        // Chained rules apply in turn (a worker's public address to the service's cluster IP, then kube-proxy's to a pod).
        for (var round = 0; round < 4; round++)
        {
            var matched = false;
            foreach (var rule in _dnatOf[device])
            {
                if (nats.Address[rule] != packet.Destination) continue;
                if (nats.Port[rule] >= 0 && nats.Port[rule] != packet.DestinationPort) continue;
                if (nats.Protocol[rule] != Protocol.Any && nats.Protocol[rule] != packet.Protocol) continue;
                if (nats.TargetCount[rule] == 0) continue;
                var target = nats.FirstTarget[rule] + (int)(Hash(packet) % (uint)nats.TargetCount[rule]);
                var before = packet;
                var port = _image.NatTargets.Port[target];
                packet = packet with { Destination = _image.NatTargets.Address[target], DestinationPort = port >= 0 ? port : packet.DestinationPort };
                sessions.Add(device, isSource: false, before, packet, nats.Source[rule]);
                var owner = _image.NatTargets.Device[target];
                steps.Add(new TraceStep(StepKind.DestinationNat,
                    $"translates the destination {PacketHeader.Format(before.Destination)}:{before.DestinationPort} to {PacketHeader.Format(packet.Destination)}:{packet.DestinationPort}" +
                    (owner >= 0 ? $" ({DeviceName(owner)})" : ""), nats.Source[rule])
                {
                    Before = before, After = packet, Address = packet.Destination, Device = owner,
                });
                matched = true;
                break;
            }
            if (!matched) return;
        }
    }

    private void ApplySourceNat(int device, int next, int routeRow, ref PacketHeader packet, NatSessions sessions, List<TraceStep> steps)
    {
        var nats = _image.SourceNats;
        foreach (var rule in _snatOf[device])
        {
            if (!InPrefix(packet.Source, nats.MatchNetwork[rule], nats.MatchLength[rule])) continue;
            if (!InPrefix(packet.Destination, nats.TowardNetwork[rule], nats.TowardLength[rule])) continue;
            var address = nats.Target[rule] == SourceNatTarget.Egress ? EgressAddress(device, next, routeRow) : nats.TargetAddress[rule];
            if (address == packet.Source) return;
            var before = packet;
            packet = packet with { Source = address };
            sessions.Add(device, isSource: true, before, packet, nats.Source[rule]);
            steps.Add(new TraceStep(StepKind.SourceNat,
                $"translates the source {PacketHeader.Format(before.Source)} to {PacketHeader.Format(address)}", nats.Source[rule])
            {
                Before = before, After = packet, Address = address, Device = device,
            });
            return;
        }
    }
}
