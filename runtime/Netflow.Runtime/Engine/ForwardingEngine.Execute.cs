using Netflow.Runtime.Image;

namespace Netflow.Runtime.Engine;

public sealed partial class ForwardingEngine
{
    /// <summary>Headers nest (IP-in-IP in VXLAN); deeper than this is a loop of tunnels, not a design.</summary>
    private const int MaxEncapsulations = 8;

    /// <summary>Collects the hops and steps of the explaining path; the fast path runs the same stages without one.</summary>
    private sealed class Recorder(IReadOnlyList<TraceStep>? firstSteps)
    {
        public readonly List<TraceHop> Hops = [];
        public List<TraceStep> Steps = firstSteps is null ? [] : [.. firstSteps];

        public void EndHop(int device)
        {
            Hops.Add(new TraceHop(device, Steps));
            Steps = [];
        }
    }

    /// <summary>
    /// Runs the first packet of a connection from a device until it is accepted, refused, dropped, leaves the network or
    /// loops. The NAT rules it fires become sessions in <paramref name="sessions"/>.
    /// </summary>
    public Trace Execute(int start, PacketHeader header, NatSessions sessions, IReadOnlyList<TraceStep>? firstSteps = null) =>
        Execute(start, header, sessions, opensConnection: true, firstSteps);

    /// <summary>
    /// Runs a packet; <paramref name="opensConnection"/> false for a later packet of a known connection (a reply above
    /// all), which only the sessions translate: no NAT rule fires for it.
    /// </summary>
    public Trace Execute(int start, PacketHeader header, NatSessions sessions, bool opensConnection, IReadOnlyList<TraceStep>? firstSteps = null)
    {
        var recorder = new Recorder(firstSteps);
        var (end, final, _) = Walk(start, header, sessions, opensConnection, recorder);
        return new Trace(header, recorder.Hops, DispositionOf(end.Kind), end) { Final = final };
    }

    /// <summary>
    /// The fast path: the same stages as <see cref="Execute(int, PacketHeader, NatSessions, bool, IReadOnlyList{TraceStep}?)"/>
    /// with no steps recorded, so nothing is allocated per hop (but an encapsulation's outer header, and a NAT
    /// session the first time a reused <paramref name="sessions"/> grows).
    /// </summary>
    public Outcome Run(int start, PacketHeader header, NatSessions sessions, bool opensConnection = true)
    {
        var (end, final, hops) = Walk(start, header, sessions, opensConnection, null);
        return new Outcome(DispositionOf(end.Kind), end, final, hops);
    }

    /// <summary>
    /// Many packets in, dispositions out: each packet runs from its source device with its own NAT sessions on the fast
    /// path. For raw forwarding decisions, <see cref="LookupBatch"/> answers from one device's table without allocating.
    /// </summary>
    public void ExecuteBatch(ReadOnlySpan<(int Source, PacketHeader Header)> packets, Span<Disposition> dispositions)
    {
        if (dispositions.Length < packets.Length) throw new ArgumentException("one disposition per packet is needed", nameof(dispositions));
        var sessions = new NatSessions();
        for (var i = 0; i < packets.Length; i++)
        {
            sessions.Clear();
            dispositions[i] = Run(packets[i].Source, packets[i].Header, sessions).Disposition;
        }
    }

    public static Disposition DispositionOf(EndKind kind) => kind switch
    {
        EndKind.Accepted or EndKind.HeldByDevice => Disposition.Accepted,
        EndKind.Refused => Disposition.DeniedIn,
        EndKind.NoRoute => Disposition.NoRoute,
        EndKind.NullRouted => Disposition.NullRouted,
        EndKind.DeliveredToSubnet => Disposition.DeliveredToSubnet,
        EndKind.ExitsNetwork => Disposition.ExitsNetwork,
        EndKind.Loop or EndKind.HopLimit or EndKind.EncapsulationLoop => Disposition.Loop,
        EndKind.TunnelDown or EndKind.NeighborUnreachable or EndKind.NoVxlanTransport or EndKind.OutsideSelectors => Disposition.NeighborUnreachable,
        _ => Disposition.InsufficientInfo,
    };

