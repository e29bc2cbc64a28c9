using System.Net;
using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;

namespace Netflow.Lab;

/// <summary>
/// <c>netflow lab test</c>: builds the lab, runs every declared flow with real packets, reads the kernel's path from the
/// recorders, compares it with the engine's trace hop by hop and by disposition, and takes the lab down on every path
/// out (the caller's cancellation included).
/// </summary>
public sealed class LabTest
{
    private readonly NetworkImage _image;
    private readonly ForwardingEngine _engine;
    private readonly LabPlan _plan;

    public LabTest(NetworkImage image, LabName name)
    {
        _image = image;
        _engine = new ForwardingEngine(image);
        _plan = LabBuilder.Build(image, name);
    }

    public LabPlan Plan => _plan;

    public LabReport Run(CancellationToken cancel = default, Action<string>? progress = null)
    {
        var results = new FlowRunner(_engine).RunAll();
        using var lab = Lab.Up(_plan, cancel);
        using var listeners = new Listeners();
        StartListeners(lab, listeners, results);
        var recorder = new Recorder(lab);
        recorder.Clear();
        var flows = new List<FlowComparison>();
        foreach (var result in results)
        {
            cancel.ThrowIfCancellationRequested();
            var comparison = Compare(lab, listeners, recorder, result);
            progress?.Invoke($"{comparison.Flow}: {(comparison.Agrees ? "agrees" : "DISAGREES: " + comparison.FirstDifference)}");
            flows.Add(comparison);
        }
        return new LabReport(_plan.Lab.Value, flows, _plan.Notes);
    }

    /// <summary>
    /// The workloads: what the image says each device listens on (its listener rows of one protocol and port), and where
    /// a row covers every port (or the image has none), what the flows need: where the engine accepts a flow (or where a
    /// flow to a device expects it accepted), that protocol and port; DNS on every server that holds records.
    /// </summary>
    private void StartListeners(Lab lab, Listeners listeners, IReadOnlyList<FlowResult> results)
    {
        var wanted = new HashSet<(int Device, Protocol Protocol, int Port)>();
        var declared = _image.Listeners;
        for (var r = 0; r < declared.Count; r++)
        {
            if (declared.Protocol[r] is Protocol.Tcp or Protocol.Udp && declared.Port[r] >= 0) wanted.Add((declared.Device[r], declared.Protocol[r], declared.Port[r]));
        }
        foreach (var result in results)
        {
            var t = result.Forward;
            if (t.Disposition == Disposition.Accepted) wanted.Add((t.LastDevice, t.Final.Protocol, t.Final.DestinationPort));
            var flows = _image.Flows;
            if (flows.DestinationKind[result.Flow] == FlowDestinationKind.Device && flows.Expected[result.Flow] == Disposition.Accepted)
            {
                wanted.Add((flows.DestinationDevice[result.Flow], t.Start.Protocol, t.Start.DestinationPort));
            }
        }
        // A proxy line's port is the lab's proxy: it accepts and opens its own connection (TCP) or relays (UDP) to the
        // target it is aimed at (AimProxies).
        var nats = _image.DestinationNats;
        foreach (var r in Enumerable.Range(0, nats.Count).Where(r => nats.Kind[r] == DestinationNatKind.Proxy && nats.TargetCount[r] > 0))
        {
            var (device, protocol, port) = (nats.Device[r], nats.Protocol[r], nats.Port[r]);
            if (!_plan.NamespaceOf.TryGetValue(device, out var ns) || !wanted.Remove((device, protocol, port))) continue;
            var first = nats.FirstTarget[r];
            var targetPort = _image.NatTargets.Port[first] >= 0 ? _image.NatTargets.Port[first] : port;
            var target = _proxies[(device, protocol, port)] = new ProxyTarget(new IPEndPoint(Ip(_image.NatTargets.Address[first]), targetPort));
            if (protocol == Protocol.Tcp) listeners.TcpProxy(lab.Name, ns, device, port, target, FlowRunner.SourcePort);
            else listeners.UdpProxy(lab.Name, ns, device, AddressesOf(device), port, target, FlowRunner.SourcePort);
        }
        var dnsServers = Enumerable.Range(0, _image.Dns.Count).GroupBy(r => _image.Dns.Server[r]);
        foreach (var server in dnsServers)
        {
            if (!_plan.NamespaceOf.TryGetValue(server.Key, out var ns)) continue;
            var records = server.GroupBy(r => _image.String(_image.Dns.Name[r]))
                .ToDictionary(g => g.Key, g => Ip(_image.Dns.Address[g.First()]));
            listeners.Udp(lab.Name, ns, server.Key, AddressesOf(server.Key), 53, records);
            wanted.Remove((server.Key, Protocol.Udp, 53));
        }
        foreach (var (device, protocol, port) in wanted)
        {
            if (!_plan.NamespaceOf.TryGetValue(device, out var ns) || protocol is not (Protocol.Tcp or Protocol.Udp)) continue;
            if (protocol == Protocol.Tcp) listeners.Tcp(lab.Name, ns, device, port);
            else listeners.Udp(lab.Name, ns, device, AddressesOf(device), port);
        }
    }

