using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Netflow.Runtime.Forwarding;

/// <summary>
/// An immutable IPv4 longest-prefix-match table with the same answers as <see cref="Ipv4LpmTable"/>, laid out as a
/// Poptrie (Asai and Ohara, "Poptrie: A Compressed Trie with Population Count for Fast and Scalable Software IP
/// Routing Table Lookup", SIGCOMM 2015). Built by <see cref="Ipv4LpmTableBuilder.BuildPoptrie"/>; safe to share
/// between threads.
/// </summary>
/// <remarks>
/// <para>
/// Layout: a direct-pointing array indexed by the top <see cref="TopBits"/> bits of the address, each entry either
/// the answer or the index of a 64-ary node; below it, nodes consume 6 bits each. A node has two 64-bit maps: bit
/// <c>k</c> of <see cref="Node.Children"/> says child <c>k</c> is a node (all of a node's child nodes are stored
/// next to each other from <see cref="Node.FirstChild"/>), and <see cref="Node.LeafRuns"/> has a bit at each leaf
/// position whose answer differs from the leaf before it, so a run of equal leaves is stored once (from
/// <see cref="Node.FirstLeaf"/>). Either way the index of the wanted element is a population count of the map
/// below the position: no per-child pointers and no empty slots.
/// </para>
/// <para>
/// It is built from the same resolved address ranges as <see cref="Ipv4LpmTable"/> (the answer of every address
/// range is already the longest match), so no prefix is pushed through the trie: a node is split only where a range
/// boundary falls inside it.
/// </para>
/// </remarks>
public sealed class Ipv4Poptrie
{
    /// <summary>Bits of the address each node consumes: 64 children, one machine word per map.</summary>
    private const int Stride = 6;

    private const int MinTopBits = 8;
    private const int MaxTopBits = 18;

    private readonly int[] _top;
    private readonly Node[] _nodes;
    private readonly ushort[] _narrowLeaves;
    private readonly int[] _wideLeaves;

    /// <param name="leaves">The leaves in order; stored in 16 bits (answer + 1) when every answer fits, else in 32.</param>
    internal Ipv4Poptrie(int routeCount, int topBits, int[] top, Node[] nodes, IReadOnlyList<int> leaves)
    {
        RouteCount = routeCount;
        TopBits = topBits;
        _top = top;
        _nodes = nodes;
        bool narrow = leaves.All(answer => answer < ushort.MaxValue);
        _narrowLeaves = narrow ? leaves.Select(answer => (ushort)(answer + 1)).ToArray() : [];
        _wideLeaves = narrow ? [] : [.. leaves];
    }

    /// <summary>Builds a table from routes in any order; a later route with the same prefix and length wins.</summary>
    public static Ipv4Poptrie FromRoutes(IEnumerable<Ipv4Route> routes) => new Ipv4LpmTableBuilder().AddRange(routes).BuildPoptrie();

    /// <summary>The number of distinct routes (prefix and length) the table was built from.</summary>
    public int RouteCount { get; }

    /// <summary>The address bits the direct-pointing array consumes (8 to 18, by the number of ranges).</summary>
    public int TopBits { get; }

    /// <summary>The number of 64-ary nodes below the direct-pointing array.</summary>
    public int NodeCount => _nodes.Length;

    /// <summary>The number of stored leaves (runs of equal answers).</summary>
    public int LeafCount => _narrowLeaves.Length + _wideLeaves.Length;

    /// <summary>Whether leaves take 16 bits, as every answer is below 65,535 (as a route table's next hops are).</summary>
    public bool HasNarrowLeaves => _wideLeaves.Length == 0;

    /// <summary>The bytes held by the table's arrays (object headers aside).</summary>
    public long SizeInBytes =>
        (long)_top.Length * sizeof(int) + (long)_nodes.Length * Unsafe.SizeOf<Node>() +
        (long)_narrowLeaves.Length * sizeof(ushort) + (long)_wideLeaves.Length * sizeof(int);

    /// <summary>
    /// Sizes the direct-pointing array by the table: about four entries per range, so that most lookups on a large
    /// table end in it or one node below, and a table of a few routes costs a kilobyte rather than 2^18 entries.
    /// </summary>
    internal static int ChooseTopBits(int rangeCount) =>
        Math.Clamp(BitOperations.Log2((uint)Math.Max(rangeCount, 1)) + 2, MinTopBits, MaxTopBits);

