using Netflow.Language.Addressing;

namespace Netflow.Language.Routing;

/// <summary>
/// A device's forwarding decision as a step function over the address space: a sorted list of intervals, each won by
/// one prefix's entries (several when equal-cost; none in a gap). Computed once per device by sweeping its prefixes,
/// which are either nested or disjoint, with a stack; what the checks need of it is which prefixes win nowhere.
/// </summary>
internal sealed class ForwardingIntervals
{
    private ForwardingIntervals(IReadOnlyList<IpPrefix> shadowed) => Shadowed = shadowed;

    /// <summary>Installed prefixes that win nowhere: more specific prefixes cover all of them.</summary>
    public IReadOnlyList<IpPrefix> Shadowed { get; }

    public static ForwardingIntervals Build(DeviceRoutes routes)
    {
        var groups = GroupByPrefix(routes.Entries);
        var visible = new bool[groups.Count];
        // The interval being built: where it starts and which group wins it (-1 in a gap). A group is visible when an
        // interval it wins is kept, that is when the next interval starts further on.
        var (current, currentStart, started) = (-1, UInt128.Zero, false);
        var open = new Stack<int>();
        var done = false;

        void Emit(UInt128 start, int group)
        {
            if (started && currentStart == start)
            {
                current = group;
                return;
            }
            if (started && current == group) return;
            if (current >= 0) visible[current] = true;
            (current, currentStart, started) = (group, start, true);
        }

        // Close open prefixes that end before `until`, exposing what lies under each.
        void CloseUntil(UInt128 until)
        {
            while (open.Count > 0 && !done && groups[open.Peek()].Last < until)
            {
                var closing = groups[open.Pop()];
                if (closing.Last == MaxOf(closing.Prefix.Family))
                {
                    done = true;
                    return;
                }
                Emit(closing.Last + 1, open.Count > 0 ? open.Peek() : -1);
            }
        }

        Emit(0, -1);
        for (var i = 0; i < groups.Count; i++)
        {
            CloseUntil(groups[i].Network);
            if (done) break;
            Emit(groups[i].Network, i);
            open.Push(i);
        }
        CloseUntil(UInt128.MaxValue);
        if (current >= 0) visible[current] = true;

        var shadowed = new List<IpPrefix>();
        for (var i = 0; i < groups.Count; i++)
        {
            if (!visible[i]) shadowed.Add(groups[i].Prefix);
        }
        return new ForwardingIntervals(shadowed);
    }

    private static UInt128 MaxOf(IpFamily family) => family == IpFamily.V4 ? uint.MaxValue : UInt128.MaxValue;

    /// <summary>The distinct prefixes of the entries with their first and last address, ordered by network, then shorter prefix first.</summary>
    private static List<(IpPrefix Prefix, UInt128 Network, UInt128 Last)> GroupByPrefix(IReadOnlyList<RouteEntry> entries)
    {
        var sorted = SortedByPrefix(entries);
        var groups = new List<(IpPrefix, UInt128, UInt128)>();
        for (var i = 0; i < sorted.Length;)
        {
            var prefix = sorted[i].Prefix;
            var j = i + 1;
            while (j < sorted.Length && sorted[j].Prefix == prefix) j++;
            groups.Add((prefix, prefix.Network.Value, prefix.Last.Value));
            i = j;
        }
        return groups;
    }

    /// <summary>
    /// The entries by network, then length, then declaration. IPv4 tables, all of them today, sort on one 64-bit key per entry (the
    /// network and the length), not by comparing 128-bit values entry against entry.
    /// </summary>
    private static RouteEntry[] SortedByPrefix(IReadOnlyList<RouteEntry> entries)
    {
        var sorted = new RouteEntry[entries.Count];
        for (var i = 0; i < sorted.Length; i++) sorted[i] = entries[i];
        if (sorted.All(e => e.Prefix.Family == IpFamily.V4))
        {
            var keys = new ulong[sorted.Length];
            for (var i = 0; i < sorted.Length; i++) keys[i] = ((ulong)(uint)sorted[i].Prefix.Network.Value << 8) | (byte)sorted[i].Prefix.Length;
            Array.Sort(keys, sorted);
        }
        else
        {
            Array.Sort(sorted, static (a, b) =>
            {
                var byNetwork = a.Prefix.Network.Value.CompareTo(b.Prefix.Network.Value);
                return byNetwork != 0 ? byNetwork : a.Prefix.Length.CompareTo(b.Prefix.Length);
            });
        }
        // Entries of one network and length stay in declaration order (prefixes written with host bits group apart).
        for (var i = 0; i < sorted.Length;)
        {
            var j = i + 1;
            while (j < sorted.Length && DeviceRoutes.SamePrefix(sorted[j], sorted[i])) j++;
            if (j - i > 1) Array.Sort(sorted, i, j - i, Comparer<RouteEntry>.Create(RouteEntry.CompareByDeclaration));
            i = j;
        }
        return sorted;
    }
}