    /// <summary>The lab's proxies by device, protocol and port.</summary>
    private readonly Dictionary<(int Device, Protocol Protocol, int Port), ProxyTarget> _proxies = [];

    /// <summary>Aims every proxy at the target the engine's trace chose where it passes the proxy, else at the line's first.</summary>
    private void AimProxies(Trace forward)
    {
        foreach (var target in _proxies.Values) target.Current = target.First;
        foreach (var (hop, step) in forward.AllSteps().Where(p => p.Step is { Kind: StepKind.Proxied, Reverse: false }))
        {
            var (accepted, onward) = (step.Before!.Value, step.After!.Value);
            if (_proxies.TryGetValue((hop.Device, accepted.Protocol, accepted.DestinationPort), out var target))
            {
                target.Current = new IPEndPoint(Ip(onward.Destination), onward.DestinationPort);
            }
        }
    }

    private IEnumerable<IPAddress> AddressesOf(int device) =>
        Enumerable.Range(0, _image.Interfaces.Count).Where(i => _image.Interfaces.Device[i] == device).Select(i => Ip(_image.Interfaces.Address[i]));

    private static IPAddress Ip(uint address) => new([(byte)(address >> 24), (byte)(address >> 16), (byte)(address >> 8), (byte)address]);

    private string Name(int device) => device < 0 ? "?" : _engine.DeviceName(device);

