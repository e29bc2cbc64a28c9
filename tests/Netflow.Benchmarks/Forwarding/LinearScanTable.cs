using Netflow.Runtime.Forwarding;

namespace Netflow.Benchmarks.Forwarding;

/// <summary>
/// The baseline: the textbook longest-prefix match, a scan over every route keeping the longest that covers the
/// address. Flat arrays, masks precomputed, no allocation, so the comparison measures the algorithm, not overheads.
/// </summary>
public sealed class LinearScanTable
{
    private readonly uint[] _networks;
    private readonly uint[] _masks;
    private readonly int[] _lengths;
    private readonly int[] _values;

    public LinearScanTable(IReadOnlyList<Ipv4Route> routes)
    {
        _networks = new uint[routes.Count];
        _masks = new uint[routes.Count];
        _lengths = new int[routes.Count];
        _values = new int[routes.Count];
        for (int i = 0; i < routes.Count; i++)
        {
            _masks[i] = Ipv4Prefix.Mask(routes[i].Length);
            _networks[i] = routes[i].FirstAddress;
            _lengths[i] = routes[i].Length;
            _values[i] = routes[i].Value;
        }
    }

    public int Lookup(uint destination)
    {
        int best = Ipv4LpmTable.NoRoute;
        int bestLength = -1;
        for (int i = 0; i < _networks.Length; i++)
        {
            if ((destination & _masks[i]) == _networks[i] && _lengths[i] >= bestLength)
            {
                best = _values[i];
                bestLength = _lengths[i];
            }
        }

        return best;
    }
}
