using Netflow.Runtime.Image;
using Netflow.Runtime.Rendering;

namespace Netflow.Runtime.Engine;

/// <summary>
/// Runs the flows declared in an image: resolves the destination through the source's DNS resolver (a step of the
/// trace), executes the packet, then its reply with the same NAT sessions, and checks every expectation: the
/// disposition, the waypoints in order, the encapsulations that must not appear, and that the reply gets back.
/// </summary>
public sealed class FlowRunner(ForwardingEngine engine)
{
    /// <summary>The ephemeral source port every flow starts from, so traces are reproducible.</summary>
    public const int SourcePort = 49152;

    private NetworkImage Image => engine.Image;

    /// <summary>The DNS rows of each record name, in row order, made on the first lookup (a search per flow would be quadratic).</summary>
    private Dictionary<string, List<int>>? _recordsByName;

    public IReadOnlyList<FlowResult> RunAll()
    {
        var results = new FlowResult[Image.Flows.Count];
        for (var f = 0; f < results.Length; f++) results[f] = Run(f);
        return results;
    }

    public FlowResult Run(int flow)
    {
        var flows = Image.Flows;
        var source = flows.SourceDevice[flow];
        var port = flows.Port[flow] >= 0 ? flows.Port[flow] : DefaultPort(flows.Protocol[flow]);
        var protocol = flows.Protocol[flow] == Protocol.Any ? Protocol.Tcp : flows.Protocol[flow];
        var (trace, reply) = Trace(source, flows.DestinationKind[flow], Image.String(flows.DestinationName[flow]),
            flows.DestinationAddress[flow], protocol, port);
        var (failures, failedStep) = Check(flow, trace, reply);
        return new FlowResult(flow, trace, reply, failures) { FailedStep = failedStep };
    }

    /// <summary>
    /// An ad-hoc trace and its reply (the reply only when the packet was accepted). A destination given by name is
    /// resolved first by a DNS query, a udp/53 packet to the resolver, and its answer: both must get through.
    /// </summary>
    public (Trace Forward, Trace? Reply) Trace(int source, FlowDestinationKind kind, string hostName, uint address, Protocol protocol, int port)
    {
        if (port < 0) port = DefaultPort(protocol);
        var first = new List<TraceStep>();
        Trace? query = null, answer = null;
        if (kind == FlowDestinationKind.HostName)
        {
            var (resolved, server, record) = Resolve(source, hostName);
            // Even NXDOMAIN is an answer: the query must reach the resolver and its answer come back before the name is
            // known not to exist. Only a client with no resolver to ask sends nothing.
            if (server >= 0)
            {
                (query, answer) = Lookup(source, server);
                var failed = query.Disposition != Disposition.Accepted || query.LastDevice != server ? query
                    : answer is null || answer.Disposition != Disposition.Accepted || answer.LastDevice != source || answer.Final != query.Start.Reply() ? answer : null;
                if (failed is not null || answer is null)
                {
                    var disposition = failed is { Disposition: not Disposition.Accepted } ? failed.Disposition : Disposition.InsufficientInfo;
                    return (Unresolved(source, protocol, port, new TraceEnd(EndKind.DnsUnreachable, server) { HostName = hostName }, disposition) with
                    {
                        DnsQuery = query, DnsAnswer = answer,
                    }, null);
                }
            }
            if (resolved is null)
            {
                return (Unresolved(source, protocol, port, new TraceEnd(EndKind.NoDnsRecord, server) { HostName = hostName }, Disposition.InsufficientInfo) with
                {
                    DnsQuery = query, DnsAnswer = answer,
                }, null);
            }
            address = resolved.Value;
            first.Add(new TraceStep(StepKind.DnsResolved, Image.Dns.Source[record]) { Address = address, Device = server, Row = record });
        }
        var icmp = protocol == Protocol.Icmp;
        var header = new PacketHeader(engine.SourceAddress(source, address), address, protocol, icmp ? 0 : SourcePort, icmp ? 0 : port);
        var sessions = new NatSessions();
        var forward = engine.Execute(source, header, sessions, first) with { DnsQuery = query, DnsAnswer = answer };
        if (forward.Disposition != Disposition.Accepted) return (forward, null);
        var reply = engine.Execute(forward.LastDevice, forward.Final.Reply(), sessions, opensConnection: false);
        return (forward, reply);
    }

