using Netflow.Runtime.Image;

namespace Netflow.Runtime.Engine;

public sealed partial class ForwardingEngine
{
    /// <summary>
    /// Destination NAT on a connection's first packet: the first matching rule rewrites the destination and becomes a
    /// session. Chained rules apply in turn (a worker's public address to the service's cluster IP, then kube-proxy's
    /// to a pod), at most four.
    /// </summary>
    private void DestinationNat(ref PacketState packet, NatSessions sessions, Recorder? recorder)
    {
        for (var round = 0; round < 4; round++)
        {
            var rule = MatchingDestinationNat(packet.Device, packet.Inner);
            if (rule < 0) return;
            var nats = _image.DestinationNats;
            var target = nats.FirstTarget[rule] + (int)(Hash(packet.Inner) % (uint)nats.TargetCount[rule]);
            var before = packet.Inner;
            var port = _image.NatTargets.Port[target];
            packet.Inner = before with { Destination = _image.NatTargets.Address[target], DestinationPort = port >= 0 ? port : before.DestinationPort };
            sessions.Add(packet.Device, isSource: false, before, packet.Inner, rule, nats.Source[rule]);
            if (nats.Masquerade[rule]) packet.MasqueradeSource = nats.Source[rule];
            recorder?.Steps.Add(new TraceStep(StepKind.DestinationNat, nats.Source[rule])
            {
                Before = before, After = packet.Inner, Address = packet.Inner.Destination, Device = _image.NatTargets.Device[target], Row = rule,
            });
        }
    }

    private int MatchingDestinationNat(int device, PacketHeader header)
    {
        var nats = _image.DestinationNats;
        foreach (var rule in _dnatOf[device])
        {
            if (nats.Address[rule] != header.Destination) continue;
            if (nats.Port[rule] >= 0 && nats.Port[rule] != header.DestinationPort) continue;
            if (nats.Protocol[rule] != Protocol.Any && nats.Protocol[rule] != header.Protocol) continue;
            if (nats.TargetCount[rule] > 0) return rule;
        }
        return -1;
    }

    /// <summary>
    /// Source NAT on a connection's first packet: kube-proxy's masquerade of a service's external traffic to the node's
    /// address toward the endpoint, else the first matching rule, rewrites the source and becomes a session.
    /// </summary>
    private void SourceNat(ref PacketState packet, int next, int routeRow, NatSessions sessions, Recorder? recorder)
    {
        if (!packet.Opens || packet.SessionHere) return;
        if (packet.MasqueradeSource > 0)
        {
            Translate(ref packet, EgressAddress(packet.Device, next, routeRow), -1, packet.MasqueradeSource, sessions, recorder);
            return;
        }
        var nats = _image.SourceNats;
        foreach (var rule in _snatOf[packet.Device])
        {
            if (!InPrefix(packet.Inner.Source, nats.MatchNetwork[rule], nats.MatchLength[rule])) continue;
            if (!InPrefix(packet.Inner.Destination, nats.TowardNetwork[rule], nats.TowardLength[rule])) continue;
            if (nats.ExceptLength[rule] > 0 && InPrefix(packet.Inner.Destination, nats.ExceptNetwork[rule], nats.ExceptLength[rule])) continue;
            var address = nats.Target[rule] == SourceNatTarget.Egress ? EgressAddress(packet.Device, next, routeRow) : nats.TargetAddress[rule];
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
