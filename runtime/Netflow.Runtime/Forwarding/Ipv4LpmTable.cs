using System.Runtime.CompilerServices;

namespace Netflow.Runtime.Forwarding;

/// <summary>
/// An immutable IPv4 longest-prefix-match table: maps a destination address to the value of the most specific route
/// that covers it, or <see cref="NoRoute"/>. Built by <see cref="Ipv4LpmTableBuilder"/>; safe to share between
/// threads.
/// </summary>
/// <remarks>
/// <para>
/// Design: a DXR-style range table (Zec, Rizzo, Mikuc, "DXR: towards a billion routing lookups per second in
/// software", 2012). The routes are flattened into the sorted, disjoint address ranges they induce, each with its
/// longest match already resolved; lookup is a search for the range holding the address. A first-level index on the
/// top bits of the address narrows that search to the few ranges of one block, and answers outright when a single
/// range covers the block.
/// </para>
/// <para>
/// Memory follows the route count: at most 8 bytes per range for the ranges (two flat arrays, struct-of-arrays)
/// plus at most 8 bytes per range for the index (sized to the table, 2^16 entries at most), where DIR-24-8 always
/// pays 64 MiB. Nesting costs nothing at lookup (the answer is precomputed per range), and building is a sort plus
/// one linear sweep. A lookup is one index read and, only in blocks where routes end, a branch-free binary search
/// over a slice that is usually two to four entries long. The engine uses <see cref="Ipv4Poptrie"/>, built from the
/// same ranges, which measured faster on every table size (docs/performance.md); this table is its baseline.
/// </para>
/// </remarks>
public sealed class Ipv4LpmTable
{
    /// <summary>The result of a lookup that no route covers.</summary>
    public const int NoRoute = -1;

    private readonly ulong[] _blockEntries;
    private readonly int _blockShift;
    private readonly uint[] _rangeStarts;
    private readonly int[] _rangeValues;

    internal Ipv4LpmTable(int routeCount, uint[] rangeStarts, int[] rangeValues)
    {
        int indexBits = BlockIndex.ChooseBits(rangeStarts.Length);
        RouteCount = routeCount;
        _rangeStarts = rangeStarts;
        _rangeValues = rangeValues;
        _blockShift = 32 - indexBits;
        _blockEntries = BlockIndex.Build(rangeStarts, rangeValues, indexBits);
    }

    /// <summary>A table with no route: every lookup gives <see cref="NoRoute"/>.</summary>
    public static Ipv4LpmTable Empty { get; } = new Ipv4LpmTableBuilder().Build();

    /// <summary>Builds a table from routes in any order; a later route with the same prefix and length wins.</summary>
    public static Ipv4LpmTable FromRoutes(IEnumerable<Ipv4Route> routes) => new Ipv4LpmTableBuilder().AddRange(routes).Build();

    /// <summary>The number of distinct routes (prefix and length) the table was built from.</summary>
    public int RouteCount { get; }

    /// <summary>The number of address ranges the routes cut the address space into (at most 2 × routes + 1).</summary>
    public int RangeCount => _rangeStarts.Length;

    /// <summary>The number of first-level index entries (a power of two, 2^16 at most).</summary>
    public int IndexEntryCount => _blockEntries.Length;

    /// <summary>The bytes held by the table's arrays (object headers aside).</summary>
    public long SizeInBytes =>
        (long)_blockEntries.Length * sizeof(ulong) + (long)_rangeStarts.Length * (sizeof(uint) + sizeof(int));

    /// <summary>The value of the longest route covering <paramref name="destination"/>, or <see cref="NoRoute"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Lookup(uint destination) => Resolve(_blockEntries[destination >> _blockShift], destination);

    /// <summary>
    /// Looks up many destinations: <c>results[i] = Lookup(destinations[i])</c>. It reads a group's index entries
    /// before resolving any, so that their cache misses overlap instead of queueing one behind another: on a
    /// 100,000-route table that measured 10–15% faster than a plain loop over <see cref="Lookup"/>, and the same on
    /// a table that fits in the cache.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="results"/> is shorter than <paramref name="destinations"/>.</exception>
    public void LookupBatch(ReadOnlySpan<uint> destinations, Span<int> results)
    {
        if (results.Length < destinations.Length)
            throw new ArgumentException("The results span must be at least as long as the destinations span.", nameof(results));

        const int GroupSize = 16;
        Span<ulong> entries = stackalloc ulong[GroupSize];
        ulong[] blockEntries = _blockEntries;
        int shift = _blockShift;

        int done = 0;
        for (; done + GroupSize <= destinations.Length; done += GroupSize)
        {
            var group = destinations.Slice(done, GroupSize);
            for (int i = 0; i < GroupSize; i++)
                entries[i] = blockEntries[group[i] >> shift];
            for (int i = 0; i < GroupSize; i++)
                results[done + i] = Resolve(entries[i], group[i]);
        }

        for (; done < destinations.Length; done++)
            results[done] = Lookup(destinations[done]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Resolve(ulong blockEntry, uint destination)
    {
        int remaining = BlockIndex.SliceLength(blockEntry);
        int found = BlockIndex.Payload(blockEntry);
        if (remaining == 0)
            return found; // one range covers the whole block: the entry is the answer

        // The slice's first range starts at or before the block, so it holds the floor; find the last range whose
        // start is <= destination. Halving by a conditional move, not a branch, since the outcome is unpredictable.
        uint[] starts = _rangeStarts;
        while (remaining > 1)
        {
            int half = remaining >> 1;
            found = starts[found + half] <= destination ? found + half : found;
            remaining -= half;
        }

        return _rangeValues[found];
    }
}
