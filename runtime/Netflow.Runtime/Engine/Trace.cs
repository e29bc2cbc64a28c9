using Netflow.Runtime.Image;

namespace Netflow.Runtime.Engine;

/// <summary>
/// The full story of one packet: the header it started with, each hop and its steps, how it ended and why (as data:
/// <see cref="End"/>), and for a destination given by name the DNS query and answer that resolved it.
/// </summary>
public sealed record Trace(PacketHeader Start, IReadOnlyList<TraceHop> Hops, Disposition Disposition, TraceEnd End)
{
    /// <summary>The header when the trace ended (after any NAT).</summary>
    public PacketHeader Final { get; init; }

    /// <summary>The DNS query (udp/53 to the resolver) that resolved the destination, and its answer; null when none was sent.</summary>
    public Trace? DnsQuery { get; init; }

    public Trace? DnsAnswer { get; init; }

    /// <summary>The device where the trace ended.</summary>
    public int LastDevice => Hops.Count == 0 ? -1 : Hops[^1].Device;

    public IEnumerable<(TraceHop Hop, TraceStep Step)> AllSteps() =>
        Hops.SelectMany(hop => hop.Steps.Select(step => (hop, step)));
}
