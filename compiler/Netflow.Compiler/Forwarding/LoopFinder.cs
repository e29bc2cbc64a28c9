using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;

namespace Netflow.Compiler.Forwarding;

/// <summary>
/// A forwarding loop the engine executes: a packet from <see cref="Start"/> with <see cref="Header"/> comes back to a
/// device in the same state. <see cref="Hops"/> are the hops of the cycle, each with the route row that decided it
/// (-1 where no route did: a host passing a frame to its guest), rotated to start at the most specific route.
/// <see cref="Translations"/> are the destination NAT rows that rewrite the packet on the cycle, in order (a rule, or
/// the session it made, translating again): empty for a loop of routes alone.
/// </summary>
public sealed record ForwardingLoop(int Start, PacketHeader Header, IReadOnlyList<(int Device, int Row)> Hops)
{
    public IReadOnlyList<DestinationTranslation> Translations { get; init; } = [];
}

/// <summary>A destination NAT on a loop: the device, the rule's row, and the destination before and after it.</summary>
public readonly record struct DestinationTranslation(int Device, int Rule, uint Before, uint After);

/// <summary>
/// Finds the forwarding loops of a compiled image with the engine that executes it. Every device's decision is a step
/// function of the destination, so the boundaries of all route prefixes split the address space into classes inside
/// which every table decides the same. The sweep walks the classes in address order; at each boundary only the devices
/// whose decision changes are re-examined for cycles of hand-offs (a new cycle passes through one of them), and the
/// cycles found stay active until one of their hand-offs changes. In a class with an active cycle the engine runs the
/// packets that could loop: the class's first address from each device on a cycle, and each declared address in the
/// class, as <c>trace</c> sends it, from every device whose hand-offs lead onto a cycle. Where every such device is a
/// <see cref="Plain"/> router, a packet can only follow the hand-offs, so it loops on exactly the cycle its path reaches,
/// which the first-address packets have already run; there the declared addresses need no packets of their own. A
/// destination NAT changes a packet's class on the way, so every rule's address (with its protocol and port) is run
/// from every device, whatever its class. What loops is a loop, and nothing else is.
/// </summary>
public sealed class LoopFinder
{
    private readonly ForwardingEngine _engine;
    private readonly NetworkImage _image;
    private readonly int[] _current;
    private readonly uint[] _declared;
    private readonly int[] _origins;
    private readonly bool[] _plain;

    /// <summary>Whether every device is plain with no equal-cost group and no tunnel route: then no class needs more than its cycles' packets.</summary>
    private readonly bool _allFollowRoutes;
    private readonly List<int>[] _handedFrom;

    private LoopFinder(ForwardingEngine engine)
    {
        _engine = engine;
        _image = engine.Image;
        _current = new int[_image.Devices.Count];
        var translated = _image.DestinationNats.Address.ToHashSet();
        _declared = [.. _image.Interfaces.Address.Where(a => a != 0 && !translated.Contains(a)).Distinct().Order()];
        _origins = [.. Enumerable.Range(0, _image.Devices.Count).Where(d => _engine.PrimaryAddress(d) != 0)];
        _plain = Plain(_image);
        var routes = _image.Routes;
        _allFollowRoutes = _plain.All(p => p) && Enumerable.Range(0, routes.Count).All(r => routes.Tunnel[r] < 0
            && (r == 0 || routes.Device[r - 1] != routes.Device[r] || routes.Network[r - 1] != routes.Network[r] || routes.Length[r - 1] != routes.Length[r]));
        _handedFrom = new List<int>[_image.Devices.Count];
        for (var d = 0; d < _handedFrom.Length; d++) _handedFrom[d] = [];
    }

