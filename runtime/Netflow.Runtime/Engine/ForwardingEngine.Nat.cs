using Netflow.Runtime.Image;

namespace Netflow.Runtime.Engine;

public sealed partial class ForwardingEngine
{
    /// <summary>
    /// At most this many destination NAT rules apply in turn at one device: one, as netfilter's nat table gives a
    /// connection one DNAT verdict per hook and an NSX edge applies the first matching rule (NF2020 reports rules that
    /// translate to what another rule of the device matches).
    /// </summary>
    public const int MaxChainedDestinationNats = 1;

    /// <summary>
    /// Destination NAT on a connection's first packet: the first matching rule rewrites the destination and becomes a
    /// session; no rule of the device translates it again. A kube-proxy rule marks the connection for masquerade unless
    /// its source is in the cluster's pod network and is not the endpoint chosen.
    /// </summary>
    private void DestinationNat(ref PacketState packet, NatSessions sessions, Recorder? recorder)
    {
        for (var round = 0; round < MaxChainedDestinationNats; round++)
        {
            var rule = MatchingDestinationNat(packet.Device, packet.Inner);
            if (rule < 0) return;
            var nats = _image.DestinationNats;
            var target = ChooseTarget(rule, packet.Inner);
            var before = packet.Inner;
            var port = _image.NatTargets.Port[target];
            packet.Inner = before with { Destination = _image.NatTargets.Address[target], DestinationPort = port >= 0 ? port : before.DestinationPort };
            sessions.Add(packet.Device, isSource: false, before, packet.Inner, rule, nats.Source[rule]);
            // Hairpin: the endpoint chosen is the sender itself, which would answer itself directly; kube-proxy masquerades it too.
            if (nats.Kind[rule] == DestinationNatKind.KubeProxy
                && (nats.PodLength[rule] == 0 || !InPrefix(before.Source, nats.PodNetwork[rule], nats.PodLength[rule]) || before.Source == packet.Inner.Destination))
            {
                packet.MasqueradeSource = nats.Source[rule];
            }
            recorder?.Steps.Add(new TraceStep(StepKind.DestinationNat, nats.Source[rule])
            {
                Before = before, After = packet.Inner, Address = packet.Inner.Destination, Device = _image.NatTargets.Device[target], Row = rule,
            });
        }
    }

    /// <summary>The first rule of a device that matches a header: a translation, or with <paramref name="proxy"/> a proxy line.</summary>
    private int MatchingDestinationNat(int device, PacketHeader header, bool proxy = false)
    {
        var nats = _image.DestinationNats;
        foreach (var rule in _dnatOf[device])
        {
            if ((nats.Kind[rule] == DestinationNatKind.Proxy) != proxy) continue;
            if (nats.Address[rule] != header.Destination) continue;
            if (nats.Port[rule] >= 0 && nats.Port[rule] != header.DestinationPort) continue;
            if (nats.Protocol[rule] != Protocol.Any && nats.Protocol[rule] != header.Protocol) continue;
            if (nats.TargetCount[rule] > 0) return rule;
        }
        return -1;
    }

    private int ChooseTarget(int rule, PacketHeader header) =>
        _image.DestinationNats.FirstTarget[rule] + (int)(Hash(header) % (uint)_image.DestinationNats.TargetCount[rule]);

    /// <summary>
    /// A proxy (an ALB, an Ingress) accepts a connection's first packet on a port it proxies and opens a new connection
    /// of its own to a target: from the address its route to the target uses, from <see cref="FlowRunner.SourcePort"/>.
    /// The packet walks on as that new connection's first packet.
    /// </summary>
    private void Proxy(ref PacketState packet, NatSessions sessions, Recorder? recorder)
    {
        var rule = MatchingDestinationNat(packet.Device, packet.Inner, proxy: true);
        if (rule < 0) return;
        var listener = Listener(packet.Device, packet.Inner);
        var accepted = packet.Inner;
        recorder?.Steps.Add(new TraceStep(StepKind.Delivered, ListenerSource(listener)) { Row = listener, Before = accepted, Address = accepted.Destination });
        var target = ChooseTarget(rule, accepted);
        var (address, port) = (_image.NatTargets.Address[target], _image.NatTargets.Port[target]);
        var onward = new PacketHeader(SourceAddress(packet.Device, address), address, accepted.Protocol, FlowRunner.SourcePort, port >= 0 ? port : accepted.DestinationPort);
        sessions.AddProxy(packet.Device, accepted, onward, rule, _image.DestinationNats.Source[rule]);
        recorder?.Steps.Add(new TraceStep(StepKind.Proxied, _image.DestinationNats.Source[rule])
        {
            Before = accepted, After = onward, Address = address, Device = _image.NatTargets.Device[target], Row = rule,
        });
        packet.Inner = onward;
    }

    /// <summary>The reply of a connection a proxy opened goes back, at the proxy, as the reply on the connection it accepted.</summary>
    private static void ProxiedReply(ref PacketState packet, NatSessions sessions, Recorder? recorder)
    {
        if (sessions.ProxiedReply(packet.Device, packet.Inner) is not { } answer) return;
        recorder?.Steps.Add(new TraceStep(StepKind.Proxied, answer.SourceRow)
        {
            Before = packet.Inner, After = answer.Reply, Address = answer.Reply.Destination, Row = answer.Rule, Reverse = true,
        });
        packet.Inner = answer.Reply;
    }

    /// <summary>
    /// Source NAT on a connection's first packet: kube-proxy's masquerade (of what a service's rule translated here from
    /// outside the cluster's pod network) to the node's address toward the endpoint, else the first matching rule,
    /// rewrites the source and becomes a session.
    /// </summary>
    private void SourceNat(ref PacketState packet, int next, int routeRow, NatSessions sessions, Recorder? recorder)
    {
        if (!packet.Opens || packet.SessionHere) return;
        if (packet.MasqueradeSource > 0)
        {
            Translate(ref packet, EgressAddress(packet.Device, next, routeRow, packet.Inner.Destination), -1, packet.MasqueradeSource, sessions, recorder);
            return;
        }
        var nats = _image.SourceNats;
        foreach (var rule in _snatOf[packet.Device])
        {
            if (!InPrefix(packet.Inner.Source, nats.MatchNetwork[rule], nats.MatchLength[rule])) continue;
            if (!InPrefix(packet.Inner.Destination, nats.TowardNetwork[rule], nats.TowardLength[rule])) continue;
            if (nats.ExceptLength[rule] > 0 && InPrefix(packet.Inner.Destination, nats.ExceptNetwork[rule], nats.ExceptLength[rule])) continue;
            var address = nats.Target[rule] == SourceNatTarget.Egress ? EgressAddress(packet.Device, next, routeRow, packet.Inner.Destination) : nats.TargetAddress[rule];
            Translate(ref packet, address, rule, nats.Source[rule], sessions, recorder);
            return;
        }
    }

    /// <summary>Rewrites the source (rule -1: kube-proxy's masquerade) and keeps the translation as a session.</summary>
    private static void Translate(ref PacketState packet, uint address, int rule, int source, NatSessions sessions, Recorder? recorder)
    {
        if (address == packet.Inner.Source) return;
        var before = packet.Inner;
        packet.Inner = before with { Source = address };
        sessions.Add(packet.Device, isSource: true, before, packet.Inner, rule, source);
        recorder?.Steps.Add(new TraceStep(StepKind.SourceNat, source) { Before = before, After = packet.Inner, Address = address, Device = packet.Device, Row = rule });
    }
}
