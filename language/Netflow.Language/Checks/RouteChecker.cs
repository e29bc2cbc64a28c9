using Netflow.Language.Addressing;
using Netflow.Language.Binding;
using Netflow.Language.Diagnostics;
using Netflow.Language.Routing;

namespace Netflow.Language.Checks;

/// <summary>
/// Checks on the computed routing tables: forwarding loops (NF3004) and black holes (NF3005) per destination class,
/// shadowed (NF3006) and duplicate (NF3007) routes, devices nothing can reach (NF3008) and tunnels whose endpoints
/// cannot reach each other (NF3002).
/// <para>
/// Destination classes: every device's decision is a step function of the destination address, so the union of all
/// step boundaries splits the address space into classes inside which every device decides the same. The sweep walks
/// the classes in address order, and at each boundary only the devices whose decision changes are re-examined; a loop
/// created there must pass through one of them.
/// </para>
/// </summary>
internal sealed class RouteChecker(Topology topology, IReadOnlyDictionary<DeviceSymbol, DeviceRoutes> routes, DiagnosticBag diagnostics)
{
    public void Check(CancellationToken cancellation = default)
    {
        var intervals = new Dictionary<DeviceSymbol, ForwardingIntervals>(ReferenceEqualityComparer.Instance);
        foreach (var (device, table) in routes) intervals[device] = ForwardingIntervals.Build(table);
        cancellation.ThrowIfCancellationRequested();
        FindLoops(intervals);
        cancellation.ThrowIfCancellationRequested();
        var destinations = new KnownDestinations(topology);
        foreach (var (device, table) in routes)
        {
            FindBlackHoles(device, table, intervals, destinations);
            FindShadowedRoutes(device, table, intervals[device]);
            FindDuplicateRoutes(device);
        }
        FindUnreachableDevices();
        CheckTunnels();
    }

    // ---- NF3004 --------------------------------------------------------------------------------------------------

    private void FindLoops(Dictionary<DeviceSymbol, ForwardingIntervals> intervals)
    {
        var count = intervals.Sum(p => p.Value.Steps.Count);
        var starts = new UInt128[count];
        var events = new (UInt128 Start, DeviceSymbol Device, IReadOnlyList<RouteEntry> Entries)[count];
        var n = 0;
        foreach (var (device, steps) in intervals)
        {
            foreach (var (start, entries) in steps.Steps)
            {
                starts[n] = start;
                events[n++] = (start, device, entries);
            }
        }
        // Stable by construction is not needed: the events at one start are all applied before any is examined.
        Array.Sort(starts, events);
        var current = new Dictionary<DeviceSymbol, IReadOnlyList<RouteEntry>>(ReferenceEqualityComparer.Instance);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        var changed = new List<DeviceSymbol>();
        for (var i = 0; i < events.Length;)
        {
            var start = events[i].Start;
            changed.Clear();
            for (; i < events.Length && events[i].Start == start; i++)
            {
                current[events[i].Device] = events[i].Entries;
                changed.Add(events[i].Device);
            }
            // Most decisions end here (attached, local, dropped): only a hand-off to another device can loop.
            changed.RemoveAll(device => !HandsOff(current[device]));
            if (changed.Count > 0) FindCycles(changed, current, start, reported);
        }
    }

    private static bool HandsOff(IReadOnlyList<RouteEntry> entries)
    {
        foreach (var entry in entries)
        {
            if (!entry.IsDirect && !entry.Drop && entry.NextHop is not null) return true;
        }
        return false;
    }

