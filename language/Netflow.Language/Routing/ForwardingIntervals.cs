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

    /// <summary>Installed prefixes that win nowhere: more specific prefixes cover all of them.</summary>
    public IReadOnlyList<IpPrefix> Shadowed { get; private init; } = [];

    public static ForwardingIntervals Build(DeviceRoutes routes)
    {
        var groups = GroupByPrefix(routes.Entries);
        var visible = new bool[groups.Count];
        var steps = new List<(UInt128 Start, int Group)>();
        var open = new Stack<int>();
        var done = false;

        void Emit(UInt128 start, int group)
        {
            if (steps.Count > 0 && steps[^1].Start == start) steps[^1] = (start, group);
            else if (steps.Count == 0 || steps[^1].Group != group) steps.Add((start, group));
        }

        // Close open prefixes that end before `until`, exposing what lies under each.
        void CloseUntil(UInt128 until)
        {
            while (open.Count > 0 && !done && groups[open.Peek()].Prefix.Last.Value < until)
            {
                var closing = groups[open.Pop()].Prefix;
                if (closing.Last.Value == MaxOf(closing.Family))
                {
                    done = true;
                    return;
                }
                Emit(closing.Last.Value + 1, open.Count > 0 ? open.Peek() : -1);
            }
        }

        Emit(0, -1);
        for (var i = 0; i < groups.Count; i++)
        {
            CloseUntil(groups[i].Prefix.Network.Value);
            if (done) break;
            Emit(groups[i].Prefix.Network.Value, i);
            open.Push(i);
        }
        CloseUntil(UInt128.MaxValue);

        var result = new List<(UInt128, IReadOnlyList<RouteEntry>)>(steps.Count);
        foreach (var (start, group) in steps)
        {
            if (group >= 0) visible[group] = true;
            result.Add((start, group >= 0 ? groups[group].Entries : []));
        }
        var shadowed = new List<IpPrefix>();
        for (var i = 0; i < groups.Count; i++)
        {
            if (!visible[i]) shadowed.Add(groups[i].Prefix);
        }
        return new ForwardingIntervals(result) { Shadowed = shadowed };
    }

    private static UInt128 MaxOf(IpFamily family) => family == IpFamily.V4 ? uint.MaxValue : UInt128.MaxValue;

    /// <summary>The entries grouped by prefix, ordered by network, then shorter prefix first.</summary>
    private static List<(IpPrefix Prefix, IReadOnlyList<RouteEntry> Entries)> GroupByPrefix(IReadOnlyList<RouteEntry> entries)
    {
        var sorted = new RouteEntry[entries.Count];
        for (var i = 0; i < sorted.Length; i++) sorted[i] = entries[i];
        Array.Sort(sorted, static (a, b) =>
        {
            var byNetwork = a.Prefix.Network.Value.CompareTo(b.Prefix.Network.Value);
            if (byNetwork != 0) return byNetwork;
            var byLength = a.Prefix.Length.CompareTo(b.Prefix.Length);
            return byLength != 0 ? byLength : RouteEntry.CompareByDeclaration(a, b);
        });
        var groups = new List<(IpPrefix, IReadOnlyList<RouteEntry>)>();
        for (var i = 0; i < sorted.Length;)
        {
            var j = i + 1;
            while (j < sorted.Length && sorted[j].Prefix == sorted[i].Prefix) j++;
            groups.Add((sorted[i].Prefix, j - i == 1 ? [sorted[i]] : sorted[i..j]));
            i = j;
        }
        return groups;
    }
}
