using Netflow.Language.Addressing;
using Netflow.Language.Routing;

namespace Netflow.Compiler.Forwarding;

/// <summary>
/// Where traffic can be delivered: the ranges segments carry and every interface address, sorted, so that the parts of
/// a prefix that matter are found by binary search rather than by scanning.
/// </summary>
internal sealed class KnownDestinations
{
    private readonly UInt128[] _firsts;
    private readonly UInt128[] _lasts;

    /// <summary>The largest last address among the destinations up to each index: a stretch overlaps some destination
    /// exactly when one starting at or before its end reaches its start.</summary>
    private readonly UInt128[] _reach;

    public KnownDestinations(Topology topology)
    {
        var all = new List<IpPrefix>();
        foreach (var segment in topology.Model.Segments)
        {
            foreach (var range in segment.Ranges)
            {
                if (range.Prefix is { } prefix) all.Add(prefix);
            }
        }
        foreach (var (address, _) in topology.AllAddresses) all.Add(new IpPrefix(address, address.BitLength));
        var sorted = all.Select(p => (p.Network.Value, p.Last.Value)).Distinct().OrderBy(p => p.Item1).ToArray();
        _firsts = [.. sorted.Select(p => p.Item1)];
        _lasts = [.. sorted.Select(p => p.Item2)];
        _reach = new UInt128[sorted.Length];
        for (var i = 0; i < sorted.Length; i++) _reach[i] = i == 0 || _lasts[i] > _reach[i - 1] ? _lasts[i] : _reach[i - 1];
    }

    /// <summary>The first address of the stretch that lies in a known destination, or null when none does.</summary>
    public UInt128? FirstKnown(UInt128 first, UInt128 last)
    {
        // The destinations that start at or before the stretch's end.
        var index = Array.BinarySearch(_firsts, last);
        index = index >= 0 ? LastAt(index) : ~index - 1;
        if (index < 0 || _reach[index] < first) return null;
        // Some destination overlaps: the first overlapping address is the stretch's start if one covers it, else the
        // start of the first destination inside the stretch.
        var at = Array.BinarySearch(_firsts, first);
        var from = at >= 0 ? at : ~at;
        var coveredAtStart = (from > 0 && _reach[from - 1] >= first) || (at >= 0);
        return coveredAtStart ? first : _firsts[from];
    }

    private int LastAt(int index)
    {
        while (index + 1 < _firsts.Length && _firsts[index + 1] == _firsts[index]) index++;
        return index;
    }
}