    /// <summary>The pipeline: receive, then decide (decapsulate, session, destination NAT, proxy, deliver, route, source NAT, encapsulate), then transmit.</summary>
    private (TraceEnd End, PacketHeader Final, int Hops) Walk(int start, PacketHeader header, NatSessions sessions, bool opens, Recorder? recorder, int bypass = -1)
    {
        var packet = new PacketState { Device = start, Previous = -1, Inner = header, Opens = opens, KernelHost = HostOf(start), Bypass = bypass, HandTo = -1 };
        var seen = LoopKeys.Open();
        try
        {
            for (var hop = 0; ; hop++)
            {
                var decision = Receive(ref packet, hop, seen, recorder) ?? Decide(ref packet, sessions, recorder);
                if (decision.End is { } end)
                {
                    recorder?.Steps.Add(new TraceStep(StepKind.Stopped, 0) { Device = end.Device, Row = end.Row, Before = packet.Inner });
                    recorder?.EndHop(packet.Device);
                    return (end, packet.Inner, hop + 1);
                }
                Transmit(ref packet, decision, recorder);
            }
        }
        finally
        {
            seen.Close();
        }
    }

    /// <summary>Receive: record where the packet came from, stop a loop, push an encapsulation this device owes the packet.</summary>
    private Decision? Receive(ref PacketState packet, int hop, LoopKeys seen, Recorder? recorder)
    {
        packet.SessionHere = false;
        packet.MasqueradeSource = 0;
        if (packet.Previous >= 0) recorder?.Steps.Add(new TraceStep(StepKind.Received, 0) { Device = packet.Previous, Before = packet.Inner, Outer = packet.Outers?.Top.Header });
        if (hop >= MaxHops) return Decision.Stop(EndKind.HopLimit, packet.Device);
        if (!seen.Add(new LoopKey(packet.Device, packet.Inner, packet.Outers, packet.Pending, packet.KernelHost, packet.HandTo))) return Decision.Stop(EndKind.Loop, packet.Device);
        // A host passing the frame to its guest leaves the encapsulation the guest owes it to the guest.
        if (packet.Pending is { } encapsulation && packet.HandTo < 0)
        {
            Push(ref packet, encapsulation, recorder);
            packet.Pending = null;
        }
        return null;
    }

    /// <summary>Pushes an outer header; <paramref name="route"/> is the route row that entered the tunnel, -1 for an overlay.</summary>
    private static void Push(ref PacketState packet, Outer outer, Recorder? recorder, int route = -1)
    {
        packet.Outers = new OuterStack(outer, packet.Outers, (packet.Outers?.Depth ?? 0) + 1);
        recorder?.Steps.Add(new TraceStep(StepKind.Encapsulated, outer.SourceRow) { Outer = outer.Header, Row = outer.Tunnel, Before = packet.Inner, Route = route });
    }

    private Decision Decide(ref PacketState packet, NatSessions sessions, Recorder? recorder)
    {
        if (packet.HandTo >= 0)
        {
            // A hypervisor host's switch passes a frame between its guest and the physical segment.
            var hand = new Decision(packet.HandTo, -1, packet.HandSegment, ForwardKind.Placed);
            packet.HandTo = -1;
            return hand;
        }
        if (Decapsulate(ref packet, recorder) is { } placed) return WithoutVxlanTransport(packet, placed, HopSegment(packet, placed)) ?? placed;
        if (packet.Outers is null)
        {
            packet.SessionHere = sessions.Translate(packet.Device, ref packet.Inner, recorder?.Steps);
            if (packet.Opens && !packet.SessionHere) DestinationNat(ref packet, sessions, recorder);
            if (packet.Opens) Proxy(ref packet, sessions, recorder);
            else ProxiedReply(ref packet, sessions, recorder);
            if (Deliver(ref packet, recorder) is { } delivered) return delivered;
        }
        var decision = Route(ref packet, sessions, recorder);
        if (decision.End is null && HopSegment(packet, decision) is var segment && segment >= 0
            && (WithoutVxlanTransport(packet, decision, segment) ?? ThroughDownL2Tunnel(packet, decision, segment)) is { } stranded)
        {
            return stranded;
        }
        if (decision.End is null && packet.Outers is null) SourceNat(ref packet, decision.Next, decision.RouteRow, sessions, recorder);
        return decision;
    }

