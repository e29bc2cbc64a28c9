using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;

namespace Netflow.Compiler.Forwarding;

/// <summary>
/// A forwarding loop the engine executes: a packet from <see cref="Start"/> with <see cref="Header"/> comes back to a
/// device in the same state. <see cref="Hops"/> are the hops of the cycle, each with the route row that decided it
/// (-1 where no route did: a host passing a frame to its guest), rotated to start at the most specific route.
/// </summary>
public sealed record ForwardingLoop(int Start, PacketHeader Header, IReadOnlyList<(int Device, int Row)> Hops);

/// <summary>
/// Finds the forwarding loops of a compiled image with the engine that executes it. Every device's decision is a step
/// function of the destination, so the boundaries of all route prefixes split the address space into classes inside
/// which every table decides the same. The sweep walks the classes in address order; at each boundary only the devices
/// whose decision changes are re-examined for cycles of hand-offs (a new cycle passes through one of them), and the
/// cycles found stay active until one of their hand-offs changes. In a class with an active cycle the engine runs the
/// packets that could loop (the class's first address from each device on a cycle, and each declared address in the
/// class from every device, as <c>trace</c> sends them); what loops there is a loop, and nothing else is.
/// </summary>
public sealed class LoopFinder
{
    private readonly ForwardingEngine _engine;
    private readonly NetworkImage _image;
    private readonly int[] _current;
    private readonly uint[] _declared;
    private readonly int[] _origins;

    private LoopFinder(ForwardingEngine engine)
    {
        _engine = engine;
        _image = engine.Image;
        _current = new int[_image.Devices.Count];
        _declared = [.. _image.Interfaces.Address.Concat(_image.DestinationNats.Address).Where(a => a != 0).Distinct().Order()];
        _origins = [.. Enumerable.Range(0, _image.Devices.Count).Where(d => _engine.PrimaryAddress(d) != 0)];
    }

    public static IReadOnlyList<ForwardingLoop> Find(ForwardingEngine engine) => new LoopFinder(engine).Sweep();

    /// <summary>The packet <c>trace FROM ADDRESS</c> sends (tcp to port 80 from the first ephemeral port).</summary>
    public static PacketHeader Probe(ForwardingEngine engine, int start, uint destination) =>
        new(engine.SourceAddress(start, destination), destination, Protocol.Tcp, FlowRunner.SourcePort, FlowRunner.DefaultPort(Protocol.Tcp));

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
        return loops;
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
        foreach (var device in active.SelectMany(c => c).Distinct()) Run(device, start, loops, reported);
        var first = Array.BinarySearch(_declared, start);
        for (var k = first >= 0 ? first : ~first; k < _declared.Length && _declared[k] < end; k++)
        {
            foreach (var origin in _origins) Run(origin, _declared[k], loops, reported);
        }
    }

    private void Run(int start, uint destination, List<ForwardingLoop> loops, HashSet<string> reported)
    {
        var header = Probe(_engine, start, destination);
        if (_engine.Run(start, header, new NatSessions()).Disposition != Disposition.Loop) return;
        var trace = _engine.Execute(start, header, new NatSessions());
        if (trace.End.Kind != EndKind.Loop) return;
        var cycle = Cycle(trace);
        if (reported.Add(string.Join(",", cycle.Select(h => h.Device).Distinct().Order()))) loops.Add(new ForwardingLoop(start, header, cycle));
    }

    /// <summary>The hops from the earlier visit of the device where the trace came back, each with its route row, most specific route first.</summary>
    private List<(int Device, int Row)> Cycle(Trace trace)
    {
        var hops = trace.Hops;
        var from = hops.Count - 2;
        while (from >= 0 && hops[from].Device != trace.End.Device) from--;
        if (from < 0) from = 0;
        var cycle = new List<(int Device, int Row)>();
        for (var h = from; h < hops.Count - 1; h++)
        {
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

    private int Length(int row) => row < 0 ? -1 : _image.Routes.Length[row];
}
