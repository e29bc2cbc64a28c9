using Netflow.Compiler.Lowering;
using Netflow.Language;
using Netflow.Language.Addressing;
using Netflow.Language.Binding;
using Netflow.Language.Diagnostics;
using Netflow.Language.Routing;
using Netflow.Language.Text;
using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;
using Netflow.Runtime.Rendering;

namespace Netflow.Compiler.Forwarding;

/// <summary>
/// The checks about forwarding, run on the compiled image with the engine that executes it (one forwarding model):
/// forwarding loops (NF3004), black holes (NF3005) and tunnels whose endpoints cannot reach each other (NF3002). Each
/// reports at the declaration behind the image row that decided, which the image keeps in the compilation's order.
/// </summary>
internal sealed class ForwardingChecks(Compilation compilation, ForwardingEngine engine, DiagnosticBag diagnostics)
{
    private NetworkImage Image => engine.Image;

    /// <summary>The destination NAT rules in the image's row order, for the lines of a loop through them.</summary>
    private List<DestinationRule>? _destinationRules;

    /// <summary>The forwarding checks of the image; <paramref name="cancellation"/> is observed between them.</summary>
    public static IReadOnlyList<Diagnostic> Check(Compilation compilation, NetworkImage image, CancellationToken cancellation = default) =>
        Check(compilation, new ForwardingEngine(image), cancellation);

    /// <summary>The forwarding checks on an engine already built for the compilation's image.</summary>
    public static IReadOnlyList<Diagnostic> Check(Compilation compilation, ForwardingEngine engine, CancellationToken cancellation = default)
    {
        var bag = new DiagnosticBag();
        new ForwardingChecks(compilation, engine, bag).Check(cancellation);
        return bag.ToList();
    }

    private void Check(CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        foreach (var loop in LoopFinder.Find(engine)) ReportLoop(loop);
        cancellation.ThrowIfCancellationRequested();
        FindBlackHoles();
        cancellation.ThrowIfCancellationRequested();
        CheckTunnels();
        FindUnattractedLoadBalancerAddresses();
    }

    /// <summary>The route a FIB row was lowered from: the rows of a device are its table's entries, in order.</summary>
    private RouteEntry Entry(int row)
    {
        var device = Image.Routes.Device[row];
        return compilation.Routes[compilation.Model.Devices[device]].Entries[row - Image.Devices.FirstRoute[device]];
    }

    // ---- NF3004, NF4007 --------------------------------------------------------------------------------------------------

    private void ReportLoop(ForwardingLoop loop)
    {
        if (loop.Translations.Count > 0)
        {
            var rules = _destinationRules ??= new LoweringRules(compilation.Topology).DestinationRules().ToList();
            diagnostics.ReportDestinationNatLoop([.. loop.Translations.Select(t => (compilation.Model.Devices[t.Device], rules[t.Rule].Location, IpAddress.V4(t.Before), IpAddress.V4(t.After)))],
                IpAddress.V4(loop.Header.Destination));
            return;
        }
        if (loop.Hops.All(h => h.Row < 0)) return;
        // What loops is where every route of the cycle decides: the most specific prefix less what the devices' more
        // specific routes take (an address there leaves the cycle).
        var rows = loop.Hops.Where(h => h.Row >= 0).Select(h => h.Row).ToList();
        var looping = rows.Select(Decided).Aggregate((a, b) => Intervals.Intersect(a, b));
        var (first, last) = Span(rows.MaxBy(r => Image.Routes.Length[r]));
        var except = Intervals.Subtract(first, last, looping).SelectMany(s => Intervals.Prefixes(s.First, s.Last))
            .Select(p => new IpPrefix(IpAddress.V4(p.Network), p.Length)).ToList();
        diagnostics.ReportForwardingLoop([.. loop.Hops.Select(h => (compilation.Model.Devices[h.Device], h.Row >= 0 ? Entry(h.Row) : null))],
            IpAddress.V4(loop.Header.Destination), except);
    }