    /// <summary>The DNS query from a client to its resolver (udp/53) and the answer back, as packets of one connection.</summary>
    private (Trace Query, Trace? Answer) Lookup(int source, int server)
    {
        var resolver = engine.PrimaryAddress(server);
        var header = new PacketHeader(engine.SourceAddress(source, resolver), resolver, Protocol.Udp, SourcePort, 53);
        var sessions = new NatSessions();
        var query = engine.Execute(source, header, sessions);
        if (query.Disposition != Disposition.Accepted || query.LastDevice != server) return (query, null);
        return (query, engine.Execute(server, query.Final.Reply(), sessions, opensConnection: false));
    }

    private Trace Unresolved(int source, Protocol protocol, int port, TraceEnd end, Disposition disposition)
    {
        var header = new PacketHeader(engine.PrimaryAddress(source), 0, protocol, SourcePort, port);
        var steps = new List<TraceStep> { new(StepKind.Stopped, 0) { Device = end.Device } };
        return new Trace(header, [new TraceHop(source, steps)], disposition, end) { Final = header };
    }

    /// <summary>
    /// Whether a connection held both ways: the reply must be accepted at the source and arrive as the source expects
    /// (its own addresses and ports, reversed). Null when it did; otherwise what went wrong. <c>trace</c> and
    /// <c>flows</c> judge a packet and its reply with this one rule.
    /// </summary>
    public static FlowFailure? ReplyFailure(int source, Trace forward, Trace? reply)
    {
        if (forward.Disposition != Disposition.Accepted) return null;
        if (reply is null || reply.Disposition != Disposition.Accepted || reply.LastDevice != source) return new ReplyLost(source, reply);
        // The source would drop a reply that does not come from where it sent the request.
        return reply.Final != forward.Start.Reply() ? new ReplyNotUndone(reply.Final, forward.Start.Reply()) : null;
    }

    /// <summary>
    /// The record of the resolver the source names (none there is NXDOMAIN: a client asks the resolver it names and no
    /// other); a source that names none asks the server holding the record.
    /// </summary>
    private (uint? Address, int Server, int Record) Resolve(int source, string hostName)
    {
        var resolver = Image.Devices.Resolver[source];
        _recordsByName ??= RecordsByName(Image);
        if (!_recordsByName.TryGetValue(hostName.ToLowerInvariant(), out var rows)) return (null, resolver, -1);
        foreach (var r in rows)
        {
            if (resolver < 0 || Image.Dns.Server[r] == resolver) return (Image.Dns.Address[r], Image.Dns.Server[r], r);
        }
        return (null, resolver, -1);
    }

