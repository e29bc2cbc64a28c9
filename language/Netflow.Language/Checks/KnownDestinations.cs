using Netflow.Language.Addressing;
using Netflow.Language.Routing;

namespace Netflow.Language.Checks;

/// <summary>
/// Where traffic can be delivered: the ranges segments carry and every interface address, sorted, so that the parts of
/// a prefix that matter are found by binary search rather than by scanning.
/// </summary>
internal sealed class KnownDestinations
{
    private readonly IpPrefix[] _sorted;
    private readonly HashSet<IpPrefix> _set;

    public KnownDestinations(Topology topology)
    {
        _set = topology.Model.Segments.SelectMany(s => s.Ranges).Select(r => r.Prefix).OfType<IpPrefix>()
            .Concat(topology.AllAddresses.Select(a => new IpPrefix(a.Key, a.Key.BitLength)))
            .ToHashSet();
        _sorted = [.. _set.OrderBy(p => p.Network).ThenBy(p => p.Length)];
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
        var low = 0;
        var high = _sorted.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_sorted[middle].Network.CompareTo(prefix.Network) < 0) low = middle + 1;
            else high = middle;
        }
        for (var i = low; i < _sorted.Length && _sorted[i].Network.Value <= prefix.Last.Value; i++) yield return _sorted[i];
    }
}
