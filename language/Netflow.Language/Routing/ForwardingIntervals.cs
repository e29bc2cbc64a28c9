using Netflow.Language.Addressing;

namespace Netflow.Language.Routing;

/// <summary>
/// A device's forwarding decision as a step function over the address space: a sorted list of intervals, each with the
/// entries that win there (several when equal-cost; none in a gap). Computed once per device by sweeping its prefixes,
/// which are either nested or disjoint, with a stack.
/// </summary>
internal sealed class ForwardingIntervals
{
    private ForwardingIntervals(List<(UInt128 Start, IReadOnlyList<RouteEntry> Entries)> steps) => Steps = steps;

    /// <summary>Each step holds from its start up to the next step's start; the first step starts at 0.</summary>
    public IReadOnlyList<(UInt128 Start, IReadOnlyList<RouteEntry> Entries)> Steps { get; }

    /// <summary>The first address of <paramref name="prefix"/> where the device has no route, or null.</summary>
    public IpAddress? FirstGap(IpPrefix prefix)
    {
        var low = 0;
        var high = Steps.Count - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (Steps[middle].Start <= prefix.Network.Value) low = middle;
            else high = middle - 1;
        }
        for (var i = low; i < Steps.Count && Steps[i].Start <= prefix.Last.Value; i++)
        {
            if (Steps[i].Entries.Count == 0)
            {
                var start = Steps[i].Start > prefix.Network.Value ? Steps[i].Start : prefix.Network.Value;
                return new IpAddress(prefix.Family, start);
            }
        }
        return null;
    }

    public static ForwardingIntervals Build(DeviceRoutes routes)
    {
        var groups = routes.Entries
            .GroupBy(e => e.Prefix)
            .Select(g => (Prefix: g.Key, Entries: (IReadOnlyList<RouteEntry>)g.ToList()))
            .OrderBy(g => g.Prefix.Network)
            .ThenBy(g => g.Prefix.Length)
            .ToList();

        var steps = new List<(UInt128, IReadOnlyList<RouteEntry>)>();
        var open = new Stack<(IpPrefix Prefix, IReadOnlyList<RouteEntry> Entries)>();
        UInt128 cursor = 0;
        var done = false;

        void Emit(UInt128 start, IReadOnlyList<RouteEntry> entries)
        {
            if (steps.Count > 0 && steps[^1].Item1 == start) steps[^1] = (start, entries);
            else if (steps.Count == 0 || !ReferenceEquals(steps[^1].Item2, entries)) steps.Add((start, entries));
        }

        // Close open prefixes that end before `until`, emitting what is exposed after each.
        void CloseUntil(UInt128 until)
        {
            while (open.Count > 0 && !done && open.Peek().Prefix.Last.Value < until)
            {
                var closing = open.Pop();
                if (closing.Prefix.Last.Value == UInt128.MaxValue || closing.Prefix.Last.Value == uint.MaxValue && closing.Prefix.Family == IpFamily.V4)
                {
                    done = true;
                    return;
                }
                cursor = closing.Prefix.Last.Value + 1;
                Emit(cursor, open.Count > 0 ? open.Peek().Entries : []);
            }
        }

        Emit(0, []);
        foreach (var group in groups)
        {
            CloseUntil(group.Prefix.Network.Value);
            if (done) break;
            Emit(group.Prefix.Network.Value, group.Entries);
            open.Push(group);
        }
        CloseUntil(UInt128.MaxValue);
        return new ForwardingIntervals(steps);
    }
}
