using System.Runtime.InteropServices;
using Netflow.Runtime.Forwarding;

namespace Netflow.Benchmarks.Forwarding;

/// <summary>
/// The native baseline: DIR-24-8 in C (Native/dir24_8.c, compiled with gcc -O3 by this project's build), called
/// through P/Invoke a batch at a time, as DPDK's rte_lpm_lookup_bulk is.
/// </summary>
public sealed unsafe partial class NativeDir24_8 : IDisposable
{
    private const string Library = "dir24_8";

    private nint _table;

    public NativeDir24_8(IEnumerable<Ipv4Route> routes)
    {
        _table = dir24_8_create();
        if (_table == 0)
            throw new OutOfMemoryException("dir24_8_create failed.");

        // Shortest first, so a longer route overwrites what it covers; the sort is stable, so a later duplicate wins.
        foreach (var route in routes.OrderBy(r => r.Length))
        {
            if (dir24_8_add(_table, route.FirstAddress, route.Length, route.Value) != 0)
                throw new OutOfMemoryException("dir24_8_add failed.");
        }
    }

    /// <summary>Whether the build found gcc and produced the library next to the benchmarks.</summary>
    public static bool IsAvailable => NativeLibrary.TryLoad(Library, typeof(NativeDir24_8).Assembly, null, out _);

    public long SizeInBytes => dir24_8_size(_table);

    public void LookupBatch(ReadOnlySpan<uint> addresses, Span<int> results)
    {
        fixed (uint* a = addresses)
        fixed (int* r = results)
            dir24_8_lookup_bulk(_table, a, r, addresses.Length);
    }

    public long LookupChain(ReadOnlySpan<uint> addresses)
    {
        fixed (uint* a = addresses)
            return dir24_8_lookup_chain(_table, a, addresses.Length);
    }

    public void Dispose()
    {
        dir24_8_free(_table);
        _table = 0;
    }

    [LibraryImport(Library)]
    private static partial nint dir24_8_create();

    [LibraryImport(Library)]
    private static partial void dir24_8_free(nint table);

    [LibraryImport(Library)]
    private static partial int dir24_8_add(nint table, uint prefix, int length, int value);

    [LibraryImport(Library)]
    private static partial long dir24_8_size(nint table);

    [LibraryImport(Library)]
    private static partial void dir24_8_lookup_bulk(nint table, uint* addresses, int* results, int count);

    [LibraryImport(Library)]
    private static partial long dir24_8_lookup_chain(nint table, uint* addresses, int count);
}
