using Netflow.Language.Addressing;
using Netflow.Language.Binding;

namespace Netflow.Language.Routing;

/// <summary>Where a declared session stands: waiting for its tcp/179 to get through, up, or down for good.</summary>
internal enum BgpSessionState { Waiting, Up, Down }

/// <summary>
/// A session both ends declare (<see cref="First"/> is the first line in declaration order, <see cref="Second"/> the
/// other end's): each end's line names the address it has the other configured at, and a connection that arrives from
/// another address is refused (the transport decides the address an end opens from). A line that names an address names
/// it; a line that names a device means its address on a segment both are on, in a subnet of ours there (BGP neighbours
/// share a subnet), else its first address on that segment (a multi-hop session, carried by routes).
/// </summary>
internal sealed class BgpSession
{
    public BgpSession(BgpPeering first, BgpPeering second)
    {
        (First, Second) = (first, second);
        var (toSecond, whyNotSecond) = PeerAddress(first);
        var (toFirst, whyNotFirst) = PeerAddress(second);
        (FirstAddress, SecondAddress) = (toFirst, toSecond);
        Failure = whyNotSecond ?? whyNotFirst;
        if (Failure is not null) State = BgpSessionState.Down;
    }

    public BgpPeering First { get; }
    public BgpPeering Second { get; }

    /// <summary>The address the second end has the first configured at (the one the second end's line names).</summary>
    public IpAddress? FirstAddress { get; }

    /// <summary>The address the first end has the second configured at.</summary>
    public IpAddress? SecondAddress { get; }

    public BgpSessionState State { get; private set; }

    /// <summary>Why the session is not up, as last seen; null while it is.</summary>
    public BgpPathFailure? Failure { get; private set; }

    /// <summary>The session's TCP connection opened by each end in turn.</summary>
    public IEnumerable<BgpProbe> Probes(bool explain)
    {
        yield return new BgpProbe(First.Device, FirstAddress!.Value, Second.Device, SecondAddress!.Value) { Explain = explain };
        yield return new BgpProbe(Second.Device, SecondAddress!.Value, First.Device, FirstAddress!.Value) { Explain = explain };
    }

    /// <summary>Takes the results of <see cref="Probes"/>: up when either end's connection gets through. True when the state changed.</summary>
    public bool Judge(BgpPathFailure? fromFirst, BgpPathFailure? fromSecond)
    {
        var up = fromFirst is null || fromSecond is null;
        Failure = up ? null : fromFirst;
        var state = up ? BgpSessionState.Up : State == BgpSessionState.Up ? BgpSessionState.Down : State;
        if (state == State) return false;
        State = state;
        return true;
    }

    /// <summary>Puts the session down for good for a reason reported already (an eBGP neighbour that needs multihop, NF3034).</summary>
    public void GiveUp() => (State, Failure) = (BgpSessionState.Down, null);

    /// <summary>
    /// Whether each end reaches the other's address by a connected route on the tables: then what carried the
    /// connection carries it whatever BGP adds elsewhere, and it need not run again. (A host routes the VXLAN that may
    /// carry it, so a session with a host at an end is always run again.)
    /// </summary>
    public bool IsDirect(IReadOnlyDictionary<DeviceSymbol, DeviceRoutes> tables) =>
        First.Device.Kind != DeviceKind.Host && Second.Device.Kind != DeviceKind.Host
        && Connected(tables, First.Device, SecondAddress!.Value) && Connected(tables, Second.Device, FirstAddress!.Value);

    private static bool Connected(IReadOnlyDictionary<DeviceSymbol, DeviceRoutes> tables, DeviceSymbol device, IpAddress address) =>
        tables[device].Lookup(address) is [{ Source: RouteSource.Connected }, ..] found && found.All(e => e.Source == RouteSource.Connected);

    /// <summary>
    /// The route template for what <paramref name="device"/> learns over this session: to the peer's address on a
    /// segment they share, else through the device's own non-default route to that address on <paramref name="tables"/>
    /// (connected, static, or learned over another session: never one learned from this peer), as a multi-hop session or
    /// one inside a tunnel resolves its next hop; null when there is none, and then nothing learned over it is usable.
    /// </summary>
    public RouteEntry? NextHopFor(DeviceSymbol device, Topology topology, IReadOnlyDictionary<DeviceSymbol, DeviceRoutes> tables)
    {
        var (peer, address) = ReferenceEquals(device, First.Device) ? (Second.Device, SecondAddress!.Value) : (First.Device, FirstAddress!.Value);
        foreach (var owner in topology.Owners(address))
        {
            if (!ReferenceEquals(owner.Device, peer) || owner.Segment is not { } segment) continue;
            if (device.Interfaces.FirstOrDefault(i => ReferenceEquals(i.Segment, segment)) is { } local)
            {
                return new RouteEntry(device, default, RouteSource.Bgp, peer, address, local, null, false, device.Location) { LearnedFrom = peer };
            }
        }
        var via = tables[device].Lookup(address)
            .FirstOrDefault(e => e.Prefix.Length > 0 && (e.NextHop is not null || e.Tunnel is not null) && !ReferenceEquals(e.LearnedFrom, peer));
        return via is null ? null : via with { Source = RouteSource.Bgp, Declaration = null, LearnedFrom = peer };
    }

    /// <summary>
    /// The address <paramref name="peering"/>'s device connects to at its peer, or why there is none. A line that names a
    /// device shares a segment with it (NF3032 otherwise: no session is declared).
    /// </summary>
    private static (IpAddress? Address, BgpPathFailure? Failure) PeerAddress(BgpPeering peering)
    {
        if (peering.Address is { } named) return (named, null);
        var (device, peer) = (peering.Device, peering.Peer);
        SegmentSymbol? common = null;
        IpAddress? onCommon = null;
        foreach (var local in device.Interfaces)
        {
            if (local.Segment is not { } segment) continue;
            foreach (var remote in peer.Interfaces)
            {
                if (!ReferenceEquals(remote.Segment, segment)) continue;
                common ??= segment;
                foreach (var (address, _) in remote.Addresses)
                {
                    if (InOneSubnet(segment, local, address)) return (address, null);
                    onCommon ??= address;
                }
            }
        }
        // On a common segment but in another subnet: reached through routers, as a multi-hop session is.
        if (onCommon is { } other) return (other, null);
        return (null, new BgpPathFailure(BgpPathProblem.NoAddress, peer, default, default) { Subject = common });
    }

    /// <summary>Whether two devices have interfaces on one segment (then a <c>bgp peer DEVICE</c> line says which address it means).</summary>
    public static bool ShareASegment(DeviceSymbol device, DeviceSymbol peer) =>
        device.Interfaces.Any(local => local.Segment is { } segment && peer.Interfaces.Any(remote => ReferenceEquals(remote.Segment, segment)));

    /// <summary>Whether a range of the segment holds both an address of <paramref name="local"/> and <paramref name="address"/> (any address, on a segment without ranges).</summary>
    private static bool InOneSubnet(SegmentSymbol segment, InterfaceSymbol local, IpAddress address)
    {
        if (local.Addresses.Count == 0) return false;
        var prefixes = segment.Ranges.Select(r => r.Prefix).OfType<IpPrefix>().ToList();
        return prefixes.Count == 0 || prefixes.Any(p => p.Contains(address) && local.Addresses.Any(a => p.Contains(a.Address)));
    }
}
