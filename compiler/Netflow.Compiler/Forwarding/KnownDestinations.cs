using Netflow.Language.Routing;

namespace Netflow.Compiler.Forwarding;

/// <summary>
/// Where traffic can be delivered: the ranges segments carry and every interface address, merged into disjoint
/// stretches in address order, so that the parts of a prefix that matter are found by binary search rather than by
/// scanning.
/// </summary>
internal sealed class KnownDestinations
{
    private readonly List<(ulong First, ulong Last)> _stretches;

    public KnownDestinations(Topology topology)
    {
        var all = new List<(ulong First, ulong Last)>();
        foreach (var segment in topology.Model.Segments)
        {
            foreach (var range in segment.Ranges)
            {
                if (range.Prefix is { } prefix && prefix.Network.BitLength == 32) all.Add(((ulong)prefix.Network.Value, (ulong)prefix.Last.Value));
            }
        }
        foreach (var (address, _) in topology.AllAddresses)
        {
            if (address.BitLength == 32) all.Add(((ulong)address.Value, (ulong)address.Value));
        }
        _stretches = Intervals.Merge(all);
    }

    /// <summary>The known parts of the stretches given (disjoint, in order), in order.</summary>
    public List<(ulong First, ulong Last)> Within(IReadOnlyList<(ulong First, ulong Last)> stretches) => Intervals.Intersect(_stretches, stretches);
}

/// <summary>Sets of addresses as disjoint, ordered, inclusive stretches; the helpers the black-hole and loop checks share.</summary>
internal static class Intervals
{
    /// <summary>The union of the stretches, disjoint and ordered (adjacent ones joined).</summary>
    public static List<(ulong First, ulong Last)> Merge(IEnumerable<(ulong First, ulong Last)> stretches)
    {
        var merged = new List<(ulong First, ulong Last)>();
        foreach (var (first, last) in stretches.OrderBy(s => s.First))
        {
            if (merged.Count > 0 && first <= merged[^1].Last + 1) merged[^1] = (merged[^1].First, Math.Max(merged[^1].Last, last));
            else merged.Add((first, last));
        }
        return merged;
    }

    /// <summary>The intersection of two disjoint, ordered sets.</summary>
    public static List<(ulong First, ulong Last)> Intersect(IReadOnlyList<(ulong First, ulong Last)> a, IReadOnlyList<(ulong First, ulong Last)> b)
    {
        var result = new List<(ulong First, ulong Last)>();
        for (int i = 0, j = 0; i < a.Count && j < b.Count;)
        {
            var (first, last) = (Math.Max(a[i].First, b[j].First), Math.Min(a[i].Last, b[j].Last));
            if (first <= last) result.Add((first, last));
            if (a[i].Last < b[j].Last) i++; else j++;
        }
        return result;
    }

    /// <summary>[first, last] less the given stretches (in any order, possibly overlapping).</summary>
    public static List<(ulong First, ulong Last)> Subtract(ulong first, ulong last, IEnumerable<(ulong First, ulong Last)> holes)
    {
        var result = new List<(ulong First, ulong Last)>();
        var from = first;
        foreach (var (start, end) in Merge(holes))
        {
            if (end < from) continue;
            if (start > last) break;
            if (start > from) result.Add((from, start - 1));
            from = Math.Max(from, end + 1);
            if (from > last) return result;
        }
        if (from <= last) result.Add((from, last));
        return result;
    }

    /// <summary>The fewest prefixes (network, length) that make up the stretch [first, last] of IPv4, in order.</summary>
    public static IEnumerable<(uint Network, int Length)> Prefixes(ulong first, ulong last)
    {
        while (first <= last)
        {
            var length = 32;
            while (length > 0 && (first & ((1UL << (33 - length)) - 1)) == 0 && first + (1UL << (33 - length)) - 1 <= last) length--;
            yield return ((uint)first, length);
            first += 1UL << (32 - length);
        }
    }
}