    /// <summary>
    /// The devices whose packets go exactly where their routes hand them, whatever the source: a router or client off any
    /// hypervisor, with no NAT rule, on no overlay segment. (Equal-cost groups and tunnel routes are judged per class.)
    /// </summary>
    private static bool[] Plain(NetworkImage image)
    {
        var devices = image.Devices;
        var plain = new bool[devices.Count];
        for (var d = 0; d < plain.Length; d++) plain[d] = devices.Kind[d] is DeviceKind.Router or DeviceKind.Client && devices.Host[d] < 0;
        foreach (var d in image.SourceNats.Device) plain[d] = false;
        foreach (var d in image.DestinationNats.Device) plain[d] = false;
        for (var i = 0; i < image.Interfaces.Count; i++)
        {
            if (image.Interfaces.Segment[i] is var s && s >= 0 && image.Segments.Kind[s] is SegmentKind.Vxlan or SegmentKind.Stretched) plain[image.Interfaces.Device[i]] = false;
        }
        return plain;
    }

    public static IReadOnlyList<ForwardingLoop> Find(ForwardingEngine engine) => new LoopFinder(engine).Sweep();

    /// <summary>The packet <c>trace FROM ADDRESS</c> sends (tcp to port 80 from the first ephemeral port).</summary>
    public static PacketHeader Probe(ForwardingEngine engine, int start, uint destination) => Probe(engine, start, destination, Protocol.Tcp, -1);

    /// <summary>The packet <c>trace FROM ADDRESS:PORT --proto PROTOCOL</c> sends (port -1: the protocol's default).</summary>
    private static PacketHeader Probe(ForwardingEngine engine, int start, uint destination, Protocol protocol, int port) =>
        new(engine.SourceAddress(start, destination), destination, protocol, FlowRunner.SourcePort, port >= 0 ? port : FlowRunner.DefaultPort(protocol));

    private List<ForwardingLoop> Sweep()
    {
        var events = Events();
        var loops = new List<ForwardingLoop>();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        var active = new List<int[]>();
        var changed = new List<int>();
        for (var i = 0; i < events.Length;)
        {
            var start = events[i].Boundary;
            changed.Clear();
            for (; i < events.Length && events[i].Boundary == start; i++)
            {
                _current[events[i].Device] = _engine.Lookup(events[i].Device, (uint)start);
                changed.Add(events[i].Device);
            }
            active.RemoveAll(cycle => !Intact(cycle));
            changed.RemoveAll(device => !HandsOff(device));
            if (changed.Count > 0) FindCycles(changed, active);
            if (active.Count == 0) continue;
            var end = i < events.Length ? events[i].Boundary : 1UL << 32;
            RunPackets((uint)start, end, active, loops, reported);
        }
        RunTranslated(loops, reported);
        return loops;
    }

    /// <summary>Each destination NAT rule's packet (its address, protocol and port) from every device.</summary>
    private void RunTranslated(List<ForwardingLoop> loops, HashSet<string> reported)
    {
        var nats = _image.DestinationNats;
        var probes = Enumerable.Range(0, nats.Count)
            .Select(r => (nats.Address[r], Protocol: nats.Protocol[r] == Protocol.Any ? Protocol.Tcp : nats.Protocol[r], nats.Port[r]))
            .Distinct().ToArray();
        foreach (var (address, protocol, port) in probes)
        {
            foreach (var origin in _origins) Run(origin, Probe(_engine, origin, address, protocol, port), loops, reported);
        }
    }

