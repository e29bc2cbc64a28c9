using Netflow.Language.Addressing;
using Netflow.Language.Binding;
using Netflow.Language.Diagnostics;

namespace Netflow.Language.Routing;

/// <summary>
/// A small path-vector computation: every speaker originates what it advertises; routes flow over established sessions
/// (eBGP prepends the sender's AS and refuses paths that already contain the receiver's; iBGP passes paths unchanged but
/// never re-advertises what it learned over iBGP); each speaker keeps, per prefix, the shortest AS path, ties broken by
/// the ordinal order of the sending peer's qualified name.
/// <para>
/// It runs as BGP does, incrementally: each speaker keeps what every peer offers it (Adj-RIB-In); when its best path
/// for a prefix changes, only that prefix is offered again, only to its peers. Work is proportional to the changes,
/// sessions times prefixes for a line of peers, not rounds over everything. AS paths share storage with the paths they
/// extend (<see cref="AsPath"/>).
/// </para>
/// </summary>
internal sealed class BgpSolver(Topology topology, IReadOnlyDictionary<DeviceSymbol, DeviceRoutes> routes, DiagnosticBag diagnostics)
{
    /// <summary>How many times, per speaker and prefix, the best path may change before the computation stops.</summary>
    public const int MaxChangesPerPrefix = 64;

    private sealed record Learned(AsPath Path, DeviceSymbol? From, bool ViaIbgp, AddressMatch Origin);

    /// <summary>An established session as one end sees it: the peer and, for a session inside an IPsec tunnel, the tunnel.</summary>
    private readonly record struct Session(DeviceSymbol Peer, TunnelSymbol? Tunnel);

    private sealed class Speaker(DeviceSymbol device)
    {
        public DeviceSymbol Device { get; } = device;
        public long Asn => Device.Bgp!.Asn;
        public List<Session> Sessions { get; } = [];

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
        public int Changes;
    }

    private readonly Dictionary<DeviceSymbol, Speaker> _speakers = new(ReferenceEqualityComparer.Instance);

