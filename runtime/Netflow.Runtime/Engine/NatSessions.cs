namespace Netflow.Runtime.Engine;

/// <summary>
/// The NAT sessions of a connection, as netfilter's conntrack and NSX keep them: a rule fires only on a connection's
/// first packet and creates a session at its device; every later packet of the connection at that device, in either
/// direction, is translated by the session and never by a rule. A packet in the first packet's direction gets the
/// same translation; a reply gets it undone (a source NAT's reply its destination, a destination NAT's its source),
/// last translation first.
/// </summary>
public sealed class NatSessions
{
    private readonly List<Session> _sessions = [];
    private readonly List<Proxied> _proxied = [];

    /// <summary>A connection a proxy accepted (as it arrived) and the one it opened for it.</summary>
    private readonly record struct Proxied(int Device, PacketHeader Accepted, PacketHeader Onward, int Rule, int SourceRow);

    /// <summary>One translation: where, which field, the header before and after it, and the rule that made it.</summary>
    private readonly record struct Session(int Device, bool IsSource, PacketHeader Original, PacketHeader Translated, int Rule, int SourceRow);

    public int Count => _sessions.Count;

    /// <summary>Forgets every session, so one instance can serve connection after connection without allocating.</summary>
    public void Clear()
    {
        _sessions.Clear();
        _proxied.Clear();
    }

    /// <summary>Records that a proxy at a device accepted one connection and opened another for it (<paramref name="rule"/>: its proxy line).</summary>
    public void AddProxy(int device, PacketHeader accepted, PacketHeader onward, int rule, int sourceRow) =>
        _proxied.Add(new Proxied(device, accepted, onward, rule, sourceRow));

    /// <summary>
    /// For the reply of a connection a proxy at a device opened: the reply the proxy sends on the connection it accepted,
    /// and the proxy rule; null for any other packet.
    /// </summary>
    public (PacketHeader Reply, int Rule, int SourceRow)? ProxiedReply(int device, PacketHeader header)
    {
        foreach (var p in _proxied)
        {
            if (p.Device == device && p.Onward.Reply() == header) return (p.Accepted.Reply(), p.Rule, p.SourceRow);
        }
        return null;
    }

    /// <summary>Records the translation a rule made on a connection's first packet.</summary>
    public void Add(int device, bool isSource, PacketHeader before, PacketHeader after, int rule, int sourceRow) =>
        _sessions.Add(new Session(device, isSource, before, after, rule, sourceRow));

    /// <summary>Whether a device has a session for this packet, in either direction.</summary>
    public bool Knows(int device, PacketHeader header)
    {
        foreach (var s in _sessions)
        {
            if (s.Device == device && (s.Original == header || s.Translated.Reply() == header)) return true;
        }
        return false;
    }

    /// <summary>
    /// Translates a packet of a known connection through the sessions at a device, recording a step for each, and says
    /// whether any applied. Sessions chain: the first packet's direction in the order they were made, replies in reverse.
    /// </summary>
    public bool Translate(int device, ref PacketHeader header, List<TraceStep>? steps)
    {
        var applied = false;
        for (var i = 0; i < _sessions.Count; i++)
        {
            var s = _sessions[i];
            if (s.Device != device || s.Original != header) continue;
            steps?.Add(Step(s, header, s.Translated, reverse: false));
            header = s.Translated;
            applied = true;
        }
        if (applied) return true;
        for (var i = _sessions.Count - 1; i >= 0; i--)
        {
            var s = _sessions[i];
            if (s.Device != device || s.Translated.Reply() != header) continue;
            var restored = s.Original.Reply();
            steps?.Add(Step(s, header, restored, reverse: true));
            header = restored;
            applied = true;
        }
        return applied;
    }

    /// <summary>A source NAT session rewrites the source going forward and the destination coming back, and vice versa.</summary>
    private static TraceStep Step(Session s, PacketHeader before, PacketHeader after, bool reverse)
    {
        var changesSource = s.IsSource != reverse;
        return new TraceStep(changesSource ? StepKind.SourceNat : StepKind.DestinationNat, s.SourceRow)
        {
            Before = before, After = after, Address = changesSource ? after.Source : after.Destination,
            Row = s.Rule, Session = true, Reverse = reverse,
        };
    }
}