    /// <summary>Every device's decision boundaries (each prefix's first address and the one after its last), in order.</summary>
    private (ulong Boundary, int Device)[] Events()
    {
        var devices = _image.Devices;
        var routes = _image.Routes;
        var events = new List<(ulong, int)>();
        for (var d = 0; d < devices.Count; d++)
        {
            events.Add((0, d));
            for (var r = devices.FirstRoute[d]; r < devices.FirstRoute[d] + devices.RouteCount[d]; r++)
            {
                var first = (ulong)routes.Network[r];
                events.Add((first, d));
                var after = first + (1UL << (32 - routes.Length[r]));
                if (after < 1UL << 32) events.Add((after, d));
            }
        }
        var sorted = events.Distinct().ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    /// <summary>The route rows of the equal-cost group a device's decision is (its lookup's row and the rows of the same prefix).</summary>
    private IEnumerable<int> Group(int device)
    {
        var row = _current[device];
        if (row < 0) yield break;
        var routes = _image.Routes;
        var end = _image.Devices.FirstRoute[device] + _image.Devices.RouteCount[device];
        for (var r = row; r < end && routes.Network[r] == routes.Network[row] && routes.Length[r] == routes.Length[row]; r++) yield return r;
    }

    /// <summary>The device a route row hands the packet to, or -1 when the decision ends at this device (delivered, dropped, out).</summary>
    private int NextOf(int row)
    {
        var action = _image.Routes.Action[row];
        return action is RouteAction.Forward or RouteAction.Guest ? _image.Routes.NextHopDevice[row] : -1;
    }

    private bool HandsOff(int device) => Group(device).Any(r => NextOf(r) >= 0);

    private bool Intact(int[] cycle)
    {
        for (var k = 0; k < cycle.Length; k++)
        {
            var next = cycle[(k + 1) % cycle.Length];
            if (!Group(cycle[k]).Any(r => NextOf(r) == next)) return false;
        }
        return true;
    }

    /// <summary>
    /// Depth-first along hand-offs (every equal-cost branch) from the devices whose decision changed, iteratively, with
    /// colours shared among them: each device is explored once per boundary, and every cycle reachable from them closes
    /// as an edge back onto the current path.
    /// </summary>
    private void FindCycles(List<int> roots, List<int[]> active)
    {
        var done = new Dictionary<int, bool>(); // false while on the path
        var path = new List<int>();
        var stack = new Stack<(int Device, int[] Next, int Index)>();
        foreach (var root in roots)
        {
            if (done.ContainsKey(root)) continue;
            done[root] = false;
            path.Add(root);
            stack.Push((root, Nexts(root), 0));
            while (stack.TryPop(out var top))
            {
                var (device, nexts, index) = top;
                if (index < nexts.Length)
                {
                    stack.Push((device, nexts, index + 1));
                    var next = nexts[index];
                    if (done.TryGetValue(next, out var finished))
                    {
                        if (!finished) Activate([.. path.Skip(path.IndexOf(next))], active);
                        continue;
                    }
                    done[next] = false;
                    path.Add(next);
                    stack.Push((next, Nexts(next), 0));
                    continue;
                }
                done[device] = true;
                path.RemoveAt(path.Count - 1);
            }
        }
    }

    private static void Activate(int[] cycle, List<int[]> active)
    {
        if (!active.Exists(c => c.Length == cycle.Length && c.Order().SequenceEqual(cycle.Order()))) active.Add(cycle);
    }

    private int[] Nexts(int device) => [.. Group(device).Select(NextOf).Where(n => n >= 0).Distinct()];

    /// <summary>Runs the packets of a class [start, end) that could loop on its active cycles, and keeps each new loop once.</summary>
    private void RunPackets(uint start, ulong end, List<int[]> active, List<ForwardingLoop> loops, HashSet<string> reported)
    {
        var onCycles = active.SelectMany(c => c).Distinct().ToArray();
        foreach (var device in onCycles) Run(device, Probe(_engine, device, start), loops, reported);
        var first = Array.BinarySearch(_declared, start);
        first = first >= 0 ? first : ~first;
        if (first >= _declared.Length || _declared[first] >= end) return;
        if (_allFollowRoutes) return;
        var leading = LeadingOnto(onCycles);
        if (leading.All(FollowsItsRoute)) return;
        var origins = _origins.Where(o => leading.Contains(o)).ToArray();
        for (var k = first; k < _declared.Length && _declared[k] < end; k++)
        {
            foreach (var origin in origins) Run(origin, Probe(_engine, origin, _declared[k]), loops, reported);
        }
    }

    /// <summary>Whether the device hands every packet of the current class to one next device, whatever its source.</summary>
    private bool FollowsItsRoute(int device) => _plain[device] && Group(device).Count() == 1 && _image.Routes.Tunnel[_current[device]] < 0;

    /// <summary>The devices whose hand-offs in the current class lead onto one of the given devices (them included).</summary>
    private HashSet<int> LeadingOnto(int[] targets)
    {
        foreach (var list in _handedFrom) list.Clear();
        for (var d = 0; d < _current.Length; d++)
        {
            foreach (var next in Nexts(d))
            {
                _handedFrom[next].Add(d);
                // A guest's packets go through its host, which routes them if it is a worker.
                if (_image.Devices.Host[next] is var host && host >= 0 && host != d) _handedFrom[host].Add(d);
            }
        }
        var leading = new HashSet<int>(targets);
        var queue = new Queue<int>(targets);
        while (queue.TryDequeue(out var device))
        {
            foreach (var from in _handedFrom[device])
            {
                if (leading.Add(from)) queue.Enqueue(from);
            }
        }
        return leading;
    }

    private void Run(int start, PacketHeader header, List<ForwardingLoop> loops, HashSet<string> reported)
    {
        if (_engine.Run(start, header, new NatSessions()).End.Kind != EndKind.Loop) return;
        var trace = _engine.Execute(start, header, new NatSessions());
        if (trace.End.Kind != EndKind.Loop) return;
        var cycle = Cycle(trace, out var translations);
        // A loop through destination NAT is one loop whichever device the packet was first seen again at.
        var key = translations.Count > 0
            ? "nat:" + string.Join(",", translations.Select(t => t.Rule).Distinct().Order())
            : string.Join(",", cycle.Select(h => h.Device).Distinct().Order());
        if (reported.Add(key)) loops.Add(new ForwardingLoop(start, header, cycle) { Translations = translations });
    }

    /// <summary>The hops from the earlier visit of the device where the trace came back, each with its route row, most specific route first.</summary>
    private List<(int Device, int Row)> Cycle(Trace trace, out List<DestinationTranslation> translations)
    {
        var hops = trace.Hops;
        // The earlier visit in the same state: a packet that NAT rewrites passes a device with different headers.
        var again = Inbound(hops[^1]);
        var from = hops.Count - 2;
        while (from >= 0 && (hops[from].Device != trace.End.Device || Inbound(hops[from]) != again)) from--;
        if (from < 0)
        {
            from = hops.Count - 2;
            while (from >= 0 && hops[from].Device != trace.End.Device) from--;
            if (from < 0) from = 0;
        }
        var cycle = new List<(int Device, int Row)>();
        translations = [];
        for (var h = from; h < hops.Count - 1; h++)
        {
            foreach (var step in hops[h].Steps.Where(s => s.Kind == StepKind.DestinationNat && !s.Reverse))
            {
                translations.Add(new DestinationTranslation(hops[h].Device, step.Row, step.Before!.Value.Destination, step.After!.Value.Destination));
            }
            var forward = hops[h].Steps.LastOrDefault(s => s.Kind == StepKind.Forwarded);
            cycle.Add((hops[h].Device, forward.Kind == StepKind.Forwarded ? forward.Row : -1));
        }
        var best = 0;
        for (var k = 1; k < cycle.Count; k++)
        {
            if (Length(cycle[k].Row) > Length(cycle[best].Row)) best = k;
        }
        return [.. cycle.Skip(best), .. cycle.Take(best)];
    }

    /// <summary>The header a hop received (the first step's header before it).</summary>
    private static PacketHeader? Inbound(TraceHop hop) => hop.Steps.Count > 0 ? hop.Steps[0].Before : null;

    private int Length(int row) => row < 0 ? -1 : _image.Routes.Length[row];
}
