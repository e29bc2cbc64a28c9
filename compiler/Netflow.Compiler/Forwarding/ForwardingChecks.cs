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
        diagnostics.ReportForwardingLoop([.. loop.Hops.Select(h => (compilation.Model.Devices[h.Device], h.Row >= 0 ? Entry(h.Row) : null))],
            IpAddress.V4(loop.Header.Destination));
    }

    // ---- NF3005 --------------------------------------------------------------------------------------------------

    /// <summary>
    /// A static or BGP route that hands traffic to a next device is a black hole if part of what it sends lies in a known
    /// destination (a range on a segment, an interface address) where the next device has no route, and the engine's
    /// packet there indeed stops at that device without one. Traffic to addresses nothing holds is nobody's expectation,
    /// and a default route means "whatever I do not know".
    /// </summary>
    private void FindBlackHoles()
    {
        var destinations = new KnownDestinations(compilation.Topology);
        var routes = Image.Routes;
        for (var row = 0; row < routes.Count; row++)
        {
            if (routes.Origin[row] is not (RouteOrigin.Static or RouteOrigin.Bgp) || routes.Action[row] != RouteAction.Forward || routes.Length[row] == 0) continue;
            var (device, next) = (routes.Device[row], routes.NextHopDevice[row]);
            if (next < 0 || FirstUncovered(next, routes.Network[row], routes.Length[row], destinations) is not { } address) continue;
            var trace = engine.Execute(device, LoopFinder.Probe(engine, device, address), new NatSessions());
            if (trace.End.Kind != EndKind.NoRoute || trace.End.Device != next) continue;
            diagnostics.ReportBlackHole(Entry(row), compilation.Model.Devices[next], IpAddress.V4(address));
        }
    }

    /// <summary>The first known destination address in a prefix that no route of the device covers, or null.</summary>
    private uint? FirstUncovered(int device, uint network, int length, KnownDestinations destinations)
    {
        var last = (ulong)network + (1UL << (32 - length)) - 1;
        var covered = new List<(ulong First, ulong Last)>();
        var routes = Image.Routes;
        for (var r = Image.Devices.FirstRoute[device]; r < Image.Devices.FirstRoute[device] + Image.Devices.RouteCount[device]; r++)
        {
            var first = (ulong)routes.Network[r];
            var end = first + (1UL << (32 - routes.Length[r])) - 1;
            if (first <= network && end >= last) return null;
            if (first >= network && end <= last) covered.Add((first, end));
        }
        covered.Sort();
        var from = (ulong)network;
        foreach (var (first, end) in covered.Append((last + 1, last + 1)))
        {
            if (first > from && destinations.FirstKnown(from, Math.Min(first - 1, last)) is { } known) return (uint)known;
            from = Math.Max(from, end + 1);
            if (from > last) break;
        }
        return null;
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