    private FlowComparison Compare(Lab lab, Listeners listeners, Recorder recorder, FlowResult result)
    {
        var flowName = _image.String(_image.Flows.Name[result.Flow]);
        var forward = result.Forward;
        var source = _image.Flows.SourceDevice[result.Flow];
        var (engineHops, simulated, simulatedHops) = EnginePath(forward);
        var engineView = new PathView(engineHops.Select(Name).ToList(), DispositionWords.Of(forward.Disposition));
        PathView? engineReply = null;
        List<int>? engineReplyHops = null;
        if (result.Reply is { } reply)
        {
            var (hops, replySimulated, replySimulatedHops) = EnginePath(reply);
            engineReplyHops = hops;
            engineReply = new PathView(hops.Select(Name).ToList(), DispositionWords.Of(reply.Disposition));
            simulated.AddRange(replySimulated.Select(s => "reply: " + s));
            simulatedHops += replySimulatedHops;
        }
        var differences = new List<string>();
        if (!_plan.NamespaceOf.TryGetValue(source, out var sourceNs))
        {
            differences.Add($"the source {Name(source)} has no interfaces, so the lab has no namespace for it");
            return new FlowComparison(flowName, engineView, new PathView([], "INSUFFICIENT_INFO"), engineReply, null, differences, simulated, 0, simulatedHops);
        }

        // DNS: a real query (udp/53) from the source to the resolver the engine asked, and its real answer, compared with
        // the engine's query and answer packets hop by hop.
        var destination = Ip(forward.Start.Destination);
        var dns = forward.Hops.Count > 0 ? forward.Hops[0].Steps.Where(s => s.Kind == StepKind.DnsResolved).Select(s => (TraceStep?)s).FirstOrDefault() : null;
        var hostName = _image.Flows.DestinationKind[result.Flow] == FlowDestinationKind.HostName ? _image.String(_image.Flows.DestinationName[result.Flow]) : null;
        if (hostName is not null)
        {
            var resolver = forward.DnsQuery?.Start.Destination ?? (dns is { } d0 ? _engine.PrimaryAddress(d0.Device) : 0u);
            IPAddress? answer = null;
            if (resolver != 0)
            {
                answer = Probe.Resolve(lab.Name, sourceNs, Ip(resolver), hostName, forward.DnsQuery?.Start.SourcePort ?? FlowRunner.SourcePort);
                var leg = Observe(lab, recorder, listeners, $"{flowName} (dns)", source, Ip(resolver), answer is null ? ProbeOutcome.NoAnswer : ProbeOutcome.Answered);
                if (forward.DnsQuery is { } query)
                {
                    ComparePaths("DNS query ", EnginePath(query).Real, query.Disposition, leg.Path, leg.Disposition, differences);
                    if (forward.DnsAnswer is { } engineAnswer && leg.ReplyPath is { } answerPath)
                    {
                        ComparePaths("DNS answer ", EnginePath(engineAnswer).Real, engineAnswer.Disposition, answerPath, leg.ReplyDisposition!, differences);
                    }
                    else if (leg.ReplyPath is not null && query.Disposition == Disposition.Accepted && forward.DnsAnswer is null)
                    {
                        differences.Add($"DNS answer: the kernel's answer ended {leg.ReplyDisposition}, the engine sent none");
                    }
                }
                if (dns is null)
                {
                    // The engine did not resolve the name: the flow ends with its DNS exchange, in both models.
                    if (answer is not null) differences.Add($"DNS: the kernel resolved {hostName} to {answer}, the engine did not");
                    var failed = leg.Disposition != "ACCEPTED" || leg.ReplyPath is null
                        ? new PathView(leg.Path.Select(Name).ToList(), leg.Disposition)
                        : new PathView(leg.ReplyPath.Select(Name).ToList(), leg.ReplyDisposition!);
                    var engineFailed = forward.DnsAnswer is { } a && forward.DnsQuery is { Disposition: Disposition.Accepted }
                        ? new PathView(EnginePath(a).Real.Select(Name).ToList(), DispositionWords.Of(a.Disposition))
                        : forward.DnsQuery is { } q ? new PathView(EnginePath(q).Real.Select(Name).ToList(), DispositionWords.Of(q.Disposition)) : engineView;
                    return new FlowComparison(flowName, engineFailed, failed, null, null, differences, simulated, 0, simulatedHops);
                }
            }
            if (dns is null)
            {
                return new FlowComparison(flowName, engineView, new PathView([Name(source)], "INSUFFICIENT_INFO"), null, null, differences, simulated, 0, simulatedHops);
            }
            // A lookup that fails in the kernel but not in the engine is a difference; the packet then goes to the engine's
            // answer, so that the rest of the path is still compared.
            if (answer is null) differences.Add($"DNS: the kernel's query for {hostName} got no answer, the engine resolved it to {Ip(dns.Value.Address)}");
            else if (!answer.Equals(Ip(dns.Value.Address))) differences.Add($"DNS: the kernel's answer is {answer}, the engine's {Ip(dns.Value.Address)}");
            destination = answer ?? destination;
        }

        var protocol = forward.Start.Protocol.ToString().ToLowerInvariant();
        listeners.Arrivals.Clear();
        AimProxies(forward);
        var outcome = Probe.Send(lab.Name, sourceNs, protocol, destination, forward.Start.DestinationPort, forward.Start.SourcePort);
        // Delivered where no socket of the lab listens: the kernel refuses it (its reset may be lost on the way back).
        var kernel = Observe(lab, recorder, listeners, flowName, source, destination, outcome);
        if (kernel.Disposition == "ACCEPTED" && protocol is "tcp" or "udp" && outcome != ProbeOutcome.Answered
            && kernel.Path.Count > 0 && !listeners.Listens(kernel.Path[^1], protocol, forward.Final.DestinationPort))
        {
            kernel = new KernelLeg(kernel.Path, DispositionWords.Refused, null, null);
        }
        var kernelView2 = new PathView(kernel.Path.Select(Name).ToList(), kernel.Disposition);
        ComparePaths("", engineHops, forward.Disposition, kernel.Path, kernel.Disposition, differences);

        PathView? kernelReply = null;
        if (kernel.ReplyPath is { } replyPath)
        {
            kernelReply = new PathView(replyPath.Select(Name).ToList(), kernel.ReplyDisposition!);
            if (engineReplyHops is not null)
            {
                ComparePaths("reply ", engineReplyHops, result.Reply!.Disposition, replyPath, kernel.ReplyDisposition!, differences);
            }
            else differences.Add($"reply: the kernel's reply ended {kernel.ReplyDisposition} at {kernelReply.Last}, the engine sent none");
            CompareArrival(listeners, forward, differences);
        }

        var verified = differences.Count == 0 ? engineHops.Count + (engineReplyHops?.Count ?? 0) : 0;
        return new FlowComparison(flowName, engineView, kernelView2, engineReply, kernelReply, differences, simulated, verified, simulatedHops);
    }