    // ---- NF3005 --------------------------------------------------------------------------------------------------

    /// <summary>
    /// A static or BGP route that hands traffic to a next device is a black hole for the known destinations (ranges on
    /// segments, interface addresses) it decides and the next device has no route for, where the engine's packet indeed
    /// stops at that device without one. Traffic to addresses nothing holds is nobody's expectation. A default route
    /// decides "whatever I do not know", much of which no one means to reach (the internet has no route to a private
    /// range, a cluster's pods hide behind SNAT), so for it an address counts only where another gateway on the segment
    /// the route leaves by carries the traffic both ways: the traffic had a way, and the default route points past it.
    /// One missing route is one diagnostic: the routes that hand traffic to the same device for the same gap in its
    /// table are reported together, at the most specific of them, the others as related locations.
    /// </summary>
    private void FindBlackHoles()
    {
        var destinations = new KnownDestinations(compilation.Topology);
        var holders = new Dictionary<uint, int>();
        for (var i = 0; i < Image.Interfaces.Count; i++) if (Image.Interfaces.Address[i] != 0) holders.TryAdd(Image.Interfaces.Address[i], Image.Interfaces.Device[i]);
        var held = holders.Keys.Order().ToArray();
        var routes = Image.Routes;
        var reached = new Dictionary<(int Segment, int Next, uint Address), bool>();
        var holes = new Dictionary<(int Next, ulong Gap), List<(int Row, List<(ulong First, ulong Last)> Affected)>>();
        for (var row = 0; row < routes.Count; row++)
        {
            if (routes.Origin[row] is not (RouteOrigin.Static or RouteOrigin.Bgp) || routes.Action[row] != RouteAction.Forward) continue;
            var (device, next) = (routes.Device[row], routes.NextHopDevice[row]);
            if (next < 0) continue;
            var decided = Intervals.Intersect(Unrouted(next, row), Decided(row));
            var affected = destinations.Within(decided);
            if (routes.Length[row] == 0) affected = [.. affected.SelectMany(s => Held(held, s)).Where(a => ReachedBeside(row, a, holders[a], reached)).Select(a => ((ulong)a, (ulong)a))];
            if (affected.Count == 0) continue;
            var first = (uint)affected[0].First;
            var trace = engine.Run(device, LoopFinder.Probe(engine, device, first), new NatSessions());
            if (trace.End.Kind != EndKind.NoRoute || trace.End.Device != next) continue;
            var key = (next, GapStart(next, first));
            if (!holes.TryGetValue(key, out var list)) holes[key] = list = [];
            list.Add((row, affected));
        }
        foreach (var ((next, _), list) in holes.OrderBy(h => h.Value.Min(r => r.Row)))
        {
            var primary = list.OrderByDescending(r => routes.Length[r.Row]).ThenBy(r => r.Row).First().Row;
            var parts = Intervals.Merge(list.SelectMany(r => r.Affected))
                .SelectMany(s => Intervals.Prefixes(s.First, s.Last)).Select(p => new IpPrefix(IpAddress.V4(p.Network), p.Length)).ToList();
            diagnostics.ReportBlackHole(Entry(primary), compilation.Model.Devices[next], parts,
                [.. list.Where(r => r.Row != primary).Select(r => Entry(r.Row))]);
        }
    }

    /// <summary>The rows of a device's table, as the image orders them.</summary>
    private IEnumerable<int> RowsOf(int device) =>
        Enumerable.Range(Image.Devices.FirstRoute[device], Image.Devices.RouteCount[device]);

    private (ulong First, ulong Last) Span(int row) =>
        ((ulong)Image.Routes.Network[row], (ulong)Image.Routes.Network[row] + (1UL << (32 - Image.Routes.Length[row])) - 1);

    /// <summary>The part of a route's prefix that a device has no route for.</summary>
    private List<(ulong First, ulong Last)> Unrouted(int device, int row)
    {
        var (first, last) = Span(row);
        return Intervals.Subtract(first, last, RowsOf(device).Select(Span).Where(s => s.Last >= first && s.First <= last));
    }