    /// <summary>
    /// Depth-first along next hops (all equal-cost branches) from the devices whose decision changed, iteratively and with
    /// colours shared among them: each device is explored once per destination class, however long the paths, and every
    /// cycle reachable from them (a new one passes through one of them) closes as an edge back onto the current path.
    /// </summary>
    private void FindCycles(List<DeviceSymbol> roots, Dictionary<DeviceSymbol, IReadOnlyList<RouteEntry>> current, UInt128 start,
        HashSet<string> reported)
    {
        var done = new Dictionary<DeviceSymbol, bool>(ReferenceEqualityComparer.Instance); // false while on the path
        var path = new List<RouteEntry>();
        var stack = new Stack<(DeviceSymbol Device, int Next)>();
        foreach (var root in roots)
        {
            if (done.ContainsKey(root)) continue;
            done[root] = false;
            stack.Push((root, 0));
            while (stack.TryPop(out var top))
            {
                var (device, index) = top;
                var entries = current.GetValueOrDefault(device) ?? [];
                var descended = false;
                for (var i = index; i < entries.Count && !descended; i++)
                {
                    var entry = entries[i];
                    if (entry.IsDirect || entry.Drop || entry.NextHop is not { } next) continue;
                    if (done.TryGetValue(next, out var finished))
                    {
                        if (!finished) ReportLoop(Cycle(path, entry, next, roots), start, reported);
                        continue;
                    }
                    stack.Push((device, i + 1));
                    path.Add(entry);
                    done[next] = false;
                    stack.Push((next, 0));
                    descended = true;
                }
                if (descended) continue;
                done[device] = true;
                if (!ReferenceEquals(device, root)) path.RemoveAt(path.Count - 1);
            }
        }
    }

    /// <summary>The routes of the cycle that <paramref name="closing"/> closes onto the path, starting at the first root on it.</summary>
    private static List<RouteEntry> Cycle(List<RouteEntry> path, RouteEntry closing, DeviceSymbol next, List<DeviceSymbol> roots)
    {
        var from = path.FindIndex(e => ReferenceEquals(e.Device, next));
        List<RouteEntry> cycle = from < 0 ? [closing] : [.. path.Skip(from), closing];
        var first = cycle.Select((e, i) => (Root: roots.IndexOf(e.Device), Index: i)).Where(p => p.Root >= 0).DefaultIfEmpty((Root: 0, Index: 0)).Min();
        return [.. cycle.Skip(first.Index), .. cycle.Take(first.Index)];
    }

    private void ReportLoop(List<RouteEntry> cycle, UInt128 start, HashSet<string> reported)
    {
        var key = string.Join("|", cycle.Select(e => e.Device.QualifiedName).Order(StringComparer.Ordinal));
        if (!reported.Add(key)) return;
        diagnostics.ReportForwardingLoop(cycle, new IpAddress(cycle[0].Prefix.Family, start));
    }

    // ---- NF3005 --------------------------------------------------------------------------------------------------

    /// <summary>
    /// A route that hands traffic to a next device is a black hole if that device has no route for part of what the
    /// route sends it that lies in a known destination (a range on a segment, an interface address): traffic to
    /// addresses nothing in the network holds is nobody's expectation.
    /// </summary>
    private void FindBlackHoles(DeviceSymbol device, DeviceRoutes table, Dictionary<DeviceSymbol, ForwardingIntervals> intervals,
        KnownDestinations destinations)
    {
        foreach (var entry in table.Entries)
        {
            // A default route means "whatever I do not know"; only specific routes promise that the next device can go on.
            if (entry.Source is not (RouteSource.Static or RouteSource.Bgp) || entry.Drop || entry.Prefix.Length == 0) continue;
            if (entry.NextHop is not { } next || !intervals.TryGetValue(next, out var nextIntervals)) continue;
            IpAddress? uncovered = null;
            foreach (var (first, last) in nextIntervals.Gaps(entry.Prefix))
            {
                if (destinations.FirstKnown(first, last) is { } known)
                {
                    uncovered = new IpAddress(entry.Prefix.Family, known);
                    break;
                }
            }
            if (uncovered is not { } address) continue;
            diagnostics.ReportBlackHole(entry, next, address);
        }
    }

    // ---- NF3006 and NF3007 ---------------------------------------------------------------------------------------

    private void FindShadowedRoutes(DeviceSymbol device, DeviceRoutes table, ForwardingIntervals intervals)
    {
        foreach (var prefix in intervals.Shadowed)
        {
            var shadows = table.Entries.Where(e => e.Prefix.Length > prefix.Length && prefix.Contains(e.Prefix))
                .Select(e => e.Prefix).Distinct().ToList();
            foreach (var entry in table.Entries)
            {
                if (entry.Prefix != prefix || entry.Source != RouteSource.Static) continue;
                diagnostics.ReportShadowedRoute(entry, shadows);
            }
        }
    }