    /// <summary>What the kernel did with one probe: the forward path and its end, and the reply's when the probe was delivered.</summary>
    private sealed record KernelLeg(List<int> Path, string Disposition, List<int>? ReplyPath, string? ReplyDisposition);

    private KernelLeg Observe(Lab lab, Recorder recorder, Listeners listeners, string label, int source, IPAddress destination, ProbeOutcome outcome)
    {
        // What the far end sends after the probe's socket closes comes back within a moment; the recorder keeps it all.
        Thread.Sleep(200);
        var (events, destinations, sources) = recorder.Read();
        if (Environment.GetEnvironmentVariable("NETFLOW_LAB_DEBUG") == "1")
        {
            Console.Error.WriteLine($"{label}: probe {outcome}; events " + string.Join(" ", events.OrderByDescending(e => e.Ttl).ThenBy(e => e.Rank).Select(e => $"{Name(e.Device)}:{e.Hook}{e.Ttl}")));
        }
        var forwardEvents = events.Where(e => !e.IsReply).ToList();
        var path = Recorder.Path(forwardEvents);
        if (path.Count == 0) path.Add(source);
        var delivered = forwardEvents.Where(e => e.Hook == "dl").Select(e => e.Device).Distinct().ToList();
        var disposition = KernelDisposition(lab, forwardEvents, path, delivered, destinations, destination, outcome, reply: false);
        if (delivered.Count == 0 || outcome == ProbeOutcome.Refused) return new KernelLeg(path, disposition, null, null);

        var replyEvents = events.Where(e => e.IsReply).ToList();
        var replyPath = Recorder.Path(replyEvents);
        // A reply its own sender's routing drops never reaches a hook: it ended where it started.
        if (replyPath.Count == 0) replyPath.Add(delivered[0]);
        var replyDelivered = replyEvents.Where(e => e.Hook == "dl").Select(e => e.Device).Distinct().ToList();
        // Where the reply goes: the source the probe arrived with (a TCP handshake whose reply is lost is never accepted).
        var replyTo = sources.TryGetValue(delivered[0], out var arrivedFrom) && arrivedFrom.Count == 1 && IPAddress.TryParse(arrivedFrom[0], out var from)
            ? from
            : listeners.Arrivals.FirstOrDefault(a => a.Device == delivered[0])?.Remote.Address ?? destination;
        var replyDisposition = outcome == ProbeOutcome.Answered && replyDelivered.Contains(source)
            ? "ACCEPTED"
            : KernelDisposition(lab, replyEvents, replyPath, replyDelivered, destinations, replyTo, outcome, reply: true);
        return new KernelLeg(path, disposition, replyPath, replyDisposition);
    }

