using Netflow.Language.Addressing;
using Netflow.Language.Routing;

namespace Netflow.Language.Checks;

/// <summary>
/// Where traffic can be delivered: the ranges segments carry and every interface address, sorted, so that the parts of
/// a prefix that matter are found by binary search rather than by scanning.
/// </summary>
internal sealed class KnownDestinations
{
    private readonly UInt128[] _networks;
    private readonly IpPrefix[] _sorted;
    private readonly HashSet<IpPrefix> _set;

    public KnownDestinations(Topology topology)
    {
        _set = [];
        foreach (var segment in topology.Model.Segments)
        {
            foreach (var range in segment.Ranges)
            {
                if (range.Prefix is { } prefix) _set.Add(prefix);
            }
        }
        foreach (var (address, _) in topology.AllAddresses) _set.Add(new IpPrefix(address, address.BitLength));
        _sorted = [.. _set];
        // Sort by network, shorter first, through one numeric key: the network shifted left, plus the length.
        var keys = new UInt128[_sorted.Length];
        for (var i = 0; i < keys.Length; i++) keys[i] = (_sorted[i].Network.Value << 8) | (uint)_sorted[i].Length;
        Array.Sort(keys, _sorted);
        _networks = new UInt128[_sorted.Length];
        for (var i = 0; i < _sorted.Length; i++) _networks[i] = _sorted[i].Network.Value;
    }

    /// <summary>The known destinations inside <paramref name="prefix"/>; the prefix itself when a known one contains it.</summary>
    public IEnumerable<IpPrefix> Within(IpPrefix prefix)
    {
        for (var length = 0; length <= prefix.Length; length++)
        {
            if (_set.Contains(new IpPrefix(prefix.Address, length).Canonical))
            {
                yield return prefix;
                yield break;
            }
        }
        var index = Array.BinarySearch(_networks, prefix.Network.Value);
        if (index < 0) index = ~index;
        while (index > 0 && _networks[index - 1] == prefix.Network.Value) index--;
        for (var i = index; i < _sorted.Length && _networks[i] <= prefix.Last.Value; i++) yield return _sorted[i];
    }
}