    private void FindDuplicateRoutes(DeviceSymbol device)
    {
        if (device.Routes.Count < 2) return;
        // The next hop as written: the same symbol, the same address, or both drop.
        var seen = new Dictionary<(IpPrefix, bool, Symbol?, IpAddress?, int?), RouteDeclaration>();
        var drops = new Dictionary<IpPrefix, RouteDeclaration>();
        foreach (var route in device.Routes.Where(r => r.Drop)) drops.TryAdd(route.Destination.Prefix!.Value, route);
        foreach (var route in device.Routes)
        {
            if (!route.Drop && drops.TryGetValue(route.Destination.Prefix!.Value, out var drop))
            {
                diagnostics.ReportDropAndForward(route, drop);
            }
            var key = (route.Destination.Prefix!.Value, route.Drop, route.NextHop?.Symbol, route.NextHop?.Address, route.NextHop?.Port);
            if (seen.TryGetValue(key, out var first))
            {
                diagnostics.ReportDuplicateRoute(route, first);
            }
            else
            {
                seen[key] = route;
            }
        }
    }

    // ---- NF3008 --------------------------------------------------------------------------------------------------

    private void FindUnreachableDevices()
    {
        var tunnelEnds = topology.Model.Tunnels.SelectMany(t => t.Endpoints).Select(topology.DeviceOf).OfType<DeviceSymbol>()
            .ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var device in topology.Model.Devices)
        {
            // A service is a virtual address that kube-proxy answers on every worker; it has no links of its own.
            if (device.Kind == DeviceKind.Service) continue;
            // A device that names its host is placed; if the placement failed, that error already says so.
            if (device.Declaration.Header is Syntax.DeviceHeader { Host: not null }) continue;
            // A device without addresses is not modelled at layer 3 yet; one with addresses but no link is the mistake.
            if (!device.Interfaces.Any(i => i.Addresses.Count > 0)) continue;
            // A tunnel endpoint is linked by its tunnel; NF3002 says if that link cannot work.
            if (tunnelEnds.Contains(device)) continue;
            // A device whose interface names a segment is meant to be attached: if the name did not resolve, that was
            // reported (NF1001, NF1003), and a second warning here would only repeat it.
            if (device.Interfaces.Any(i => i.Declaration.Header is Syntax.InterfaceHeader { Segment: not null })) continue;
            if (!topology.IsLinked(device))
            {
                diagnostics.ReportUnreachableDevice(device);
            }
        }
    }

    // ---- NF3002 --------------------------------------------------------------------------------------------------

    private void CheckTunnels()
    {
        foreach (var tunnel in topology.Model.Tunnels)
        {
            var ends = tunnel.Endpoints.Select(e => (Endpoint: e, Device: topology.DeviceOf(e))).Where(e => e.Device is not null).ToList();
            for (var i = 0; i < ends.Count; i++)
            {
                for (var j = 0; j < ends.Count; j++)
                {
                    if (i == j || ReferenceEquals(ends[i].Device, ends[j].Device)) continue;
                    if (UnderlayAddress(ends[j].Endpoint, ends[j].Device!) is not { } target) continue;
                    var walk = ForwardingWalk.Run(topology, routes, ends[i].Device!, target, skip: tunnel);
                    if (walk.Failure is { } why)
                    {
                        diagnostics.ReportTunnelEndpointsUnreachable(tunnel, ends[i].Device!, ends[j].Device!, why);
                        goto nextTunnel;
                    }
                }
            }
        nextTunnel:;
        }
    }

    private static IpAddress? UnderlayAddress(Endpoint endpoint, DeviceSymbol device) => endpoint switch
    {
        { Address: { } address } => address,
        { Symbol: InterfaceSymbol iface } when iface.Addresses.Count > 0 => iface.Addresses[0].Address,
        _ => device.Interfaces.Where(i => i.Segment is not null).SelectMany(i => i.Addresses).Select(a => (IpAddress?)a.Address).FirstOrDefault(),
    };
}