    /// <summary>The part of a route's prefix it decides: its device's more specific routes take the rest.</summary>
    private List<(ulong First, ulong Last)> Decided(int row)
    {
        var (first, last) = Span(row);
        var length = Image.Routes.Length[row];
        return Intervals.Subtract(first, last, RowsOf(Image.Routes.Device[row]).Where(r => Image.Routes.Length[r] > length).Select(Span)
            .Where(s => s.First >= first && s.Last <= last));
    }

    /// <summary>The first address of the gap in a device's table that holds an address it has no route for: the key of one missing route.</summary>
    private ulong GapStart(int device, uint address) =>
        RowsOf(device).Select(Span).Where(s => s.Last < address).Select(s => s.Last + 1).DefaultIfEmpty(0UL).Max();

    /// <summary>The held addresses (sorted) in a stretch.</summary>
    private static IEnumerable<uint> Held(uint[] held, (ulong First, ulong Last) stretch)
    {
        var at = Array.BinarySearch(held, (uint)stretch.First);
        for (var k = at >= 0 ? at : ~at; k < held.Length && held[k] <= stretch.Last; k++) yield return held[k];
    }

    /// <summary>
    /// Whether another gateway on the segment a route leaves by (not the route's next device) would carry the route's
    /// device's traffic to an address both ways: its ICMP echo, handed to that gateway instead, is accepted by the
    /// address's holder and the answer gets back to the device unchanged, without passing the next device (an answer
    /// that comes back through it makes the next device part of the pair's path by design, not a gateway pointed at in
    /// error).
    /// </summary>
    private bool ReachedBeside(int row, uint address, int holder, Dictionary<(int Segment, int Next, uint Address), bool> reached)
    {
        var (device, next, egress) = (Image.Routes.Device[row], Image.Routes.NextHopDevice[row], Image.Routes.OutInterface[row]);
        if (holder == device || egress < 0 || Image.Interfaces.Segment[egress] is var segment && segment < 0) return false;
        var gateways = Enumerable.Range(0, Image.Interfaces.Count).Where(i => Image.Interfaces.Segment[i] == segment).Select(i => Image.Interfaces.Device[i])
            .Where(d => d != next && d != holder && Image.Devices.Kind[d] is Netflow.Runtime.Image.DeviceKind.Router
                or Netflow.Runtime.Image.DeviceKind.EdgeGateway or Netflow.Runtime.Image.DeviceKind.LogicalRouter).Distinct().ToList();
        // Cheap first, once per segment and address: whether any gateway there reaches the address with a packet of its own.
        if (!reached.TryGetValue((segment, next, address), out var any))
        {
            reached[(segment, next, address)] = any = gateways.Any(d => engine.Run(d, Echo(d, address), new NatSessions()).End is { Kind: EndKind.Accepted } end && end.Device == holder);
        }
        return any && gateways.Any(d => d != device && RoundTrip(d, Echo(device, address), holder, device, next));
    }

    /// <summary>The ICMP echo a device sends to an address (from the address of the interface its route uses).</summary>
    private PacketHeader Echo(int device, uint address) =>
        new(engine.SourceAddress(device, address), address, Netflow.Runtime.Image.Protocol.Icmp, FlowRunner.SourcePort, FlowRunner.DefaultPort(Netflow.Runtime.Image.Protocol.Icmp));

    /// <summary>Whether a packet that enters at <paramref name="at"/> is accepted by <paramref name="holder"/> and its answer reaches <paramref name="origin"/> unchanged, not through <paramref name="avoid"/>.</summary>
    private bool RoundTrip(int at, PacketHeader packet, int holder, int origin, int avoid)
    {
        var sessions = new NatSessions();
        var forward = engine.Run(at, packet, sessions);
        if (forward.End.Kind != EndKind.Accepted || forward.End.Device != holder) return false;
        var answer = engine.Execute(holder, forward.Final.Reply(), sessions, opensConnection: false);
        return answer.End.Kind == EndKind.Accepted && answer.End.Device == origin && answer.Final == packet.Reply() && !answer.Hops.Any(h => h.Device == avoid);
    }

