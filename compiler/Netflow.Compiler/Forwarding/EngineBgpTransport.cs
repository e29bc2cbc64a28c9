using Netflow.Compiler.Lowering;
using Netflow.Language.Binding;
using Netflow.Language.Routing;
using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;

namespace Netflow.Compiler.Forwarding;

/// <summary>
/// BGP sessions carried by the engine itself (one forwarding model): each round's tables are compiled into an image,
/// and a session's tcp/179 and its reply run on it as any packet does, through NAT, tunnels (an IPsec tunnel carries
/// only when it is up) and listeners (a BGP speaker listens on tcp/179).
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
        var results = new BgpPathFailure?[probes.Count];
        for (var i = 0; i < probes.Count; i++)
        {
            if (i % 256 == 0) cancellation.ThrowIfCancellationRequested();
            results[i] = Run(engine, topology.Model, rows, probes[i]);
        }
        return results;
    }

    /// <summary>The probe's connection, then its reply; with <see cref="BgpProbe.Explain"/>, with their steps, for the routes they used.</summary>
    private static BgpPathFailure? Run(ForwardingEngine engine, NetworkModel model, Dictionary<DeviceSymbol, int> rows, BgpProbe probe)
    {
        var (from, to) = (rows[probe.From], rows[probe.To]);
        var header = new PacketHeader(probe.Source.ToV4(), probe.Destination.ToV4(), Netflow.Runtime.Image.Protocol.Tcp, FlowRunner.SourcePort, BgpPort);
        BgpPathFailure Fail(BgpPathProblem problem, int at, Symbol? subject = null) =>
            new(problem, at >= 0 ? model.Devices[at] : null, probe.Source, probe.Destination) { Subject = subject };

        var sessions = new NatSessions();
        var forward = Walk(engine, from, header, sessions, opens: true, probe.Explain);
        if (forward.End.Kind != EndKind.Accepted) return Failure(forward.End, Fail, model);
        if (forward.End.Device != to) return Fail(BgpPathProblem.AcceptedElsewhere, forward.End.Device);
        var reply = Walk(engine, to, forward.Final.Reply(), sessions, opens: false, probe.Explain);
        if (reply.End.Kind != EndKind.Accepted || reply.End.Device != from || reply.Final != header.Reply()) return Fail(BgpPathProblem.ReplyLost, reply.End.Device);
        if (!probe.Explain) return null;
        var image = engine.Image;
        foreach (var (device, row) in forward.Routes.Concat(reply.Routes))
        {
            if (image.Routes.Origin[row] != RouteOrigin.Bgp) continue;
            var (learnedFrom, peer) = (image.Routes.LearnedFrom[row], device == from ? to : device == to ? from : -1);
            // A route learned from the peer that hands the packet straight to the peer (the peer advertising its own
            // address or subnet) is not needed: its next hop resolved without the peer's routes, so the peer is reached
            // without it, as a router resolves a next hop never through the route itself.
            if (peer >= 0 && learnedFrom == peer && image.Routes.NextHopDevice[row] != peer) return Fail(BgpPathProblem.OverItsOwnRoutes, device);
        }
        return null;
    }

    private static (TraceEnd End, PacketHeader Final, IEnumerable<(int Device, int Row)> Routes) Walk(ForwardingEngine engine, int start, PacketHeader header,
        NatSessions sessions, bool opens, bool explain)
    {
        if (!explain)
        {
            var outcome = engine.Run(start, header, sessions, opens);
            return (outcome.End, outcome.Final, []);
        }
        var trace = engine.Execute(start, header, sessions, opens);
        var routes = trace.AllSteps()
            .Where(s => s.Step.Kind == StepKind.Forwarded && s.Step.How == ForwardKind.Route && s.Step.Row >= 0)
            .Select(s => (s.Hop.Device, s.Step.Row))
            .ToList();
        return (trace.End, trace.Final, routes);
    }

    private static BgpPathFailure Failure(TraceEnd end, Func<BgpPathProblem, int, Symbol?, BgpPathFailure> fail, NetworkModel model) => end.Kind switch
    {
        EndKind.Refused => fail(BgpPathProblem.Refused, end.Device, null),
        EndKind.Loop or EndKind.HopLimit or EndKind.EncapsulationLoop => fail(BgpPathProblem.Looped, end.Device, null),
        EndKind.TunnelDown => fail(BgpPathProblem.TunnelDown, end.Device, end.Row >= 0 ? model.Tunnels[end.Row] : null),
        EndKind.NullRouted => fail(BgpPathProblem.NullRouted, end.Device, null),
        EndKind.ExitsNetwork => fail(BgpPathProblem.LeavesNetwork, end.Device, null),
        EndKind.NeighborUnreachable or EndKind.NoVxlanTransport or EndKind.DeliveredToSubnet or EndKind.HeldByDevice =>
            fail(BgpPathProblem.NeighborUnreachable, end.Device, null),
        _ => fail(BgpPathProblem.NoRoute, end.Device, null),
    };
}
