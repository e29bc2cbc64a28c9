using Netflow.Language.Addressing;
using Netflow.Language.Binding;

namespace Netflow.Language.Routing;

/// <summary>
/// What decides whether a BGP session's TCP connection gets through: the forwarding model the engine executes. The
/// language declares the sessions; the compiler answers with the engine (one forwarding model), on the routing tables it
/// is given, so that a session is up exactly when the engine carries its tcp/179 and the reply.
/// </summary>
public interface IBgpTransport
{
    /// <summary>
    /// Runs each probe on <paramref name="routes"/>: null where the packet is accepted by the peer and its reply returns,
    /// else what stopped it.
    /// </summary>
    IReadOnlyList<BgpPathFailure?> Probe(Topology topology, IReadOnlyDictionary<DeviceSymbol, DeviceRoutes> routes, IReadOnlyList<BgpProbe> probes,
        CancellationToken cancellation);
}

/// <summary>
/// A session's TCP connection opened by <paramref name="From"/> to <paramref name="Destination"/>, held by
/// <paramref name="To"/>, which has <paramref name="From"/> configured at <paramref name="Source"/> (the transport decides
/// the address it is opened from, and checks the one it arrives from). With <see cref="Explain"/>, one that gets through only
/// over a route one end learned from the other (over this session) fails with <see cref="BgpPathProblem.OverItsOwnRoutes"/>.
/// </summary>
public sealed record BgpProbe(DeviceSymbol From, IpAddress Source, DeviceSymbol To, IpAddress Destination)
{
    public bool Explain { get; init; }
}

/// <summary>Why a session's tcp/179 does not get through.</summary>
public enum BgpPathProblem
{
    /// <summary>One end holds no address on the segment it shares with the other (<see cref="BgpPathFailure.Subject"/>).</summary>
    NoAddress,

    /// <summary>A device on the way has no route for the destination.</summary>
    NoRoute,

    /// <summary>The destination's holder listens on nothing at tcp/179 (<see cref="BgpPathFailure.Subject"/>: the device whose destination NAT sent it there, if one did).</summary>
    Refused,

    /// <summary>The packet loops.</summary>
    Looped,

    /// <summary>The packet needs an IPsec tunnel (<see cref="BgpPathFailure.Subject"/>) that is down.</summary>
    TunnelDown,

    /// <summary>It enters an IPsec tunnel (the failure's subject) whose traffic selectors do not cover it.</summary>
    OutsideSelectors,

    /// <summary>A null route drops it.</summary>
    NullRouted,

    /// <summary>Its next hop on a segment cannot be reached (nobody holds the address, a host outside the VXLAN transport).</summary>
    NeighborUnreachable,

    /// <summary>It leaves the network.</summary>
    LeavesNetwork,

    /// <summary>Another device than the peer accepts it (<see cref="BgpPathFailure.At"/>; <see cref="BgpPathFailure.Subject"/>: the device whose destination NAT sent it there, if one did).</summary>
    AcceptedElsewhere,

    /// <summary>The packet arrives, its reply does not come back (stopped at <see cref="BgpPathFailure.At"/>).</summary>
    ReplyLost,

    /// <summary>It gets through only over routes learned over the session itself.</summary>
    OverItsOwnRoutes,

    /// <summary>
    /// It arrives at the peer from another address than the one the peer has its neighbour configured at
    /// (<see cref="BgpPathFailure.ArrivedFrom"/>, translated at <see cref="BgpPathFailure.Subject"/>): the peer refuses it.
    /// </summary>
    WrongSource,
}

/// <summary>
/// What stopped a probe, where (the device), the symbol it concerns (a tunnel, a segment, the device that translated
/// the source), and the route that decided its last forwarding step (the null route, the route out of the network, or
/// the route that sent it to <see cref="At"/>), if any.
/// </summary>
public sealed record BgpPathFailure(BgpPathProblem Problem, DeviceSymbol? At, IpAddress Source, IpAddress Destination)
{
    public Symbol? Subject { get; init; }

    /// <summary>The route row that decided the last forwarding step before the packet stopped, or null (none was taken).</summary>
    public RouteEntry? Route { get; init; }

    /// <summary>For <see cref="BgpPathProblem.WrongSource"/>: the source address the connection arrived with.</summary>
    public IpAddress? ArrivedFrom { get; init; }

    /// <summary>For <see cref="BgpPathProblem.WrongSource"/>: the address the peer has the opener configured at.</summary>
    public IpAddress? Expected { get; init; }
}