    public void Solve(Dictionary<DeviceSymbol, List<RouteEntry>> candidates, CancellationToken cancellation = default)
    {
        if (!EstablishSessions()) return;

        var work = new Queue<(Speaker Speaker, IpPrefix Prefix)>();
        foreach (var speaker in _speakers.Values)
        {
            foreach (var advertised in speaker.Device.Bgp!.Advertised)
            {
                if (advertised.Prefix is not { } prefix || speaker.StateOf(prefix) is not { Best: null } state) continue;
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
            foreach (var session in speaker.Sessions)
            {
                var peer = _speakers[session.Peer];
                if (Receive(peer, speaker.Device, prefix, Offer(speaker, peer, best))) work.Enqueue((peer, prefix));
            }
        }

        foreach (var speaker in _speakers.Values)
        {
            // Order does not matter: a device holds one BGP path per prefix, and its table sorts its routes.
            foreach (var (prefix, state) in speaker.Prefixes)
            {
                if (state.Best is { From: { } from } learned) Install(candidates[speaker.Device], speaker, prefix, learned, from);
            }
        }
    }

    /// <summary>What a speaker offers a peer for a prefix, given its best path; null is a withdrawal.</summary>
    private static Learned? Offer(Speaker from, Speaker to, Learned? best)
    {
        if (best is null || ReferenceEquals(best.From, to.Device)) return null;
        var ibgp = from.Asn == to.Asn;
        if (ibgp && best.ViaIbgp) return null;
        var path = ibgp ? best.Path : best.Path.Prepend(from.Asn);
        if (!ibgp && path.Passes(to.Asn)) return null;
        return new Learned(path, from.Device, ibgp, best.Origin);
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

    private void Install(List<RouteEntry> candidates, Speaker speaker, IpPrefix prefix, Learned learned, DeviceSymbol from)
    {
        var device = speaker.Device;
        var location = learned.Origin.Location;
        var tunnel = speaker.Sessions.First(s => ReferenceEquals(s.Peer, from)).Tunnel;
        if (tunnel is not null)
        {
            // The session runs inside the tunnel, so its next hop is the far end through it.
            candidates.Add(new RouteEntry(device, prefix, RouteSource.Bgp, from, null, null, tunnel, false, location) { AsPath = learned.Path, LearnedFrom = from });
        }
        else if (topology.SharedSegment(device, from) is var (local, remote))
        {
            candidates.Add(new RouteEntry(device, prefix, RouteSource.Bgp, from, remote.Addresses[0].Address, local, null, false, location)
            {
                AsPath = learned.Path, LearnedFrom = from,
            });
        }
        else if (RecursiveNextHop(device, from) is { } via)
        {
            // A multi-hop session: the BGP next hop (the peer) is reached through the route that leads to it.
            candidates.Add(via with { Prefix = prefix, Source = RouteSource.Bgp, Location = location, Declaration = null, AsPath = learned.Path, LearnedFrom = from });
        }
    }

    /// <summary>
    /// Sessions from <c>bgp peer</c> lines, once per pair. A session comes up only when both ends declare it, both speak
    /// BGP, each is in the AS the other expects, and they reach each other; otherwise it is reported and carries nothing.
    /// </summary>
    private bool EstablishSessions()
    {
        var declared = new Dictionary<(DeviceSymbol, DeviceSymbol), BgpPeering>();
        foreach (var device in topology.Model.Devices)
        {
            foreach (var peering in device.Peers) declared.TryAdd((device, peering.Peer), peering);
        }
        var any = false;
        var seen = new HashSet<(DeviceSymbol, DeviceSymbol)>();
        foreach (var device in topology.Model.Devices)
        {
            foreach (var peering in device.Peers)
            {
                var peer = peering.Peer;
                if (ReferenceEquals(device, peer) || !seen.Add(Pair(device, peer))) continue;
                var back = declared.GetValueOrDefault((peer, device));
                if (TryEstablish(peering, back) is { Up: true } session)
                {
                    AddSession(device, peer, session.Tunnel);
                    AddSession(peer, device, session.Tunnel);
                    any = true;
                }
            }
        }
        return any;
    }

    private static (DeviceSymbol, DeviceSymbol) Pair(DeviceSymbol a, DeviceSymbol b) =>
        string.CompareOrdinal(a.QualifiedName, b.QualifiedName) <= 0 ? (a, b) : (b, a);

    private void AddSession(DeviceSymbol device, DeviceSymbol peer, TunnelSymbol? tunnel)
    {
        if (!_speakers.TryGetValue(device, out var speaker)) _speakers[device] = speaker = new Speaker(device);
        speaker.Sessions.Add(new Session(peer, tunnel));
    }

    /// <summary>Checks one declared pair: whether the session comes up, and the tunnel it runs in, if any.</summary>
    private (bool Up, TunnelSymbol? Tunnel) TryEstablish(BgpPeering peering, BgpPeering? back)
    {
        var (device, peer) = (peering.Device, peering.Peer);
        var silent = new[] { device, peer }.FirstOrDefault(d => d.Bgp is null);
        if (silent is not null)
        {
            diagnostics.ReportBgpPeerWithoutAs(peering, silent);
            return default;
        }
        if (back is null)
        {
            diagnostics.ReportBgpSessionDeclaredOnOneSide(peering);
            return default;
        }
        var mismatched = false;
        foreach (var end in new[] { peering, back })
        {
            if (end.ExpectedAsn is not { } expected || expected == end.Peer.Bgp!.Asn) continue;
            diagnostics.ReportBgpPeerAsMismatch(end, expected);
            mismatched = true;
        }
        if (mismatched) return default;

        if (SessionTunnel(device, peer) is { } tunnel) return (true, tunnel);
        var forth = CanReach(device, peer);
        var backReach = CanReach(peer, device);
        if (!forth || !backReach)
        {
            diagnostics.ReportBgpPeersUnreachable(peering, forth, backReach);
            return default;
        }
        return (true, null);
    }

    /// <summary>
    /// Peers that share no segment but are the two ends of an IPsec tunnel talk through it, between the addresses the
    /// tunnel carries (the tunnel's own underlay is NF3002's concern).
    /// </summary>
    private TunnelSymbol? SessionTunnel(DeviceSymbol device, DeviceSymbol peer)
    {
        if (topology.SharedSegment(device, peer) is not null) return null;
        foreach (var tunnel in topology.Model.Tunnels)
        {
            if (tunnel.Kind != TunnelKind.Ipsec) continue;
            var ends = tunnel.Endpoints.Select(topology.DeviceOf).ToList();
            if (ends.Exists(e => ReferenceEquals(e, device)) && ends.Exists(e => ReferenceEquals(e, peer))) return tunnel;
        }
        return null;
    }

    /// <summary>The non-default route of <paramref name="device"/> towards an address of <paramref name="peer"/>, if any.</summary>
    private RouteEntry? RecursiveNextHop(DeviceSymbol device, DeviceSymbol peer)
    {
        foreach (var (address, _) in peer.Interfaces.SelectMany(i => i.Addresses))
        {
            var entry = routes[device].Lookup(address).FirstOrDefault(e => e.Prefix.Length > 0 && e.NextHop is not null);
            if (entry is not null) return entry;
        }
        return null;
    }

    private bool CanReach(DeviceSymbol from, DeviceSymbol to)
    {
        if (topology.SharedSegment(from, to) is not null) return true;
        if (ReferenceEquals(from.Host, to) || ReferenceEquals(to.Host, from)) return true;
        var table = routes[from];
        // As for next hops: a peer that only the default route leads to is not reachable for a session.
        return to.Interfaces.SelectMany(i => i.Addresses)
            .Any(a => table.Lookup(a.Address).Any(e => e.Prefix.Length > 0 && (e.NextHop is not null || e.IsDirect)));
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
