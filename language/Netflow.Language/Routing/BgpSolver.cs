using Netflow.Language.Addressing;
using Netflow.Language.Binding;
using Netflow.Language.Diagnostics;

namespace Netflow.Language.Routing;

/// <summary>
/// BGP as it runs: a session is a TCP connection, up only when the forwarding model carries it, and routes flow only
/// over the sessions that are up.
/// <para>
/// Sessions. Every pair of devices that name each other in <c>bgp peer</c> lines, both with an AS, each by an address
/// or on a segment both are on, each in the AS the other expects, is a candidate (NF3009, NF3012, NF3032, NF3013
/// otherwise). Each end accepts the session only from the address its line names for the other (<see cref="BgpSession"/>). At first no session is up and the tables hold connected and static routes. Each round,
/// an eBGP candidate whose ends do not reach each other in one hop on the current tables, and do not say multihop, goes
/// down for good (NF3034); the transport (the engine) runs every other waiting candidate's tcp/179 on them, each end opening in turn:
/// a candidate whose connection and reply get through comes up; the path vector runs again over the sessions up, and
/// the next round runs on the tables it made, so a session can come up over routes learned over others. A session up
/// whose ends do not reach each other by a connected route may be carried differently once routes change: it is run
/// again each round, explained, and goes down for good if it fails, or gets through only over routes one end learned
/// from the other over this very session (no session holds itself up). The rounds end when nothing changes; each
/// session changes state at most twice, and peers on shared segments need one round.
/// </para>
/// <para>
/// Path vector: every speaker originates what it advertises and its own routes hold (NF3035 otherwise); routes flow over established sessions (eBGP prepends the
/// sender's AS and refuses paths that already contain the receiver's; iBGP passes paths unchanged but never
/// re-advertises what it learned over iBGP; a Calico worker passes on only learned routes inside its IP pools); each speaker keeps, per prefix, the shortest AS path, ties broken by the
/// ordinal order of the sending peer's qualified name. It runs as BGP does, incrementally: each speaker keeps what every
/// peer offers it (Adj-RIB-In); when its best path for a prefix changes, only that prefix is offered again, only to its
/// peers. Work is proportional to the changes, sessions times prefixes for a line of peers, not rounds over everything.
/// AS paths share storage with the paths they extend (<see cref="AsPath"/>).
/// </para>
/// </summary>
internal sealed class BgpSolver(Topology topology, IBgpTransport? transport, DiagnosticBag diagnostics)
{
    /// <summary>How many times, per speaker and prefix, the best path may change before the computation stops.</summary>
    public const int MaxChangesPerPrefix = 64;

    private sealed record Learned(AsPath Path, DeviceSymbol? From, bool ViaIbgp, AddressMatch Origin);

    private sealed class Speaker(DeviceSymbol device, IReadOnlyList<IpPrefix>? pools)
    {
        public DeviceSymbol Device { get; } = device;
        public long Asn => Device.Bgp!.Asn;

        /// <summary>
        /// A Calico worker's IP pools (its cluster's cluster-pod ranges): BIRD's export filter passes on only the learned
        /// routes inside them. Null for any other speaker, which passes on every path.
        /// </summary>
        public IReadOnlyList<IpPrefix>? Pools { get; } = pools;

        /// <summary>The peers of the sessions up, in declaration order.</summary>
        public List<DeviceSymbol> Peers { get; } = [];

        /// <summary>Per peer, the next hop of the routes learned from it; null: none, and its offers are not usable.</summary>
        public Dictionary<DeviceSymbol, RouteEntry?> NextHops { get; } = new(ReferenceEqualityComparer.Instance);

        /// <summary>What the speaker knows of each prefix: one lookup per update.</summary>
        public Dictionary<IpPrefix, PrefixState> Prefixes { get; } = [];

        public PrefixState StateOf(IpPrefix prefix)
        {
            if (!Prefixes.TryGetValue(prefix, out var state)) Prefixes[prefix] = state = new PrefixState();
            return state;
        }
    }