    // ---- NF2022 --------------------------------------------------------------------------------------------------

    /// <summary>
    /// A load-balancer service's external address attracts its packets when a device holds it (the worker that announces
    /// it, as IKS's load balancer does) or a route other than a default route sends it to a device that has kube-proxy's
    /// rule for it (a worker of the cluster); otherwise packets to it never meet that rule.
    /// </summary>
    private void FindUnattractedLoadBalancerAddresses()
    {
        var held = Image.Interfaces.Address.ToHashSet();
        // A service outside every cluster is NF2023 already: no worker installs its rules wherever its packets go.
        foreach (var service in compilation.Model.Devices.Where(d => d.LoadBalancerAddress is not null && compilation.Model.ClusterOf(d) is not null))
        {
            var address = service.LoadBalancerAddress!.Value.ToV4();
            if (held.Contains(address) || RoutedToKubeProxy(address)) continue;
            diagnostics.ReportLoadBalancerAddressUnattracted(service);
        }
    }

    /// <summary>Whether a route (not a default route) of some device sends an address to a device with a kube-proxy rule for it.</summary>
    private bool RoutedToKubeProxy(uint address)
    {
        var (routes, nats) = (Image.Routes, Image.DestinationNats);
        var installers = Enumerable.Range(0, nats.Count)
            .Where(r => nats.Kind[r] == DestinationNatKind.KubeProxy && nats.Address[r] == address).Select(r => nats.Device[r]).ToHashSet();
        return Enumerable.Range(0, routes.Count).Any(r => routes.Action[r] == RouteAction.Forward && routes.Length[r] > 0
            && installers.Contains(routes.NextHopDevice[r])
            && (address >> (32 - routes.Length[r])) == (routes.Network[r] >> (32 - routes.Length[r])));
    }

    // ---- NF3002 --------------------------------------------------------------------------------------------------

    /// <summary>
    /// A tunnel works when each endpoint's packets reach the other outside the tunnel (IKE and NAT-T for IPsec), and an
    /// IPsec tunnel's ends' traffic selectors meet (NF3043); a route into it beyond them is a warning (NF3042).
    /// </summary>
    private void CheckTunnels()
    {
        for (var t = 0; t < Image.Tunnels.Count; t++)
        {
            if (ForwardingEngine.DisjointSelectors(Image, t) is { } disjoint) ReportDisjointSelectors(t, disjoint.Protecting, disjoint.Routing);
            else FindRoutesBeyondSelectors(t);
            foreach (var probe in engine.TunnelProbes(t))
            {
                if (engine.Passes(probe)) continue;
                diagnostics.ReportTunnelEndpointsUnreachable(compilation.Model.Tunnels[t], compilation.Model.Devices[probe.From],
                    compilation.Model.Devices[probe.To], Failure(engine.Explain(probe)));
                break;
            }
        }
    }

    // ---- NF3042, NF3043 --------------------------------------------------------------------------------------------

    /// <summary>The model's endpoint behind a row of the tunnel endpoint table (the rows of a tunnel are its ends that have one, in order).</summary>
    private Endpoint EndpointOf(int tunnel, int row)
    {
        var ends = new LoweringRules(compilation.Topology).TunnelEnds(compilation.Model.Tunnels[tunnel]);
        return ends[row - Image.Tunnels.FirstEndpoint[tunnel]].Endpoint;
    }

    private void ReportDisjointSelectors(int tunnel, int protecting, int routing)
    {
        var other = Image.TunnelEndpoints.Device[routing];
        var routes = Image.Routes;
        var routed = Enumerable.Range(Image.Devices.FirstRoute[other], Image.Devices.RouteCount[other]).Where(r => routes.Tunnel[r] == tunnel)
            .Select(r => new IpPrefix(IpAddress.V4(routes.Network[r]), routes.Length[r])).Distinct().ToList();
        diagnostics.ReportTrafficSelectorsDoNotMeet(compilation.Model.Tunnels[tunnel], EndpointOf(tunnel, protecting),
            compilation.Model.Devices[Image.TunnelEndpoints.Device[protecting]], compilation.Model.Devices[other], routed);
    }