    /// <summary>
    /// The headers the workload saw against the engine's final header (every NAT on the way), and those each proxy on the
    /// way accepted against the connection the engine's proxy accepted (the masquerade before it shows there).
    /// </summary>
    private static void CompareArrival(Listeners listeners, Trace forward, List<string> differences)
    {
        if (forward.Final.Protocol is not (Protocol.Tcp or Protocol.Udp)) return;
        foreach (var (hop, step) in forward.AllSteps().Where(p => p.Step is { Kind: StepKind.Proxied, Reverse: false }))
        {
            CompareArrival(listeners, hop.Device, step.Before!.Value, "at the proxy", differences);
        }
        CompareArrival(listeners, forward.LastDevice, forward.Final, "at the workload", differences);
    }

    private static void CompareArrival(Listeners listeners, int device, PacketHeader engineHeader, string where, List<string> differences)
    {
        var arrival = listeners.Arrivals.FirstOrDefault(a => a.Device == device);
        if (arrival is null) return;
        // The source port is left out: the kernel's source NAT moves it when an earlier flow's connection holds the same
        // translated tuple (the lab's flows share conntrack; the engine starts every flow with fresh sessions).
        var kernel = $"{arrival.Remote.Address} → {arrival.Local.Address}:{arrival.Local.Port}";
        var engine = $"{PacketHeader.Format(engineHeader.Source)} → {PacketHeader.Format(engineHeader.Destination)}:{engineHeader.DestinationPort}";
        if (kernel != engine) differences.Add($"headers {where}: kernel {kernel}, engine {engine}");
    }

    private void ComparePaths(string direction, List<int> engine, Disposition engineDisposition, List<int> kernel, string kernelDisposition, List<string> differences)
    {
        var engineWord = DispositionWords.Of(engineDisposition);
        // A loop goes round until the TTL runs out in the kernel; the engine stops at the first repeat.
        var compared = engineDisposition == Disposition.Loop && kernelDisposition == "LOOP" ? kernel.Take(engine.Count).ToList() : kernel;
        for (var i = 0; i < Math.Max(engine.Count, compared.Count); i++)
        {
            var e = i < engine.Count ? Name(engine[i]) : "(end)";
            var k = i < compared.Count ? Name(compared[i]) : "(end)";
            if (e == k) continue;
            differences.Add($"{direction}hop {i + 1}: engine {e}, kernel {k}");
            break;
        }
        if (engineWord != kernelDisposition)
        {
            differences.Add($"{direction}disposition: engine {engineWord} at {Name(engine.LastOrDefault(-1))}, kernel {kernelDisposition} at {Name(kernel.LastOrDefault(-1))}");
        }
    }

    /// <summary>
    /// How the kernel ended a packet, read from where it was last seen: delivered to a socket that answered; the TTL run out
    /// (a loop); received and not sent on (no route, or a null route: the kernel's own route lookup there says which);
    /// sent and taken by nobody (towards a gateway nobody holds: it leaves the network; else delivered to the subnet).
    /// </summary>
    private string KernelDisposition(Lab lab, List<KernelEvent> events, List<int> path, List<int> delivered,
        Dictionary<int, List<string>> destinations, IPAddress destination, ProbeOutcome outcome, bool reply)
    {
        if (delivered.Count > 0)
        {
            if (outcome == ProbeOutcome.Refused && !reply) return DispositionWords.Refused;
            return "ACCEPTED";
        }
        var floor = reply ? Probe.ProbeTtl + 1 : 1;
        if (events.Any(e => e.Hook == "rx" && e.Ttl <= floor)) return "LOOP";
        if (path.Count == 0) return "DROPPED";
        var last = path[^1];
        var lastEvent = events.Where(e => e.Device == last).OrderBy(e => e.Ttl).ThenByDescending(e => e.Rank).FirstOrDefault();
        var target = !reply && destinations.TryGetValue(last, out var seen) && seen.Count == 1 ? seen[0] : destination.ToString();
        var route = lab.Host.Ip(_plan.NamespaceOf[last], "route", "get", target);
        var text = (route.Output + route.Error).Trim();
        if (lastEvent.Hook is "rx" or "vd" || events.All(e => e.Device != last))
        {
            if (text.Contains("blackhole", StringComparison.Ordinal) || text.Contains("Invalid argument", StringComparison.Ordinal)) return "NULL_ROUTED";
            if (!route.Ok || text.Contains("unreachable", StringComparison.Ordinal)) return "NO_ROUTE";
            return "DROPPED";
        }
        // Sent towards a gateway on the link that nobody took: its ARP request went unanswered.
        return text.Contains(" via ", StringComparison.Ordinal) ? "NEIGHBOR_UNREACHABLE" : "DELIVERED_TO_SUBNET";
    }