    /// <summary>
    /// Decapsulate what this device terminates; after a VXLAN or L2 tunnel the frame is placed on its target's segment.
    /// A device that holds a tunnel's address for the one that terminates it hands the packet on.
    /// </summary>
    private Decision? Decapsulate(ref PacketState packet, Recorder? recorder)
    {
        while (packet.Outers is { } stack)
        {
            var top = stack.Top;
            if (top.Terminator != packet.Device)
            {
                if (!Holds(packet.Device, top.Destination)) return null;
                recorder?.Steps.Add(new TraceStep(StepKind.Forwarded, top.SourceRow)
                {
                    How = ForwardKind.HandOff, Device = top.Terminator, Outer = top.Header, Row = top.Tunnel, Before = packet.Inner,
                });
                return new Decision(top.Terminator, -1, -1, ForwardKind.Route);
            }
            packet.Outers = stack.Below;
            recorder?.Steps.Add(new TraceStep(StepKind.Decapsulated, top.SourceRow) { Outer = top.Header, Row = top.Tunnel, Before = packet.Inner });
            if (top.L2Target >= 0) return new Decision(top.L2Target, -1, top.Segment, ForwardKind.Placed);
        }
        return null;
    }

    /// <summary>
    /// Deliver: a device that holds the destination accepts a connection's first packet if something on it listens,
    /// else refuses it; a later packet (a reply) belongs to the socket that opened the connection.
    /// </summary>
    private Decision? Deliver(ref PacketState packet, Recorder? recorder)
    {
        var device = packet.Device;
        if (!Holds(device, packet.Inner.Destination)) return null;
        var listener = packet.Opens ? Listener(device, packet.Inner) : -1;
        if (listener == NoListener) return Decision.Stop(EndKind.Refused, device, packet.Inner.Destination);
        recorder?.Steps.Add(new TraceStep(StepKind.Delivered, ListenerSource(listener)) { Row = listener, Before = packet.Inner, Address = packet.Inner.Destination });
        return Decision.Stop(EndKind.Accepted, device, packet.Inner.Destination, listener);
    }

    /// <summary>Longest-prefix match on the outermost header; a route into a tunnel encapsulates and routes again.</summary>
    private Decision Route(ref PacketState packet, NatSessions sessions, Recorder? recorder)
    {
        var device = packet.Device;
        while (true)
        {
            var destination = packet.Destination;
            var row = ChooseRoute(device, destination, packet.Inner);
            // A tunnel's own outer header never goes back into it: its underlay is the next shorter route.
            if (row >= 0 && _image.Routes.Tunnel[row] is var via && via >= 0 && (via == packet.Bypass || (packet.Outers?.Contains(via) ?? false)))
            {
                row = ShorterRouteAvoiding(device, destination, via);
            }
            if (row < 0) return Decision.Stop(EndKind.NoRoute, device, destination);
            var routes = _image.Routes;
            switch (routes.Action[row])
            {
                case RouteAction.Drop: return Decision.Stop(EndKind.NullRouted, device, destination, row);
                case RouteAction.Local: return Decision.Stop(EndKind.HeldByDevice, device, destination, row);
                case RouteAction.Connected: return Connected(packet, row, destination);
            }
            var next = routes.NextHopDevice[row];
            var tunnel = routes.Tunnel[row];
            if (tunnel >= 0 && ((packet.Outers?.Contains(tunnel) ?? false) || (packet.Outers?.Depth ?? 0) >= MaxEncapsulations))
            {
                return Decision.Stop(EndKind.EncapsulationLoop, device, destination, tunnel);
            }
            if (tunnel >= 0 && HasUpDown(_image.Tunnels.Kind[tunnel]) && !TunnelUp(tunnel)) return Decision.Stop(EndKind.TunnelDown, device, destination, tunnel);
            if (tunnel >= 0 && TunnelHeader(device, next, tunnel) is { } outer)
            {
                if (packet.Outers is null) SourceNat(ref packet, next, row, sessions, recorder);
                // The policy is looked up after source NAT (netfilter redoes the lookup for a translated packet); a packet
                // that no CHILD_SA covers is not encrypted, and a tunnel interface drops it (host unreachable).
                if (_image.Tunnels.Kind[tunnel] == TunnelKind.Ipsec
                    && OutsideSelectors(tunnel, device, next, packet.Outers?.Top.Header.Source ?? packet.Inner.Source, destination, out var outside))
                {
                    return Decision.Stop(EndKind.OutsideSelectors, device, outside, tunnel);
                }
                Push(ref packet, outer, recorder, row);
                continue;
            }
            // A gateway nobody holds on an attached segment never answers ARP; one beyond the declared segments is outside.
            if (next < 0) return Decision.Stop(GatewayOnSegment(row) ? EndKind.NeighborUnreachable : EndKind.ExitsNetwork, device, destination, row);
            return new Decision(next, row, -1, ForwardKind.Route);
        }
    }