    /// <summary>Each static route into an IPsec tunnel whose prefix the far end does not wholly protect (NF3042).</summary>
    private void FindRoutesBeyondSelectors(int tunnel)
    {
        if (Image.Tunnels.Kind[tunnel] != Netflow.Runtime.Image.TunnelKind.Ipsec) return;
        var (routes, ends) = (Image.Routes, Image.TunnelEndpoints);
        var first = Image.Tunnels.FirstEndpoint[tunnel];
        for (var row = 0; row < routes.Count; row++)
        {
            if (routes.Tunnel[row] != tunnel || routes.Origin[row] != RouteOrigin.Static) continue;
            var far = Enumerable.Range(first, Image.Tunnels.EndpointCount[tunnel]).FirstOrDefault(e => ends.Device[e] == routes.NextHopDevice[row] && ends.Device[e] >= 0, -1);
            if (far < 0 || engine.FirstUnprotected(far, routes.Network[row], routes.Length[row]) is not { } outside) continue;
            diagnostics.ReportRouteBeyondTrafficSelectors(Entry(row), compilation.Model.Tunnels[tunnel], EndpointOf(tunnel, far),
                compilation.Model.Devices[ends.Device[far]], IpAddress.V4(outside));
        }
    }

    /// <summary>The cause of a failed probe, as the engine's trace ended it; NF3002's advice follows from it.</summary>
    private TunnelProbeFailure Failure(Trace trace)
    {
        var (start, end) = (trace.Start, trace.End);
        var problem = end.Kind switch
        {
            EndKind.Accepted => TunnelProbeProblem.AcceptedElsewhere,
            EndKind.Refused => TunnelProbeProblem.Refused,
            EndKind.NoRoute or EndKind.ExitsNetwork or EndKind.DeliveredToSubnet or EndKind.NeighborUnreachable or EndKind.NoVxlanTransport => TunnelProbeProblem.Unrouted,
            EndKind.NullRouted => TunnelProbeProblem.NullRouted,
            EndKind.Loop or EndKind.HopLimit or EndKind.EncapsulationLoop => TunnelProbeProblem.Looped,
            EndKind.TunnelDown => TunnelProbeProblem.TunnelDown,
            _ => TunnelProbeProblem.Other,
        };
        var service = TraceWords.Service(start.Protocol, start.Protocol == Netflow.Runtime.Image.Protocol.Icmp ? -1 : start.DestinationPort);
        // Where a refusing device forwards the address on other ports, the rules that do are its front door.
        var frontDoor = problem == TunnelProbeProblem.Refused
            ? Enumerable.Range(0, Image.DestinationNats.Count)
                .Where(r => Image.DestinationNats.Device[r] == end.Device && Image.DestinationNats.Address[r] == trace.Final.Destination).ToList()
            : [];
        return new TunnelProbeFailure(problem, end.Device >= 0 ? compilation.Model.Devices[end.Device] : null, service,
            IpAddress.V4(start.Source), IpAddress.V4(start.Destination), TraceWords.Reason(Image, trace))
        {
            TranslatedTo = trace.Final.Destination != start.Destination ? IpAddress.V4(trace.Final.Destination) : null,
            TranslatedBy = trace.AllSteps().LastOrDefault(s => s.Step.Kind == StepKind.DestinationNat).Hop is { } nat ? compilation.Model.Devices[nat.Device] : null,
            FrontDoor = frontDoor.Count > 0 ? compilation.Model.Devices[Image.DestinationNats.Owner[frontDoor[0]]] : null,
            FrontDoorServices = [.. frontDoor.Select(r => TraceWords.Service(Image.DestinationNats.Protocol[r], Image.DestinationNats.Port[r])).Distinct()],
        };
    }
}
