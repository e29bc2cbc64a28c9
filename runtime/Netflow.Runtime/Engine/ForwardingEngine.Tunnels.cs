using Netflow.Runtime.Image;

namespace Netflow.Runtime.Engine;

public sealed partial class ForwardingEngine
{
    /// <summary>Per IPsec tunnel: up or down; false while being checked, absent until first asked.</summary>
    private readonly Dictionary<int, bool> _tunnelUp = [];

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
    /// when the two endpoints' underlay addresses are on different subnets. Null when the packet goes unencapsulated.
    /// </summary>
    private Outer? TunnelHeader(int device, int next, int tunnel)
    {
        if (!Encapsulates(device, next, tunnel)) return null;
        var (local, remote) = (Endpoint(tunnel, device), Endpoint(tunnel, next));
        var header = new OuterHeader(_image.Tunnels.Kind[tunnel], _image.TunnelEndpoints.Address[local], _image.TunnelEndpoints.Address[remote]);
        return new Outer(header, next, -1, -1, _image.Tunnels.Source[tunnel], tunnel);
    }

    /// <summary>Whether a route through a tunnel to one of its endpoints encapsulates (not IP-in-IP cross-subnet to a peer on this subnet).</summary>
    private bool Encapsulates(int device, int next, int tunnel)
    {
        var local = Endpoint(tunnel, device);
        var remote = Endpoint(tunnel, next);
        if (local < 0 || remote < 0) return false;
        var tunnels = _image.Tunnels;
        return tunnels.Kind[tunnel] != TunnelKind.IpInIp || tunnels.Mode[tunnel] != TunnelMode.CrossSubnet
            || !SameSubnet(device, _image.TunnelEndpoints.Address[local], _image.TunnelEndpoints.Address[remote]);
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
    /// A tunnel with an up/down state (IPsec, and the L2 concentrators' tunnel) is up when every end has its gateway, an
    /// IPsec tunnel's ends' selectors meet (<see cref="DisjointSelectors"/>), and its probes pass (<see cref="TunnelProbes"/>): IPsec when each gateway reaches the other's target address on IKE
    /// (udp/500) and NAT-T (udp/4500), through whatever load balancer or DNAT fronts it, accepted by the other gateway;
    /// an L2 tunnel when each concentrator reaches the other both ways. Probes that would need the tunnel itself find it
    /// down. The check (NF3002) asks the same probes, so check and engine agree.
    /// </summary>
    public bool TunnelUp(int tunnel)
    {
        // Walks run in parallel (reach); the first to need a tunnel decides it for all. The lock is reentrant, so the
        // check's own walks may ask about further tunnels.
        lock (_tunnelUp) return DecideTunnelUp(tunnel);
    }

    private bool DecideTunnelUp(int tunnel)
    {
        if (_tunnelUp.TryGetValue(tunnel, out var known)) return known;
        _tunnelUp[tunnel] = false;
        var up = EveryEndHasItsGateway(tunnel) && DisjointSelectors(_image, tunnel) is null;
        foreach (var probe in TunnelProbes(tunnel))
        {
            if (!up || !(up = Passes(probe))) break;
        }
        _tunnelUp[tunnel] = up;
        return up;
    }

    /// <summary>Whether a tunnel kind comes up or stays down (a control plane: IKE, HCX), rather than always carrying.</summary>
    public static bool HasUpDown(TunnelKind kind) => kind is TunnelKind.Ipsec or TunnelKind.L2;

    private bool EveryEndHasItsGateway(int tunnel)
    {
        var first = _image.Tunnels.FirstEndpoint[tunnel];
        for (var e = first; e < first + _image.Tunnels.EndpointCount[tunnel]; e++)
        {
            if (_image.TunnelEndpoints.Device[e] < 0) return false;
        }
        return true;
    }

    /// <summary>
    /// The packets that must get through, outside the tunnel, for a tunnel to work: from each endpoint's device to each
    /// other endpoint's target address, IKE and NAT-T for IPsec, an ICMP echo for the other kinds.
    /// </summary>
    public IEnumerable<TunnelProbe> TunnelProbes(int tunnel)
    {
        var first = _image.Tunnels.FirstEndpoint[tunnel];
        var end = first + _image.Tunnels.EndpointCount[tunnel];
        for (var a = first; a < end; a++)
        {
            for (var b = first; b < end; b++)
            {
                var (from, to, target) = (_image.TunnelEndpoints.Device[a], _image.TunnelEndpoints.Device[b], _image.TunnelEndpoints.Address[b]);
                if (a == b || from == to || from < 0 || to < 0) continue;
                // A gateway speaks from its own target address when it holds it (a container behind a load balancer does not).
                var source = Holds(from, _image.TunnelEndpoints.Address[a]) ? _image.TunnelEndpoints.Address[a] : SourceAddress(from, target);
                if (_image.Tunnels.Kind[tunnel] != TunnelKind.Ipsec)
                {
                    yield return new TunnelProbe(tunnel, from, to, new PacketHeader(source, target, Protocol.Icmp, 0, 0));
                    continue;
                }
                yield return new TunnelProbe(tunnel, from, to, new PacketHeader(source, target, Protocol.Udp, 500, 500));
                yield return new TunnelProbe(tunnel, from, to, new PacketHeader(source, target, Protocol.Udp, 4500, 4500));
            }
        }
    }

    /// <summary>Whether a tunnel's probe is accepted by the other endpoint's device.</summary>
    public bool Passes(TunnelProbe probe)
    {
        var (end, _, _) = Walk(probe.From, probe.Header, new NatSessions(), opens: true, recorder: null, bypass: probe.Tunnel);
        return end.Kind == EndKind.Accepted && end.Device == probe.To;
    }

    /// <summary>A tunnel's probe, explained: every step, outside the tunnel.</summary>
    public Trace Explain(TunnelProbe probe)
    {
        var recorder = new Recorder(null);
        var (end, final, _) = Walk(probe.From, probe.Header, new NatSessions(), opens: true, recorder, bypass: probe.Tunnel);
        return new Trace(probe.Header, recorder.Hops, DispositionOf(end.Kind), end) { Final = final };
    }

    /// <summary>
    /// The overlay a frame takes to the next device on a segment, and the device it goes through first:
    /// <list type="bullet">
    /// <item>a stretched segment between sites: the sender's side L2 concentrator encapsulates for the other side's (reached
    /// itself over the stretched network's VXLAN when it runs on another host than the sender);</item>
    /// <item>a VXLAN segment, or a stretched segment inside one site between VTEP hosts, between devices whose kernels run
    /// on different hypervisor hosts: the sender's host encapsulates for the receiver's. A distributed router is on
    /// every host, so the frame to it never crosses hosts.</item>
    /// </list>
    /// </summary>
    private (int Via, Outer Outer)? Overlay(in PacketState packet, int next, int segment)
    {
        var device = packet.Device;
        var kind = _image.Segments.Kind[segment];
        if (kind == SegmentKind.Stretched && TopSite(device) != TopSite(next))
        {
            if (Concentrators(segment, device, next) is not { } l2) return null;
            var near = _image.TunnelEndpoints.Device[l2.Near];
            if (near != device && Vxlan(packet, near, next, segment, requireVteps: true) is { } toConcentrator)
            {
                return toConcentrator;
            }
            var outer = new Outer(new OuterHeader(TunnelKind.L2, _image.TunnelEndpoints.Address[l2.Near], _image.TunnelEndpoints.Address[l2.Far]),
                _image.TunnelEndpoints.Device[l2.Far], next, segment, _image.Tunnels.Source[l2.Tunnel], l2.Tunnel);
            return (near, outer);
        }
        if (kind is SegmentKind.Vxlan or SegmentKind.Stretched)
        {
            return Vxlan(packet, -1, next, segment, kind == SegmentKind.Stretched, ReceiverHost(packet, next));
        }
        return null;
    }

    /// <summary>
    /// VXLAN from the host whose kernel runs this hop to the receiver's host (or <paramref name="via"/>'s host), carrying
    /// the frame for <paramref name="next"/>; null on one host, or off hosts (or off VTEPs when they are required).
    /// </summary>
    private (int Via, Outer Outer)? Vxlan(in PacketState packet, int via, int next, int segment, bool requireVteps, int receiverHost = -1)
    {
        var from = KernelHostOf(packet);
        var to = via >= 0 ? HostOf(via) : receiverHost;
        if (from < 0 || to < 0 || from == to) return null;
        if (requireVteps && (Vtep(from) < 0 || Vtep(to) < 0)) return null;
        var outer = new Outer(new OuterHeader(TunnelKind.Vxlan, VtepAddress(from), VtepAddress(to)), to, next, segment, _image.Segments.Source[segment]);
        return (from, outer);
    }

    /// <summary>The host whose kernel receives a frame for <paramref name="next"/>: a distributed router's is this hop's own.</summary>
    private int ReceiverHost(in PacketState packet, int next) =>
        _image.Devices.Kind[next] == DeviceKind.LogicalRouter ? KernelHostOf(packet) : HostOf(next);

    /// <summary>The L2 tunnel stretching a segment, with its endpoints on the sender's side and the receiver's.</summary>
    private (int Tunnel, int Near, int Far)? Concentrators(int segment, int device, int next)
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
            if (near >= 0 && far >= 0) return (t, near, far);
        }
        return null;
    }

    /// <summary>
    /// A frame on a VXLAN segment between two hosts, when they are not both endpoints of one declared VXLAN tunnel (the
    /// NSX transport zone): the host outside it cannot carry the segment, so the frame is not delivered. A stretched
    /// segment is a VXLAN logical switch on the side whose hosts are in the transport: a frame between its hosts there
    /// (to or from the L2 concentrator's host too) needs both in it; between hosts neither of which is (the physical
    /// VLAN on the other side) it needs none. Without any VXLAN tunnel declared, every host is a VTEP at its first address.
    /// </summary>
    private Decision? WithoutVxlanTransport(in PacketState packet, Decision decision, int segment)
    {
        if (!_declaresVxlan) return null;
        var next = decision.Next;
        if (segment < 0 || _image.Segments.Kind[segment] is not (SegmentKind.Vxlan or SegmentKind.Stretched)) return null;
        var stretched = _image.Segments.Kind[segment] == SegmentKind.Stretched;
        var from = KernelHostOf(packet);
        var to = !stretched || TopSite(packet.Device) == TopSite(next) ? ReceiverHost(packet, next)
            : Concentrators(segment, packet.Device, next) is { } l2 ? HostOf(_image.TunnelEndpoints.Device[l2.Near]) : -1;
        if (from < 0 || to < 0 || from == to || SharedVxlan(from, to)) return null;
        if (stretched && Vtep(from) < 0 && Vtep(to) < 0) return null;
        var stranded = Vtep(to) < 0 || Vtep(from) >= 0 ? to : from;
        return Decision.Stop(EndKind.NoVxlanTransport, stranded, packet.Inner.Destination, segment);
    }

    /// <summary>The segment a decided hop crosses (worked out once per hop for the overlay checks); -1 for none.</summary>
    private int HopSegment(in PacketState packet, Decision decision) =>
        decision.Segment >= 0 ? decision.Segment : SegmentBetween(packet.Device, decision.Next, decision.RouteRow);

    /// <summary>A frame for another site over a stretched segment whose L2 tunnel is down stops at this side's concentrator.</summary>
    private Decision? ThroughDownL2Tunnel(in PacketState packet, Decision decision, int segment)
    {
        var next = decision.Next;
        if (segment < 0 || _image.Segments.Kind[segment] != SegmentKind.Stretched || TopSite(packet.Device) == TopSite(next)) return null;
        if (Concentrators(segment, packet.Device, next) is not { } l2 || TunnelUp(l2.Tunnel)) return null;
        return Decision.Stop(EndKind.TunnelDown, _image.TunnelEndpoints.Device[l2.Near], packet.Inner.Destination, l2.Tunnel);
    }

    private bool SharedVxlan(int host, int other)
    {
        for (var t = 0; t < _image.Tunnels.Count; t++)
        {
            if (_image.Tunnels.Kind[t] == TunnelKind.Vxlan && Endpoint(t, host) >= 0 && Endpoint(t, other) >= 0) return true;
        }
        return false;
    }

    /// <summary>A host's VXLAN tunnel endpoint row, or -1 when it is in no VXLAN tunnel.</summary>
    private int Vtep(int host)
    {
        for (var t = 0; t < _image.Tunnels.Count; t++)
        {
            if (_image.Tunnels.Kind[t] == TunnelKind.Vxlan && Endpoint(t, host) is var e && e >= 0) return e;
        }
        return -1;
    }

    /// <summary>A host's VXLAN tunnel endpoint address: its endpoint in a VXLAN tunnel, else its first address.</summary>
    private uint VtepAddress(int host) => Vtep(host) is var e && e >= 0 ? _image.TunnelEndpoints.Address[e] : PrimaryAddress(host);
}
