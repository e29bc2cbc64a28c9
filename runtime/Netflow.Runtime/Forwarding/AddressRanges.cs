namespace Netflow.Runtime.Forwarding;

/// <summary>
/// Flattens nested routes into the address ranges they carve the IPv4 space into: range <c>i</c> runs from
/// <c>Starts[i]</c> up to <c>Starts[i + 1] - 1</c> (the last one up to 255.255.255.255) and every address in it
/// has the same longest match, <c>Values[i]</c>. Neighbouring ranges with the same value are merged, so a table of
/// n routes yields at most 2n + 1 ranges: each route opens at most one range and closes at most one.
/// </summary>
internal sealed class AddressRanges
{
    private readonly List<uint> _starts;
    private readonly List<int> _values;

    private AddressRanges(int capacity)
    {
        _starts = new List<uint>(capacity);
        _values = new List<int>(capacity);
    }

    public uint[] Starts => [.. _starts];

    public int[] Values => [.. _values];

    /// <summary>Sweeps the address space once, left to right.</summary>
    /// <param name="sortedRoutes">
    /// Distinct routes (no two with the same first address and length), ordered by first address and then by
    /// length, so that a route comes before the routes nested inside it.
    /// </param>
    public static AddressRanges Sweep(ReadOnlySpan<Ipv4Route> sortedRoutes)
    {
        var ranges = new AddressRanges(2 * sortedRoutes.Length + 1);
        ranges.Append(0, Ipv4LpmTable.NoRoute);

        // Routes are either nested or disjoint, so the routes covering the sweep position form a chain,
        // innermost on top; its top is the longest match there.
        var covering = new Stack<Ipv4Route>();
        foreach (var route in sortedRoutes)
        {
            while (covering.Count > 0 && covering.Peek().LastAddress < route.FirstAddress)
                ranges.CloseInnermost(covering);
            ranges.Append(route.FirstAddress, route.Value);
            covering.Push(route);
        }

        while (covering.Count > 0)
            ranges.CloseInnermost(covering);
        return ranges;
    }

    private void CloseInnermost(Stack<Ipv4Route> covering)
    {
        var closed = covering.Pop();
        if (closed.LastAddress == uint.MaxValue)
            return; // the address space ends here: nothing follows
        Append(closed.LastAddress + 1, covering.Count > 0 ? covering.Peek().Value : Ipv4LpmTable.NoRoute);
    }

    private void Append(uint start, int value)
    {
        int last = _starts.Count - 1;

        // Several boundaries can fall on one address (a nested route starting where its parent starts, or routes
        // ending together); the one appended last is the innermost that applies, so it supersedes the others.
        if (last >= 0 && _starts[last] == start)
        {
            _starts.RemoveAt(last);
            _values.RemoveAt(last);
            last--;
        }

        if (last >= 0 && _values[last] == value)
            return; // continues the previous range

        _starts.Add(start);
        _values.Add(value);
    }
}
