using Netflow.Compiler.Lowering;
using Netflow.Language.Addressing;
using Netflow.Language.Binding;
using Netflow.Language.Routing;
using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;

namespace Netflow.Compiler.Forwarding;

/// <summary>
/// BGP sessions carried by the engine itself (one forwarding model): each round's tables are compiled into an image,
/// and a session's tcp/179 and its reply run on it as any packet does, through NAT, tunnels (an IPsec tunnel carries
/// only when it is up) and listeners (a BGP speaker listens on tcp/179). Each end opens from the address Linux selects
/// for it, and the peer accepts the connection only from the address it has that neighbour configured at.
/// </summary>
public sealed class EngineBgpTransport : IBgpTransport
{
    public static EngineBgpTransport Instance { get; } = new();

    private const int BgpPort = 179;

    private EngineBgpTransport()
    {
    }

    public IReadOnlyList<BgpPathFailure?> Probe(Topology topology, IReadOnlyDictionary<DeviceSymbol, DeviceRoutes> routes, IReadOnlyList<BgpProbe> probes,
        CancellationToken cancellation)
    {
        var engine = new ForwardingEngine(ImageCompiler.Compile(topology, routes, cancellation));
        var devices = topology.Model.Devices;
        var rows = new Dictionary<DeviceSymbol, int>(ReferenceEqualityComparer.Instance);
        for (var d = 0; d < devices.Count; d++) rows[devices[d]] = d;
        var probing = new Probing(engine, topology.Model, routes, rows);
        var results = new BgpPathFailure?[probes.Count];
        for (var i = 0; i < probes.Count; i++)
        {
            if (i % 256 == 0) cancellation.ThrowIfCancellationRequested();
            results[i] = probing.Run(probes[i]);
            // A failure is run again with its steps, so that it names the route that sent the packet where it stopped.
            if (results[i] is not null && !probes[i].Explain) results[i] = probing.Run(probes[i] with { Explain = true });
        }
        return results;
    }

    /// <summary>One round's engine, with what maps its rows back to the model.</summary>
    private sealed class Probing(ForwardingEngine engine, NetworkModel model, IReadOnlyDictionary<DeviceSymbol, DeviceRoutes> routes, Dictionary<DeviceSymbol, int> rows)
    {
        /// <summary>The probe's connection, then its reply; with <see cref="BgpProbe.Explain"/>, with their steps, for the routes they used.</summary>
        public BgpPathFailure? Run(BgpProbe probe)
        {
            var (from, to) = (rows[probe.From], rows[probe.To]);
            var source = OpenerSource(probe);
            var header = new PacketHeader(source.ToV4(), probe.Destination.ToV4(), Netflow.Runtime.Image.Protocol.Tcp, FlowRunner.SourcePort, BgpPort);
            var sessions = new NatSessions();
            var forward = Walk(from, header, sessions, opens: true, probe.Explain);
            BgpPathFailure Fail(BgpPathProblem problem, int at, Trace? trace, Symbol? subject = null) =>
                new(problem, at >= 0 ? model.Devices[at] : null, source, probe.Destination) { Subject = subject, Route = DecidingRoute(trace) };

            if (forward.End.Kind != EndKind.Accepted) return Failure(forward.End, forward.Trace, Fail);
            if (forward.End.Device != to) return Fail(BgpPathProblem.AcceptedElsewhere, forward.End.Device, forward.Trace, TranslatedAt(forward.Trace, StepKind.DestinationNat));
            // A BGP speaker accepts a connection only from the address it has the neighbour configured at (BIRD, FRR, Cisco
            // and Juniper alike): the address the peer's line names, compared with the source as it arrives, after NAT.
            if (forward.Final.Source != probe.Source.ToV4())
            {
                return Fail(BgpPathProblem.WrongSource, to, forward.Trace, TranslatedAt(forward.Trace, StepKind.SourceNat))
                    with { ArrivedFrom = IpAddress.V4(forward.Final.Source), Expected = probe.Source };
            }
            var reply = Walk(to, forward.Final.Reply(), sessions, opens: false, probe.Explain);
            if (reply.End.Kind != EndKind.Accepted || reply.End.Device != from || reply.Final != header.Reply()) return Fail(BgpPathProblem.ReplyLost, reply.End.Device, reply.Trace);
            if (!probe.Explain) return null;
            var image = engine.Image;
            foreach (var (device, row) in RoutesOf(forward.Trace).Concat(RoutesOf(reply.Trace)))
            {
                if (image.Routes.Origin[row] != RouteOrigin.Bgp) continue;
                var (learnedFrom, peer) = (image.Routes.LearnedFrom[row], device == from ? to : device == to ? from : -1);
                // A route learned from the peer that hands the packet straight to the peer (the peer advertising its own
                // address or subnet) is not needed: its next hop resolved without the peer's routes, so the peer is reached
                // without it, as a router resolves a next hop never through the route itself.
                if (peer >= 0 && learnedFrom == peer && image.Routes.NextHopDevice[row] != peer) return Fail(BgpPathProblem.OverItsOwnRoutes, device, null) with { Route = Entry(device, row) };
            }
            return null;
        }

