namespace Netflow.Runtime.Engine;

/// <summary>
/// The NAT translations a trace made, so that its reply is translated back at the same devices, last translation
/// first: a source NAT's reply has its destination restored, a destination NAT's reply its source.
/// </summary>
public sealed class NatSessions
{
    private readonly List<(int Device, bool IsSource, PacketHeader Before, PacketHeader After, int SourceRow)> _sessions = [];

    public int Count => _sessions.Count;

    public void Add(int device, bool isSource, PacketHeader before, PacketHeader after, int sourceRow) =>
        _sessions.Add((device, isSource, before, after, sourceRow));

    /// <summary>Translates a reply arriving at a device through the sessions made there; records a step for each.</summary>
    public bool ApplyToReply(int device, ref PacketHeader header, List<TraceStep> steps)
    {
        var applied = false;
        for (var i = _sessions.Count - 1; i >= 0; i--)
        {
            var (at, isSource, before, after, sourceRow) = _sessions[i];
            if (at != device) continue;
            var original = header;
            if (isSource && header.Destination == after.Source && header.DestinationPort == after.SourcePort
                && header.Source == after.Destination && header.SourcePort == after.DestinationPort)
            {
                header = header with { Destination = before.Source, DestinationPort = before.SourcePort };
                steps.Add(new TraceStep(StepKind.DestinationNat,
                    $"reverses its source NAT: destination {PacketHeader.Format(original.Destination)} back to {PacketHeader.Format(header.Destination)}",
                    sourceRow) { Before = original, After = header, Address = header.Destination, Reverse = true });
                applied = true;
            }
            else if (!isSource && header.Source == after.Destination && header.SourcePort == after.DestinationPort
                && header.Destination == after.Source && header.DestinationPort == after.SourcePort)
            {
                header = header with { Source = before.Destination, SourcePort = before.DestinationPort };
                steps.Add(new TraceStep(StepKind.SourceNat,
                    $"reverses its destination NAT: source {PacketHeader.Format(original.Source)} back to {PacketHeader.Format(header.Source)}",
                    sourceRow) { Before = original, After = header, Address = header.Source, Reverse = true });
                applied = true;
            }
        }
        return applied;
    }
}
