namespace Netflow.Runtime.Forwarding;

/// <summary>
/// Lays resolved address ranges (see <see cref="AddressRanges"/>) out as an <see cref="Ipv4Poptrie"/>, top-down: a
/// block or child that one range covers whole becomes a leaf with that range's answer, any other becomes a node and
/// is split again. Every level walks the ranges of its parent left to right, so building is linear in nodes and
/// ranges.
/// </summary>
internal sealed class PoptrieBuilder
{
    private const int Fanout = 64;

    private readonly uint[] _starts;
    private readonly int[] _values;
    private readonly List<Ipv4Poptrie.Node> _nodes = [];
    private readonly List<int> _leaves = [];

    private PoptrieBuilder(uint[] starts, int[] values)
    {
        _starts = starts;
        _values = values;
    }

    public static Ipv4Poptrie Build(int routeCount, uint[] rangeStarts, int[] rangeValues)
    {
        var builder = new PoptrieBuilder(rangeStarts, rangeValues);
        int topBits = Ipv4Poptrie.ChooseTopBits(rangeStarts.Length);
        var top = new int[1 << topBits];
        int shift = 32 - topBits;
        uint blockSpan = uint.MaxValue >> topBits;

        int first = 0;
        for (int block = 0; block < top.Length; block++)
        {
            uint blockStart = (uint)block << shift;
            first = builder.Advance(first, rangeStarts.Length - 1, blockStart);
            int last = builder.Advance(first, rangeStarts.Length - 1, blockStart + blockSpan);
            if (first == last)
            {
                top[block] = Ipv4Poptrie.EncodeLeaf(rangeValues[first]);
            }
            else
            {
                top[block] = builder._nodes.Count;
                builder._nodes.Add(default);
                builder.BuildNode(top[block], blockStart, topBits, first, last);
            }

            first = last;
        }

        return new Ipv4Poptrie(routeCount, topBits, top, [.. builder._nodes], builder._leaves);
    }

    /// <summary>The last range, from <paramref name="from"/> up to <paramref name="limit"/>, that starts at or before <paramref name="address"/>.</summary>
    private int Advance(int from, int limit, uint address)
    {
        while (from < limit && _starts[from + 1] <= address)
            from++;
        return from;
    }

    /// <summary>
    /// Fills node <paramref name="index"/>, which covers the addresses sharing their top <paramref name="offset"/>
    /// bits with <paramref name="nodeStart"/>, held by ranges <paramref name="first"/> to <paramref name="last"/>.
    /// </summary>
    private void BuildNode(int index, uint nodeStart, int offset, int first, int last)
    {
        Span<int> childFirst = stackalloc int[Fanout];
        Span<int> childLast = stackalloc int[Fanout];
        ulong children = 0, leafRuns = 0;
        int firstLeaf = _leaves.Count;
        int previousLeaf = 0;
        bool anyLeaf = false;

        int range = first;
        for (int position = 0; position < Fanout; position++)
        {
            var (childStart, childEnd) = ChildBounds(nodeStart, offset, position);
            range = Advance(range, last, childStart);
            int end = Advance(range, last, childEnd);
            if (range == end)
            {
                int answer = _values[range];
                if (!anyLeaf || answer != previousLeaf)
                {
                    leafRuns |= 1UL << position;
                    _leaves.Add(answer);
                }

                previousLeaf = answer;
                anyLeaf = true;
            }
            else
            {
                children |= 1UL << position;
                childFirst[position] = range;
                childLast[position] = end;
            }
        }

        int firstChild = _nodes.Count;
        for (ulong pending = children; pending != 0; pending &= pending - 1)
            _nodes.Add(default);
        _nodes[index] = new Ipv4Poptrie.Node(children, leafRuns, firstChild, firstLeaf);

        int child = firstChild;
        for (int position = 0; position < Fanout; position++)
        {
            if ((children & (1UL << position)) != 0)
                BuildNode(child++, ChildBounds(nodeStart, offset, position).First, offset + 6, childFirst[position], childLast[position]);
        }
    }

    /// <summary>
    /// The addresses child <paramref name="position"/> of a node covers. On the last level, which has fewer than 6
    /// address bits left, a child is a single address shared by 2^k neighbouring positions (see <see cref="Ipv4Poptrie.Chunk"/>).
    /// </summary>
    private static (uint First, uint Last) ChildBounds(uint nodeStart, int offset, int position)
    {
        int childBits = 32 - offset - 6;
        if (childBits < 0)
        {
            uint address = nodeStart + (uint)(position >> -childBits);
            return (address, address);
        }

        uint first = nodeStart + ((uint)position << childBits);
        return (first, first + ((1u << childBits) - 1));
    }
}
