using Netflow.Runtime.Image;

namespace Netflow.Runtime.Engine;

/// <summary>
/// The full story of one packet: the header it started with, each hop and its steps, and how it ended, with the reason
/// in words (which route was missing, where the loop closed).
/// </summary>
public sealed record Trace(PacketHeader Start, IReadOnlyList<TraceHop> Hops, Disposition Disposition, string Reason)
{
    /// <summary>The header when the trace ended (after any NAT).</summary>
    public PacketHeader Final { get; init; }

    /// <summary>The device where the trace ended.</summary>
    public int LastDevice => Hops.Count == 0 ? -1 : Hops[^1].Device;

    public IEnumerable<(TraceHop Hop, TraceStep Step)> AllSteps() =>
        Hops.SelectMany(hop => hop.Steps.Select(step => (hop, step)));
}
