using System.Numerics;
using System.Runtime.CompilerServices;

namespace Netflow.Runtime.Forwarding;

/// <summary>
/// The first level of <see cref="Ipv4LpmTable"/>: one 64-bit entry per block of addresses that share their top
/// <c>bits</c> bits. An entry either holds the next hop itself, when a single range covers the whole block (the
/// common case, answered with this one read), or says which slice of the range arrays covers the block, to be
/// binary-searched.
/// </summary>
/// <remarks>
/// Encoding: the high 32 bits are the slice length, the low 32 bits the slice's first range. A slice covering a
/// block has at least two ranges, so a length of 0 is free to mean "direct": the low 32 bits are then the next hop
/// (any int, -1 included). 64-bit entries cost twice the memory of DXR's packed 32-bit ones, but they have no
/// overflow case: a block may hold any number of ranges (e.g. thousands of /32 host routes in one /16).
/// </remarks>
internal static class BlockIndex
{
    /// <summary>2^16 entries (512 KiB) at most, as in DXR's D16R; reached at about 65,536 ranges.</summary>
    public const int MaxBits = 16;

    /// <summary>
    /// Sizes the index by the table: no more entries than ranges (so the index takes at most 8 bytes per range),
    /// which still leaves about one range per block on average, and at least 2 entries so the shift stays below 32.
    /// </summary>
    public static int ChooseBits(int rangeCount) => Math.Clamp(BitOperations.Log2((uint)rangeCount), 1, MaxBits);

    public static ulong[] Build(uint[] rangeStarts, int[] rangeValues, int bits)
    {
        var entries = new ulong[1 << bits];
        int shift = 32 - bits;
        uint blockSpan = uint.MaxValue >> bits;

        // first: the range holding the block's first address; last: the range holding its last address.
        // Both only move forward, so building is linear in blocks plus ranges.
        int first = 0;
        for (int block = 0; block < entries.Length; block++)
        {
            uint blockStart = (uint)block << shift;
            uint blockLast = blockStart + blockSpan;
            while (first + 1 < rangeStarts.Length && rangeStarts[first + 1] <= blockStart)
                first++;
            int last = first;
            while (last + 1 < rangeStarts.Length && rangeStarts[last + 1] <= blockLast)
                last++;

            entries[block] = first == last ? Direct(rangeValues[first]) : Slice(first, last - first + 1);
            first = last;
        }

        return entries;
    }

    private static ulong Direct(int nextHop) => (uint)nextHop;

    private static ulong Slice(int firstRange, int rangeCount) => ((ulong)(uint)rangeCount << 32) | (uint)firstRange;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SliceLength(ulong entry) => (int)(entry >> 32);

    /// <summary>The next hop of a direct entry, or the first range of a slice entry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Payload(ulong entry) => (int)(uint)entry;
}