    /// <summary>A speaker's best path for a prefix, what each peer offers for it (Adj-RIB-In), and how often the best changed.</summary>
    private sealed class PrefixState
    {
        public Learned? Best;
        public readonly Dictionary<DeviceSymbol, Learned> Offers = new(ReferenceEqualityComparer.Instance);

        /// <summary>The paths peers offered that hold this speaker's AS, refused (null until one is).</summary>
        public Dictionary<DeviceSymbol, Learned>? Looped;

        public int Changes;
    }

    /// <summary>
    /// Establishes the sessions over <paramref name="candidates"/> (connected and static routes) and adds the routes
    /// learned over them; returns, per device, the paths it refused for their AS loop and learned nothing else for.
    /// Without a transport nothing can carry a session: none comes up, and none is reported.
    /// </summary>
    public IReadOnlyDictionary<DeviceSymbol, List<RefusedBgpRoute>> Solve(Dictionary<DeviceSymbol, List<RouteEntry>> candidates, CancellationToken cancellation = default)
    {
        var sessions = DeclaredSessions();
        if (sessions.Count == 0) return _refused;
        var tables = Tables(candidates, null);
        var originated = Originated(candidates);
        if (transport is null) return _refused;
        Dictionary<DeviceSymbol, List<RouteEntry>>? learned = null;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            foreach (var session in sessions)
            {
                if (session.State == BgpSessionState.Waiting && !ReachableWithTtlOne(session, tables)) session.GiveUp();
            }
            var waiting = sessions.Where(s => s.State == BgpSessionState.Waiting).ToList();
            var recheck = sessions.Where(s => s.State == BgpSessionState.Up && !s.IsDirect(tables)).ToList();
            if (waiting.Count == 0 && recheck.Count == 0) break;
            var probes = waiting.SelectMany(s => s.Probes(explain: false)).Concat(recheck.SelectMany(s => s.Probes(explain: true))).ToList();
            var results = transport.Probe(topology, tables, probes, cancellation);
            var changed = false;
            var i = 0;
            foreach (var session in waiting.Concat(recheck))
            {
                changed |= session.Judge(results[i], results[i + 1]);
                i += 2;
            }
            if (!changed) break;
            learned = PathVector(sessions.Where(s => s.State == BgpSessionState.Up), tables, originated, cancellation);
            tables = Tables(candidates, learned);
        }
        foreach (var session in sessions)
        {
            if (session.State != BgpSessionState.Up && session.Failure is { } failure) diagnostics.ReportBgpSessionDown(session.First, session.Second, failure);
        }
        if (learned is null) return _refused;
        foreach (var (device, routes) in learned) candidates[device].AddRange(routes);
        return _refused;
    }

    private static Dictionary<DeviceSymbol, DeviceRoutes> Tables(Dictionary<DeviceSymbol, List<RouteEntry>> candidates, Dictionary<DeviceSymbol, List<RouteEntry>>? learned)
    {
        var tables = new Dictionary<DeviceSymbol, DeviceRoutes>(ReferenceEqualityComparer.Instance);
        foreach (var (device, routes) in candidates)
        {
            tables[device] = DeviceRoutes.Select(device, learned?.GetValueOrDefault(device) is { Count: > 0 } more ? [.. routes, .. more] : routes);
        }
        return tables;
    }

    /// <summary>The routes learned over the sessions up, per device; <paramref name="tables"/> resolve their next hops.</summary>
    private Dictionary<DeviceSymbol, List<RouteEntry>> PathVector(IEnumerable<BgpSession> up, IReadOnlyDictionary<DeviceSymbol, DeviceRoutes> tables,
        HashSet<AddressMatch> originated, CancellationToken cancellation)
    {
        _refused = new(ReferenceEqualityComparer.Instance);
        var speakers = new Dictionary<DeviceSymbol, Speaker>(ReferenceEqualityComparer.Instance);
        Speaker SpeakerOf(DeviceSymbol device) => speakers.TryGetValue(device, out var s) ? s : speakers[device] = new Speaker(device, PoolsOf(device));
        foreach (var session in up)
        {
            var (a, b) = (SpeakerOf(session.First.Device), SpeakerOf(session.Second.Device));
            a.Peers.Add(b.Device);
            b.Peers.Add(a.Device);
            a.NextHops[b.Device] = session.NextHopFor(a.Device, topology, tables);
            b.NextHops[a.Device] = session.NextHopFor(b.Device, topology, tables);
        }

        var work = new Queue<(Speaker Speaker, IpPrefix Prefix)>();
        foreach (var speaker in speakers.Values)
        {
            foreach (var advertised in speaker.Device.Bgp!.Advertised)
            {
                if (advertised.Prefix is not { } prefix || !originated.Contains(advertised) || speaker.StateOf(prefix) is not { Best: null } state) continue;
                state.Best = new Learned(AsPath.Empty, null, false, advertised);
                work.Enqueue((speaker, prefix));
            }
        }
        var steps = 0;
        while (work.TryDequeue(out var item))
        {
            if (++steps % 1024 == 0) cancellation.ThrowIfCancellationRequested();
            var (speaker, prefix) = item;
            var best = speaker.Prefixes[prefix].Best;
            foreach (var peerDevice in speaker.Peers)
            {
                var peer = speakers[peerDevice];
                // A path whose next hop the receiver cannot resolve is not usable there, as in BGP.
                if (peer.NextHops[speaker.Device] is null) continue;
                var offer = Offer(speaker, peer, prefix, best, out var looped);
                if (looped is not null || peer.Prefixes.ContainsKey(prefix)) NoteLoop(peer.StateOf(prefix), speaker.Device, looped);
                if (Receive(peer, speaker.Device, prefix, offer)) work.Enqueue((peer, prefix));
            }
        }

        var learned = new Dictionary<DeviceSymbol, List<RouteEntry>>(ReferenceEqualityComparer.Instance);
        foreach (var speaker in speakers.Values)
        {
            var routes = new List<RouteEntry>();
            // Order does not matter: a device holds one BGP path per prefix, and its table sorts its routes.
            foreach (var (prefix, state) in speaker.Prefixes)
            {
                if (state.Best is null && state.Looped is { Count: > 0 } looped) Refuse(speaker.Device, prefix, looped);
                if (state.Best is not { From: { } from } path) continue;
                routes.Add(speaker.NextHops[from]! with { Prefix = prefix, Location = path.Origin.Location, AsPath = path.Path });
            }
            learned[speaker.Device] = routes;
        }
        return learned;
    }

    /// <summary>The paths refused for their AS loop where the receiver learned no path, per device, as the last path vector left them.</summary>
    private Dictionary<DeviceSymbol, List<RefusedBgpRoute>> _refused = new(ReferenceEqualityComparer.Instance);

    private void Refuse(DeviceSymbol device, IpPrefix prefix, Dictionary<DeviceSymbol, Learned> looped)
    {
        if (!_refused.TryGetValue(device, out var list)) _refused[device] = list = [];
        foreach (var (from, path) in looped.OrderBy(p => p.Key.QualifiedName, StringComparer.Ordinal)) list.Add(new RefusedBgpRoute(device, prefix, from, path.Path, path.Origin));
    }

    /// <summary>
    /// The advertised prefixes each speaker originates: those its own routes (connected, static, null, guest: <paramref name="candidates"/>,
    /// before BGP) hold, by a route for exactly the prefix or routes inside it (advertised as their summary, as an aggregate is),
    /// as FRR's <c>network</c> with import-check, BIRD and routers announce only what their table has. A Calico worker's
    /// prefixes inside its IP pools are its IPAM blocks, which Calico holds by a blackhole route of their own, and those
    /// inside its cluster's service ranges are what Calico's serviceClusterIPs announce with no kernel route. Any other is
    /// reported (NF3035) and not originated.
    /// </summary>
    private HashSet<AddressMatch> Originated(Dictionary<DeviceSymbol, List<RouteEntry>> candidates)
    {
        var originated = new HashSet<AddressMatch>(ReferenceEqualityComparer.Instance);
        foreach (var device in topology.Model.Devices)
        {
            if (device.Bgp is not { } bgp || device.Peers.Count == 0) continue;
            IReadOnlyList<IpPrefix> calico = [.. PoolsOf(device) ?? [], .. ServiceRangesOf(device)];
            foreach (var advertised in bgp.Advertised)
            {
                if (advertised.Prefix is not { } prefix) continue;
                if (calico.Any(p => p.Contains(prefix)) || candidates[device].Any(r => prefix.Contains(r.Prefix))) originated.Add(advertised);
                else diagnostics.ReportAdvertisedPrefixWithoutRoute(device, advertised);
            }
        }
        return originated;
    }

    /// <summary>
    /// Whether each end of an eBGP session reaches the other's address with TTL 1, as an eBGP speaker sends without
    /// <c>multihop</c> (and FRR, BIRD and routers require of a single-hop neighbour): the route it takes hands the packet to
    /// the peer itself (on a connected network or by an on-link route, by a route via the peer, or into a tunnel to it),
    /// not to a router on the way. iBGP is multi-hop by default. A session with an end that has no usable route there is
    /// left to the engine's probe, whose reason (NF3003) comes first. Judged on each round's tables before the session's
    /// connection runs on them (a route learned over another session may be the one that reaches the peer); reported
    /// (NF3034) when not, and the session then stays down.
    /// </summary>
    private bool ReachableWithTtlOne(BgpSession session, Dictionary<DeviceSymbol, DeviceRoutes> tables)
    {
        if (session.First.Device.Bgp!.Asn == session.Second.Device.Bgp!.Asn) return true;
        var (first, firstRouted) = FirstHop(tables, session.First.Device, session.SecondAddress!.Value, session.Second.Device);
        var (second, secondRouted) = FirstHop(tables, session.Second.Device, session.FirstAddress!.Value, session.First.Device);
        if (!firstRouted || !secondRouted) return true;
        if (session.First.Multihop) first = null;
        if (session.Second.Multihop) second = null;
        if (first is null && second is null) return true;
        if (first is not null) diagnostics.ReportBgpPeerNotAdjacent(session.First, session.Second, session.SecondAddress!.Value, first, bothEnds: second is not null);
        else diagnostics.ReportBgpPeerNotAdjacent(session.Second, session.First, session.FirstAddress!.Value, second!, bothEnds: false);
        return false;
    }

    /// <summary>
    /// How <paramref name="device"/>'s best routes to <paramref name="address"/> start: <c>Router</c> is the route when none
    /// hands the packet to <paramref name="peer"/> itself (null when one does); <c>Routed</c> is false when none is usable
    /// (no route, a null route, a gateway nobody holds).
    /// </summary>
    private (RouteEntry? Router, bool Routed) FirstHop(Dictionary<DeviceSymbol, DeviceRoutes> tables, DeviceSymbol device, IpAddress address, DeviceSymbol peer)
    {
        RouteEntry? router = null;
        foreach (var route in tables[device].Lookup(address))
        {
            if (route.Drop) continue;
            // A connected or on-link route (out of an interface, no gateway) hands the packet to whoever holds the address there.
            var handedTo = route.Source == RouteSource.Connected || route is { NextHop: null, NextHopAddress: null, Tunnel: null }
                ? topology.Owners(address).FirstOrDefault(o => o.Segment is not null && ReferenceEquals(o.Segment, route.OutInterface?.Segment))?.Device
                : route.NextHop;
            if (ReferenceEquals(handedTo, peer)) return (null, true);
            if (handedTo is not null) router ??= route;
        }
        return (router, router is not null);
    }

    /// <summary>
    /// The IP pools of a Calico worker (a worker's cluster-pod ranges, those of the site that declares it), or null for
    /// another device.
    /// </summary>
    private IReadOnlyList<IpPrefix>? PoolsOf(DeviceSymbol device) => device.Kind != DeviceKind.Worker ? null
        : [.. topology.Model.Ranges.Where(r => r.Origin == RangeOrigin.ClusterPod && r.Prefix is not null && r.IsInside(device.Scope)).Select(r => r.Prefix!.Value)];

    /// <summary>The cluster-service ranges of a Calico worker (those of the site that declares it); none for another device.</summary>
    private IEnumerable<IpPrefix> ServiceRangesOf(DeviceSymbol device) => device.Kind != DeviceKind.Worker ? []
        : topology.Model.Ranges.Where(r => r.Origin == RangeOrigin.ClusterService && r.Prefix is not null && r.IsInside(device.Scope)).Select(r => r.Prefix!.Value);

    /// <summary>Records that <paramref name="from"/> now offers a path the speaker refuses for its AS loop (<paramref name="looped"/>), or no longer does.</summary>
    private static void NoteLoop(PrefixState state, DeviceSymbol from, Learned? looped)
    {
        if (looped is not null) (state.Looped ??= new(ReferenceEqualityComparer.Instance))[from] = looped;
        else state.Looped?.Remove(from);
    }

    /// <summary>
    /// What a speaker offers a peer for a prefix, given its best path; null is a withdrawal, and <paramref name="looped"/>
    /// the path the peer refuses because it holds the peer's AS, when that is why.
    /// </summary>
    private static Learned? Offer(Speaker from, Speaker to, IpPrefix prefix, Learned? best, out Learned? looped)
    {
        looped = null;
        if (best is null || ReferenceEquals(best.From, to.Device)) return null;
        // Calico's BIRD exports what the worker originates (its blocks) and, of what it learned, only the pools' routes.
        if (best.From is not null && from.Pools is { } pools && !pools.Any(p => p.Contains(prefix))) return null;
        var ibgp = from.Asn == to.Asn;
        if (ibgp && best.ViaIbgp) return null;
        var path = ibgp ? best.Path : best.Path.Prepend(from.Asn);
        var offer = new Learned(path, from.Device, ibgp, best.Origin);
        if (!ibgp && path.Passes(to.Asn))
        {
            looped = offer;
            return null;
        }
        return offer;
    }

    /// <summary>Records a peer's offer (or withdrawal) and re-selects the best path; true when the best path changed.</summary>
    private static bool Receive(Speaker speaker, DeviceSymbol from, IpPrefix prefix, Learned? offer)
    {
        if (!speaker.Prefixes.TryGetValue(prefix, out var state))
        {
            if (offer is null) return false;
            speaker.Prefixes[prefix] = state = new PrefixState();
        }
        if (offer is null) state.Offers.Remove(from);
        else state.Offers[from] = offer;

        var current = state.Best;
        if (current is { From: null }) return false; // originated here
        Learned? best = null;
        foreach (var candidate in state.Offers.Values)
        {
            if (best is null || candidate.Path.Length < best.Path.Length
                || (candidate.Path.Length == best.Path.Length && string.CompareOrdinal(candidate.From!.QualifiedName, best.From!.QualifiedName) < 0))
            {
                best = candidate;
            }
        }
        if (Same(best, current)) return false;
        // Shortest-path BGP converges; the bound only keeps a pathological input from running unbounded.
        if (++state.Changes > MaxChangesPerPrefix) return false;
        state.Best = best;
        return true;
    }

    private static bool Same(Learned? a, Learned? b) =>
        a is null ? b is null
            : b is not null && ReferenceEquals(a.From, b.From) && a.ViaIbgp == b.ViaIbgp && ReferenceEquals(a.Origin, b.Origin)
              && a.Path.SameAs(b.Path);

    /// <summary>
    /// The candidate sessions from <c>bgp peer</c> lines, once per pair, in declaration order: pairs where both ends
    /// declare the session, both speak BGP, each names the other by an address or shares a segment with it, and each is
    /// in the AS the other expects (otherwise reported, and no session).
    /// </summary>
    private List<BgpSession> DeclaredSessions()
    {
        var declared = new Dictionary<(DeviceSymbol, DeviceSymbol), BgpPeering>();
        foreach (var device in topology.Model.Devices)
        {
            foreach (var peering in device.Peers) declared.TryAdd((device, peering.Peer), peering);
        }
        var sessions = new List<BgpSession>();
        var seen = new HashSet<(DeviceSymbol, DeviceSymbol)>();
        foreach (var device in topology.Model.Devices)
        {
            foreach (var peering in device.Peers)
            {
                var peer = peering.Peer;
                if (ReferenceEquals(device, peer) || !seen.Add(Pair(device, peer))) continue;
                if (Declared(peering, declared.GetValueOrDefault((peer, device))) is { } back) sessions.Add(new BgpSession(peering, back));
            }
        }
        return sessions;
    }

    private static (DeviceSymbol, DeviceSymbol) Pair(DeviceSymbol a, DeviceSymbol b) =>
        string.CompareOrdinal(a.QualifiedName, b.QualifiedName) <= 0 ? (a, b) : (b, a);

    /// <summary>The peer's line back when the pair declares a session that may come up; null when it cannot (reported).</summary>
    private BgpPeering? Declared(BgpPeering peering, BgpPeering? back)
    {
        var silent = new[] { peering.Device, peering.Peer }.FirstOrDefault(d => d.Bgp is null);
        if (silent is not null)
        {
            diagnostics.ReportBgpPeerWithoutAs(peering, silent);
            return null;
        }
        if (back is null)
        {
            diagnostics.ReportBgpSessionDeclaredOnOneSide(peering);
            return null;
        }
        var mismatched = false;
        foreach (var end in new[] { peering, back })
        {
            // A neighbour is configured by its address; a device name says which only on a segment both are on.
            if (end.Address is null && !BgpSession.ShareASegment(end.Device, end.Peer))
            {
                diagnostics.ReportBgpPeerNeedsAddress(end, [.. end.Peer.Interfaces.SelectMany(i => i.Addresses).Select(a => a.Address)]);
                mismatched = true;
            }
            if (end.ExpectedAsn is not { } expected || expected == end.Peer.Bgp!.Asn) continue;
            diagnostics.ReportBgpPeerAsMismatch(end, expected);
            mismatched = true;
        }
        return mismatched ? null : back;
    }
}