        /// <summary>
        /// The address an end opens its connection from: the one Linux selects for a socket bound to no address, which a
        /// flow's start has too (<see cref="ForwardingEngine.SourceAddress"/>). An address the peer expects on an interface
        /// of no segment (a loopback, a tunnel's inner address) is one the end is configured to speak from (BGP's
        /// update-source), and so is the expected address where the route names no interface.
        /// </summary>
        private IpAddress OpenerSource(BgpProbe probe)
        {
            var device = probe.From;
            if (device.Interfaces.Any(i => i.Segment is null && i.Addresses.Any(a => a.Address == probe.Source))) return probe.Source;
            if (routes[device].Lookup(probe.Destination) is not [{ OutInterface.Addresses.Count: > 0 }, ..]) return probe.Source;
            return IpAddress.V4(engine.SourceAddress(rows[device], probe.Destination.ToV4()));
        }

        private (TraceEnd End, PacketHeader Final, Trace? Trace) Walk(int start, PacketHeader header, NatSessions sessions, bool opens, bool explain)
        {
            if (!explain)
            {
                var outcome = engine.Run(start, header, sessions, opens);
                return (outcome.End, outcome.Final, null);
            }
            var trace = engine.Execute(start, header, sessions, opens);
            return (trace.End, trace.Final, trace);
        }

        /// <summary>The routes a trace took at each of its forwarding and tunnel-entry steps, with their devices.</summary>
        private static IEnumerable<(int Device, int Row)> RoutesOf(Trace? trace) =>
            trace is null ? [] : trace.AllSteps().Where(s => s.Step.DecidingRoute >= 0).Select(s => (s.Hop.Device, s.Step.DecidingRoute));

        /// <summary>
        /// The route that decided where the packet stopped: the route its end names (a null route, the route out of the
        /// network or onto a subnet), else the route of its last forwarding or tunnel-entry step; null without one.
        /// </summary>
        private RouteEntry? DecidingRoute(Trace? trace)
        {
            if (trace is null) return null;
            if (trace.End.Kind is EndKind.NullRouted or EndKind.ExitsNetwork or EndKind.DeliveredToSubnet or EndKind.NeighborUnreachable && trace.End.Row >= 0)
            {
                return Entry(trace.End.Device, trace.End.Row);
            }
            var last = RoutesOf(trace).Select(r => ((int Device, int Row)?)r).LastOrDefault();
            return last is { } taken ? Entry(taken.Device, taken.Row) : null;
        }

        /// <summary>The device whose rule translated the connection's source (or destination), if the trace shows one.</summary>
        private Symbol? TranslatedAt(Trace? trace, StepKind kind) =>
            trace?.AllSteps().Where(s => s.Step.Kind == kind && !s.Step.Session).Select(s => model.Devices[s.Hop.Device]).FirstOrDefault();

        private BgpPathFailure Failure(TraceEnd end, Trace? trace, Func<BgpPathProblem, int, Trace?, Symbol?, BgpPathFailure> fail) => end.Kind switch
        {
            EndKind.Refused => fail(BgpPathProblem.Refused, end.Device, trace, TranslatedAt(trace, StepKind.DestinationNat)),
            EndKind.Loop or EndKind.HopLimit or EndKind.EncapsulationLoop => fail(BgpPathProblem.Looped, end.Device, trace, null),
            EndKind.TunnelDown => fail(BgpPathProblem.TunnelDown, end.Device, trace, end.Row >= 0 ? model.Tunnels[end.Row] : null),
            EndKind.NullRouted => fail(BgpPathProblem.NullRouted, end.Device, trace, null),
            EndKind.ExitsNetwork => fail(BgpPathProblem.LeavesNetwork, end.Device, trace, null),
            EndKind.NeighborUnreachable or EndKind.NoVxlanTransport or EndKind.DeliveredToSubnet or EndKind.HeldByDevice =>
                fail(BgpPathProblem.NeighborUnreachable, end.Device, trace, null),
            _ => fail(BgpPathProblem.NoRoute, end.Device, trace, null),
        };

        /// <summary>The model's route for an image row: a device's rows are its installed routes, in order.</summary>
        private RouteEntry Entry(int device, int row) => routes[model.Devices[device]].Entries[row - engine.Image.Devices.FirstRoute[device]];
    }
}
