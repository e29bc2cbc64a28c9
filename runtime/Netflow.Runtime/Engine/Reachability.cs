using Netflow.Runtime.Image;

namespace Netflow.Runtime.Engine;

/// <summary>A protocol and destination port a destination is probed on (the port is 0 for ICMP echo).</summary>
public readonly record struct Service(Protocol Protocol, int Port)
{
    public static Service IcmpEcho => new(Protocol.Icmp, 0);

    public override string ToString() => Protocol == Protocol.Icmp ? "icmp" : $"{Protocol.ToString().ToLowerInvariant()}/{Port}";
}

/// <summary>One source device, destination device and service of a reachability question.</summary>
public readonly record struct ReachPair(int Source, int Destination, Service Service);

/// <summary>
/// The fast path's answer for a pair: the first packet and, when it was accepted, its reply. The pair holds when the
/// reply gets back to the source as the source expects it, the rule <c>trace</c> and <c>flows</c> judge by.
/// </summary>
public readonly record struct ReachAnswer(ReachPair Pair, PacketHeader Start, Outcome Forward, Outcome? Reply)
{
    public bool Holds => Forward.Disposition == Disposition.Accepted && Reply is { Disposition: Disposition.Accepted } reply
        && reply.LastDevice == Pair.Source && reply.Final == Start.Reply();
}

/// <summary>
/// Every source to every destination on every service, with replies, on the engine's fast path. Sources are
/// independent and the image immutable, so sources run in parallel on all cores, each worker with its own NAT sessions.
/// </summary>
public static class Reachability
{
    /// <summary>The probes' ephemeral source port, as for flows.</summary>
    public const int SourcePort = FlowRunner.SourcePort;

    /// <summary>
    /// The answers for every source with every target (a destination device and a service), a device never with
    /// itself, in the order of <paramref name="sources"/> and then of <paramref name="targets"/>.
    /// </summary>
    public static ReachAnswer[] Run(ForwardingEngine engine, IReadOnlyList<int> sources, IReadOnlyList<(int Device, Service Service)> targets,
        int maxDegreeOfParallelism = -1)
    {
        var bySource = new ReachAnswer[sources.Count][];
        var addresses = targets.Select(t => engine.DestinationAddress(t.Device)).ToArray();
        Parallel.For(0, sources.Count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, () => new NatSessions(),
            (s, _, sessions) =>
            {
                var source = sources[s];
                var answers = new List<ReachAnswer>(targets.Count);
                for (var t = 0; t < targets.Count; t++)
                {
                    if (targets[t].Device != source) answers.Add(Probe(engine, new ReachPair(source, targets[t].Device, targets[t].Service), addresses[t], sessions));
                }
                bySource[s] = [.. answers];
                return sessions;
            },
            _ => { });
        return bySource.SelectMany(a => a).ToArray();
    }

    /// <summary>The services a destination is probed on when none are asked for: the ports it serves, else ICMP echo, which every device answers.</summary>
    public static IReadOnlyList<Service> ServedBy(NetworkImage image, int device)
    {
        var served = new List<Service>();
        var listeners = image.Listeners;
        for (var row = 0; row < listeners.Count; row++)
        {
            if (listeners.Device[row] != device || listeners.Port[row] < 0) continue;
            var protocols = listeners.Protocol[row] == Protocol.Any ? [Protocol.Tcp, Protocol.Udp] : new[] { listeners.Protocol[row] };
            foreach (var protocol in protocols)
            {
                var service = protocol == Protocol.Icmp ? Service.IcmpEcho : new Service(protocol, listeners.Port[row]);
                if (!served.Contains(service)) served.Add(service);
            }
        }
        return served.Count > 0 ? served : [Service.IcmpEcho];
    }

    private static ReachAnswer Probe(ForwardingEngine engine, ReachPair pair, uint address, NatSessions sessions)
    {
        sessions.Clear();
        var icmp = pair.Service.Protocol == Protocol.Icmp;
        var start = new PacketHeader(engine.SourceAddress(pair.Source, address), address, pair.Service.Protocol, icmp ? 0 : SourcePort, icmp ? 0 : pair.Service.Port);
        var forward = engine.Run(pair.Source, start, sessions);
        Outcome? reply = forward.Disposition == Disposition.Accepted ? engine.Run(forward.LastDevice, forward.Final.Reply(), sessions, opensConnection: false) : null;
        return new ReachAnswer(pair, start, forward, reply);
    }
}