    /// <summary>The value of the longest route covering <paramref name="destination"/>, or <see cref="Ipv4LpmTable.NoRoute"/>.</summary>
    /// <remarks>
    /// The arrays are read without bounds checks (<see cref="Unsafe.Add{T}(ref T, int)"/>): every index is one the
    /// builder wrote, a top-level index has <see cref="TopBits"/> bits and the array 2^TopBits entries, and a node's
    /// children and leaves are counted into its maps. The property tests compare every path with an oracle.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Lookup(uint destination)
    {
        int entry = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_top), (int)(destination >> (32 - TopBits)));
        if (entry < 0)
            return DecodeLeaf(entry);

        ref Node nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        int offset = TopBits;
        while (true)
        {
            ref Node node = ref Unsafe.Add(ref nodes, entry);
            int position = Chunk(destination, offset);
            ulong upToPosition = UpTo(position);
            if ((node.Children & (1UL << position)) == 0)
                return Leaf(node.FirstLeaf + BitOperations.PopCount(node.LeafRuns & upToPosition) - 1);
            entry = node.FirstChild + BitOperations.PopCount(node.Children & upToPosition) - 1;
            offset += Stride;
        }
    }

    /// <summary>
    /// Looks up many destinations: <c>results[i] = Lookup(destinations[i])</c>. A group of lookups advances one level
    /// at a time, all lanes together, so that their reads of the direct-pointing array and then of each level's nodes
    /// are independent of one another and their cache misses overlap instead of queueing.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="results"/> is shorter than <paramref name="destinations"/>.</exception>
    public void LookupBatch(ReadOnlySpan<uint> destinations, Span<int> results)
    {
        if (results.Length < destinations.Length)
            throw new ArgumentException("The results span must be at least as long as the destinations span.", nameof(results));

        const int GroupSize = 16;
        var lanes = new Lanes();
        ref int top = ref MemoryMarshal.GetArrayDataReference(_top);
        ref Node nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        int topShift = 32 - TopBits;

        // Branch-free per lane: whether a lane goes on into a child or stops at a leaf is as unpredictable as the
        // address, and a mispredicted branch would throw away the reads in flight. Lanes are kept in packed lists by
        // adding 0 or 1 to the list's length, and the leaves are read in a pass of their own at the end.
        int done = 0;
        for (; done + GroupSize <= destinations.Length; done += GroupSize)
        {
            ref uint group = ref Unsafe.Add(ref MemoryMarshal.GetReference(destinations), done);
            ref int answers = ref Unsafe.Add(ref MemoryMarshal.GetReference(results), done);
            int pending = 0;
            for (int i = 0; i < GroupSize; i++)
            {
                int entry = Unsafe.Add(ref top, (int)(Unsafe.Add(ref group, i) >> topShift));
                Unsafe.Add(ref answers, i) = DecodeLeaf(entry); // overwritten below when the entry is a node
                lanes.Entries[i] = entry;
                lanes.Pending[pending] = i;
                pending += (int)((uint)~entry >> 31); // 1 for a node index (entry >= 0)
            }

            int atLeaves = 0;
            for (int offset = TopBits; pending > 0; offset += Stride)
            {
                int stillPending = 0;
                for (int l = 0; l < pending; l++)
                {
                    int i = lanes.Pending[l];
                    ref Node node = ref Unsafe.Add(ref nodes, lanes.Entries[i]);
                    int position = Chunk(Unsafe.Add(ref group, i), offset);
                    ulong upToPosition = UpTo(position);
                    int isChild = (int)(node.Children >> position) & 1;
                    int child = node.FirstChild + BitOperations.PopCount(node.Children & upToPosition) - 1;
                    int leaf = node.FirstLeaf + BitOperations.PopCount(node.LeafRuns & upToPosition) - 1;
                    int choose = -isChild;
                    lanes.Entries[i] = (child & choose) | (leaf & ~choose);
                    lanes.Pending[stillPending] = i;
                    stillPending += isChild;
                    lanes.AtLeaves[atLeaves] = i;
                    atLeaves += 1 - isChild;
                }

                pending = stillPending;
            }

            for (int l = 0; l < atLeaves; l++)
            {
                int i = lanes.AtLeaves[l];
                Unsafe.Add(ref answers, i) = Leaf(lanes.Entries[i]);
            }
        }

        for (; done < destinations.Length; done++)
            results[done] = Lookup(destinations[done]);
    }

    /// <summary>
    /// The in-flight state of a batch group: each lane's node (its leaf, once it stops at one), the lanes still going
    /// down, and the lanes that stopped at a node's leaf.
    /// </summary>
    private struct Lanes
    {
        public Group Entries;
        public Group Pending;
        public Group AtLeaves;
    }

    [InlineArray(16)]
    private struct Group
    {
        private int _element;
    }

    /// <summary>
    /// The 6 address bits a node at <paramref name="offset"/> (bits consumed above it) branches on. Past the 32nd
    /// bit the chunk is padded with zeros, so a node of the last, shorter level only uses every 2^k-th position.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Chunk(uint destination, int offset) => (int)(((ulong)destination << offset) >> (32 - Stride)) & 63;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Leaf(int index) => _wideLeaves.Length == 0
        ? Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_narrowLeaves), index) - 1
        : Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_wideLeaves), index);

    /// <summary>A mask of bits 0 to <paramref name="position"/> inclusive (all 64 at position 63, as 2 &lt;&lt; 63 is 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong UpTo(int position) => (2UL << position) - 1;

    /// <summary>
    /// A direct-pointing entry is a node index (0 or more) or an answer stored as -(answer + 2), which is negative
    /// for every answer, -1 (no route) included.
    /// </summary>
    internal static int EncodeLeaf(int answer) => -answer - 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DecodeLeaf(int entry) => -entry - 2;

    /// <summary>One 64-ary node: 24 bytes, so most nodes sit within one cache line.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal readonly record struct Node(ulong Children, ulong LeafRuns, int FirstChild, int FirstLeaf);
}