    private bool GatewayOnSegment(int row) =>
        _image.Routes.NextHopAddress[row] != 0 && _image.Routes.OutInterface[row] is var outInterface && outInterface >= 0
        && _image.Interfaces.Segment[outInterface] >= 0;

    /// <summary>A connected route: to whoever holds the destination on that segment.</summary>
    private Decision Connected(in PacketState packet, int row, uint destination)
    {
        var outInterface = _image.Routes.OutInterface[row];
        var segment = outInterface >= 0 ? _image.Interfaces.Segment[outInterface] : -1;
        var next = HolderOn(segment, destination, packet.Device);
        if (next >= 0) return new Decision(next, row, -1, ForwardKind.Route);
        return Decision.Stop(packet.Outers is null ? EndKind.DeliveredToSubnet : EndKind.NeighborUnreachable, packet.Device, destination, row);
    }

    /// <summary>
    /// The hypervisor host a frame on a physical segment crosses: the sender's, when the receiver is not on it, else the
    /// receiver's, when the sender is not on it; -1 when both are on one host or neither is on one (or on VXLAN, which
    /// the overlay handles, or to a distributed router, which is in every host's kernel).
    /// </summary>
    private int HostBetween(in PacketState packet, int next, int segment)
    {
        if (_image.Segments.Kind[segment] == SegmentKind.Vxlan || _image.Devices.Kind[next] == DeviceKind.LogicalRouter) return -1;
        var from = _image.Devices.Kind[packet.Device] == DeviceKind.LogicalRouter ? -1 : Hypervisor(packet.Device);
        var to = Hypervisor(next);
        if (from == to) return -1;
        if (from >= 0 && from != packet.Device) return from;
        return to >= 0 && to != next ? to : -1;
    }

    /// <summary>
    /// Transmit: over a VXLAN segment between hosts, or a stretched segment between sites, the frame goes through the
    /// encapsulating device first; a guest of a worker is reached through its worker.
    /// </summary>
    private void Transmit(ref PacketState packet, Decision decision, Recorder? recorder)
    {
        var next = decision.Next;
        var target = next;
        TunnelKind? overlayKind = null;
        var segment = decision.Segment >= 0 ? decision.Segment : SegmentBetween(packet.Device, next, decision.RouteRow);
        if (segment >= 0 && Overlay(packet, next, segment) is { } overlay)
        {
            packet.Pending = overlay.Outer;
            target = overlay.Via;
            overlayKind = overlay.Outer.Header.Kind;
            // An L2 concentrator off the sender's host is reached through its host's switch.
            if (overlay.Outer.Header.Kind == TunnelKind.L2 && HostBetween(packet, target, segment) is var host && host >= 0)
            {
                packet.HandTo = target;
                packet.HandSegment = segment;
                target = host;
            }
        }
        else if (_image.Devices.Host[next] is var worker && worker >= 0 && worker != packet.Device
            && _image.Devices.Kind[worker] == DeviceKind.Worker && !Holds(worker, packet.Inner.Destination) && packet.Outers is null)
        {
            target = worker;
        }
        else if (segment >= 0 && HostBetween(packet, next, segment) is var through && through >= 0)
        {
            target = through;
            packet.HandTo = next;
            packet.HandSegment = segment;
        }
        recorder?.Steps.Add(new TraceStep(StepKind.Forwarded, decision.RouteRow >= 0 ? _image.Routes.Source[decision.RouteRow] : 0)
        {
            How = decision.How, Device = next, Row = decision.RouteRow, Before = packet.Inner, Outer = packet.Outers?.Top.Header,
            Through = target != next ? target : -1, Overlay = overlayKind,
        });
        recorder?.EndHop(packet.Device);
        // A distributed router routes in the kernel of the host the packet comes from.
        packet.KernelHost = _image.Devices.Kind[target] == DeviceKind.LogicalRouter ? KernelHostOf(packet) : HostOf(target);
        packet.Previous = packet.Device;
        packet.Device = target;
    }
}