    private static Dictionary<string, List<int>> RecordsByName(NetworkImage image)
    {
        var records = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var r = 0; r < image.Dns.Count; r++)
        {
            var name = image.String(image.Dns.Name[r]);
            if (!records.TryGetValue(name, out var rows)) records[name] = rows = [];
            rows.Add(r);
        }
        return records;
    }

    /// <summary>The destination port of a flow or trace that names none: 80 for tcp, 53 for udp.</summary>
    public static int DefaultPort(Protocol protocol) => protocol == Protocol.Udp ? 53 : protocol == Protocol.Icmp ? 0 : 80;

    private (List<FlowFailure> Failures, int FailedStep) Check(int flow, Trace trace, Trace? reply)
    {
        var failures = new List<FlowFailure>();
        var failedStep = -1;
        var flows = Image.Flows;
        var expected = flows.Expected[flow];
        if (trace.Disposition != expected)
        {
            failures.Add(new WrongDisposition(expected, trace));
        }

        var events = Events(trace);
        var cursor = 0;
        var steps = Image.FlowSteps;
        for (var s = flows.FirstStep[flow]; s < flows.FirstStep[flow] + flows.StepCount[flow]; s++)
        {
            if (steps.Kind[s] == WaypointKind.NeverEncapsulation)
            {
                var kind = steps.Encapsulation[s];
                if (trace.AllSteps().Any(p => p.Step.Kind == StepKind.Encapsulated && p.Step.Encapsulation == kind))
                {
                    failures.Add(new ForbiddenEncapsulation(kind));
                    if (failedStep < 0) failedStep = s;
                }
                continue;
            }
            var found = -1;
            for (var e = cursor; e < events.Count && found < 0; e++)
            {
                if (Matches(s, events[e])) found = e;
            }
            if (found < 0)
            {
                failures.Add(new MissingWaypoint(s, cursor == 0 ? null : events[cursor - 1], TraceEnded: cursor >= events.Count));
                if (failedStep < 0) failedStep = s;
                break;
            }
            // A tunnel-entry step holds two facts, the route that decided it and the encapsulation: 'step bgp' leaves it
            // for the 'step ipsec' (or 'ip-in-ip') that may follow.
            cursor = steps.Kind[s] == WaypointKind.BgpRoute && events[found].Step is { Kind: StepKind.Encapsulated } ? found : found + 1;
        }

        // The workload the flow names must be the one that accepts it, whatever the destination was.
        var acceptor = flows.AcceptedBy[flow];
        if (trace.Disposition == Disposition.Accepted && acceptor >= 0 && trace.LastDevice != acceptor)
        {
            failures.Add(new AcceptedByAnother(trace.LastDevice, acceptor));
        }
        var destinationDevice = flows.DestinationKind[flow] == FlowDestinationKind.Device && acceptor < 0 ? flows.DestinationDevice[flow] : -1;
        // Another holder of the same (shared) address accepting it is fine: that is what a VIP is for; so is the target of
        // a destination NAT or a proxy on the way.
        if (trace.Disposition == Disposition.Accepted && destinationDevice >= 0 && trace.LastDevice != destinationDevice
            && !engine.Holds(destinationDevice, trace.Final.Destination)
            && !trace.AllSteps().Any(p => p.Step.Kind is StepKind.DestinationNat or StepKind.Proxied))
        {
            failures.Add(new AcceptedByAnother(trace.LastDevice, destinationDevice));
        }
        if (expected == Disposition.Accepted && ReplyFailure(flows.SourceDevice[flow], trace, reply) is { } lost) failures.Add(lost);
        return (failures, failedStep);
    }

    /// <summary>The trace as a sequence: a device event at each hop, then its steps.</summary>
    private static List<(int Device, TraceStep? Step)> Events(Trace trace)
    {
        var events = new List<(int, TraceStep?)>();
        foreach (var hop in trace.Hops)
        {
            events.Add((hop.Device, null));
            foreach (var step in hop.Steps) events.Add((hop.Device, step));
        }
        return events;
    }

    /// <summary>Whether a destination NAT row is kube-proxy's for a service (<c>step dnat to SERVICE</c>).</summary>
    private bool KubeProxyFor(int row, int service) =>
        row >= 0 && Image.DestinationNats.Kind[row] == DestinationNatKind.KubeProxy && Image.DestinationNats.Owner[row] == service;

    private bool Matches(int s, (int Device, TraceStep? Step) e)
    {
        var steps = Image.FlowSteps;
        var address = steps.Address[s];
        var argument = steps.ArgumentDevice[s];
        bool Names(uint actual) => (address == 0 && argument < 0) || (address != 0 && actual == address) || (argument >= 0 && engine.Holds(argument, actual));
        return steps.Kind[s] switch
        {
            WaypointKind.Device => e.Step is null && e.Device == steps.Device[s],
            WaypointKind.Dns => e.Step is { Kind: StepKind.DnsResolved } dns && Names(dns.Address),
            WaypointKind.SourceNat => e.Step is { Kind: StepKind.SourceNat, Session: false, After: { } after } && Names(after.Source),
            WaypointKind.DestinationNat => e.Step is { Kind: StepKind.DestinationNat, Session: false, After: { } after } dnat
                && (Names(after.Destination) || (argument >= 0 && KubeProxyFor(dnat.Row, argument))),
            WaypointKind.Proxy => e.Step is { Kind: StepKind.Proxied, Reverse: false, After: { } onward } && Names(onward.Destination),
            WaypointKind.Encapsulation => e.Step is { Kind: StepKind.Encapsulated } encap && encap.Encapsulation == steps.Encapsulation[s],
            WaypointKind.BgpRoute => e.Step is { DecidingRoute: >= 0 and var route } && Image.Routes.Origin[route] == RouteOrigin.Bgp
                && (argument < 0 || Image.Routes.LearnedFrom[route] == argument),
            _ => false,
        };
    }
}