    /// <summary>
    /// The engine's hops the kernel can check, and the ones it cannot: hops inside a simulated tunnel (the underlay between
    /// an IP-in-IP or IPsec tunnel's ends, which the lab replaces by one veth link) and the L2 concentrators of a stretched
    /// segment (one bridge in the lab) are simulated, never verified.
    /// </summary>
    private (List<int> Real, List<string> Simulated, int SimulatedHops) EnginePath(Trace trace)
    {
        var real = new List<int>();
        var simulated = new List<string>();
        var open = new Stack<(TunnelKind Kind, int From, List<int> Inside)>();
        var count = 0;
        var afterConcentrator = false;
        var switchedBy = -1;
        foreach (var hop in trace.Hops)
        {
            // A hypervisor host that only switches a frame between its guest and the segment (no overlay) is the
            // engine's record of the vSwitch the document names; it is layer 2, and the lab's bridge plays it.
            var switched = hop.Device == switchedBy;
            switchedBy = -1;
            foreach (var step in hop.Steps)
            {
                if (step.Kind == StepKind.Forwarded && step.Through >= 0 && step.Overlay is null && _image.Devices.Kind[step.Through] == DeviceKind.Host) switchedBy = step.Through;
            }
            if (switched && !hop.Steps.Any(s => s.Kind is StepKind.Encapsulated or StepKind.Decapsulated or StepKind.Delivered or StepKind.SourceNat or StepKind.DestinationNat)) continue;
            var wasInside = open.Count > 0;
            var concentrator = false;
            foreach (var step in hop.Steps)
            {
                if (step.Encapsulation is not { } kind || kind == TunnelKind.Vxlan) continue;
                if (step.Kind == StepKind.Encapsulated)
                {
                    open.Push((kind, hop.Device, []));
                    concentrator |= kind == TunnelKind.L2;
                    // The hosts that carried the frame over the stretched network's VXLAN to this concentrator: simulated.
                    while (kind == TunnelKind.L2 && real.Count > 0 && _image.Devices.Kind[real[^1]] == DeviceKind.Host)
                    {
                        real.RemoveAt(real.Count - 1);
                        count++;
                    }
                }
                else if (step.Kind == StepKind.Decapsulated && open.Count > 0)
                {
                    var (k, from, inside) = open.Pop();
                    concentrator |= k == TunnelKind.L2;
                    simulated.Add($"{Words.Of(k)} {Name(from)} → {Name(hop.Device)} carried over a plain veth link" +
                        (inside.Count > 0 ? $" (engine underlay not verified: {string.Join(", ", inside.Select(Name))})" : ""));
                }
            }
            var inside2 = wasInside && open.Count > 0;
            // After the far concentrator the frame may cross the stretched network's VXLAN between hosts: still the
            // lab's one bridge, so those hosts are simulated too.
            if (concentrator) afterConcentrator = true;
            else if (afterConcentrator && _image.Devices.Kind[hop.Device] == DeviceKind.Host) concentrator = true;
            else afterConcentrator = false;
            if (inside2 || concentrator)
            {
                count++;
                if (open.Count > 0) open.Peek().Inside.Add(hop.Device);
                continue;
            }
            real.Add(hop.Device);
        }
        return (real, simulated, count);
    }
}