/// <summary>
/// An AS path that shares storage with the path it extends. The AS numbers lie in an array, origin first; a path is a
/// length over it. Prepending to the longest path over an array writes one slot (as slices do), so a route passed
/// along a chain of peers costs one slot per hop, and the loop check of every eBGP offer is a scan of contiguous memory.
/// </summary>
internal sealed class AsPath : IReadOnlyList<long>
{
    private sealed class Storage(long[] items, int used)
    {
        public long[] Items = items;
        public int Used = used;
    }

    public static readonly AsPath Empty = new(new Storage([], 0), 0);

    private readonly Storage _storage;

    private AsPath(Storage storage, int length) => (_storage, Length) = (storage, length);

    public int Length { get; }

    public int Count => Length;

    /// <summary>The AS numbers, nearest first.</summary>
    public long this[int index] => (uint)index < (uint)Length
        ? _storage.Items[Length - 1 - index]
        : throw new ArgumentOutOfRangeException(nameof(index));

    private ReadOnlySpan<long> Span => _storage.Items.AsSpan(0, Length);

    public AsPath Prepend(long asn)
    {
        var storage = _storage;
        // Empty is shared by every computation (and thread): it is never extended in place.
        if (storage.Used != Length || ReferenceEquals(this, Empty))
        {
            // Another path already extends this one in place: branch into storage of its own.
            var items = new long[Math.Max(4, Length * 2)];
            Span.CopyTo(items);
            storage = new Storage(items, Length);
        }
        else if (Length == storage.Items.Length)
        {
            // Paths sharing the storage read only their own prefix of it, which the larger copy keeps.
            Array.Resize(ref storage.Items, Math.Max(4, Length * 2));
        }
        storage.Items[Length] = asn;
        storage.Used = Length + 1;
        return new AsPath(storage, Length + 1);
    }

    /// <summary>Whether the path passes through an AS: the loop check of every eBGP offer.</summary>
    public bool Passes(long asn) => Span.Contains(asn);

    /// <summary>The same AS numbers in the same order.</summary>
    public bool SameAs(AsPath other) =>
        Length == other.Length && (ReferenceEquals(_storage, other._storage) || Span.SequenceEqual(other.Span));

    public IEnumerator<long> GetEnumerator()
    {
        for (var i = 0; i < Length; i++) yield return this[i];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
