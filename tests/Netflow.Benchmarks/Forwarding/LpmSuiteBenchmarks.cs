using BenchmarkDotNet.Attributes;
using Netflow.Runtime.Forwarding;

namespace Netflow.Benchmarks.Forwarding;

/// <summary>How the looked-up addresses are drawn.</summary>
public enum Traffic
{
    /// <summary>Uniformly over the IPv4 space: on large tables, a cache miss per lookup.</summary>
    Uniform,

    /// <summary>Inside announced prefixes: deeper in the structures, where the routes are.</summary>
    InPrefixes,

    /// <summary>Uniform, but each address depends on the previous answer: latency, with no lookups overlapping.</summary>
    Chain,
}

/// <summary>
/// IPv4 longest-prefix match on DPDK's route mix (<see cref="DpdkRouteMix"/>), the three structures side by side in
/// one run: the native C DIR-24-8 (baseline), the previous range table (<see cref="Ipv4LpmTable"/>) and
/// <see cref="Ipv4Poptrie"/>. Lookups go in batches of <see cref="BatchSize"/>; OperationsPerInvoke makes the
/// reported time the time per lookup. Before a structure is timed its answers are checked against
/// <see cref="PrefixOracle"/>, and the setup prints its size.
/// </summary>
public class LpmSuiteBenchmarks
{
    public const int BatchSize = 256;

    private const int AddressCount = 1 << 16;

    private Ipv4Route[] _routes = [];
    private uint[] _addresses = [];
    private int[] _results = new int[AddressCount];
    private PrefixOracle _oracle = null!;
    private NativeDir24_8? _native;
    private Ipv4LpmTable _ranges = Ipv4LpmTable.Empty;
    private Ipv4Poptrie _poptrie = Ipv4Poptrie.FromRoutes([]);

    [Params(1_000, 4_000, 64_000, 1_000_000)]
    public int Routes { get; set; }

    [ParamsAllValues]
    public Traffic Traffic { get; set; }

    [GlobalSetup(Target = nameof(NativeDir24_8))]
    public void SetupNative()
    {
        Prepare();
        if (!Forwarding.NativeDir24_8.IsAvailable)
            throw new InvalidOperationException("libdir24_8.so is missing: the build did not find gcc.");
        var native = _native = new NativeDir24_8(_routes);
        Verify("DIR-24-8 (C)", native.SizeInBytes, native.LookupBatch, native.LookupChain);
    }

    [GlobalSetup(Target = nameof(RangeTable))]
    public void SetupRanges()
    {
        Prepare();
        var table = _ranges = Ipv4LpmTable.FromRoutes(_routes);
        Verify("range table", table.SizeInBytes, table.LookupBatch, a => Chain(table, a));
    }

    [GlobalSetup(Target = nameof(Poptrie))]
    public void SetupPoptrie()
    {
        Prepare();
        var table = _poptrie = Ipv4Poptrie.FromRoutes(_routes);
        Verify("Poptrie", table.SizeInBytes, table.LookupBatch, a => Chain(table, a));
    }

    [GlobalCleanup]
    public void Cleanup() => _native?.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = AddressCount)]
    public long NativeDir24_8() => Traffic == Traffic.Chain ? _native!.LookupChain(_addresses) : Batches(_native!.LookupBatch);

    [Benchmark(OperationsPerInvoke = AddressCount)]
    public long RangeTable() => Traffic == Traffic.Chain ? Chain(_ranges, _addresses) : Batches(_ranges.LookupBatch);

    [Benchmark(OperationsPerInvoke = AddressCount)]
    public long Poptrie() => Traffic == Traffic.Chain ? Chain(_poptrie, _addresses) : Batches(_poptrie.LookupBatch);

    private delegate void BatchLookup(ReadOnlySpan<uint> addresses, Span<int> results);

    private long Batches(BatchLookup lookup)
    {
        for (int done = 0; done < AddressCount; done += BatchSize)
            lookup(_addresses.AsSpan(done, BatchSize), _results.AsSpan(done, BatchSize));
        return _results[^1];
    }

    // The dependent chain of PrefixOracle.Chain, one lookup at a time; written out per structure so that the lookup
    // is inlined, as it is in the C chain.
    internal static long Chain(Ipv4LpmTable table, ReadOnlySpan<uint> addresses)
    {
        long sum = 0;
        uint carry = 0;
        foreach (uint address in addresses)
        {
            int result = table.Lookup(address ^ carry);
            sum += result;
            carry = (uint)result & 1;
        }

        return sum;
    }

    internal static long Chain(Ipv4Poptrie table, ReadOnlySpan<uint> addresses)
    {
        long sum = 0;
        uint carry = 0;
        foreach (uint address in addresses)
        {
            int result = table.Lookup(address ^ carry);
            sum += result;
            carry = (uint)result & 1;
        }

        return sum;
    }

    private void Prepare()
    {
        _routes = DpdkRouteMix.Routes(Routes, seed: 1);
        _oracle = new PrefixOracle(_routes);
        _addresses = Traffic == Traffic.InPrefixes
            ? DpdkRouteMix.InPrefixes(_routes, AddressCount, seed: 2)
            : DpdkRouteMix.Uniform(AddressCount, seed: 2);
    }

    private delegate long ChainLookup(ReadOnlySpan<uint> addresses);

    private void Verify(string structure, long sizeInBytes, BatchLookup batch, ChainLookup chain)
    {
        batch(_addresses, _results);
        _oracle.Check(structure, _addresses, _results);
        if (chain(_addresses) != _oracle.Chain(_addresses))
            throw new InvalidOperationException($"{structure}'s dependent chain differs from the oracle's.");
        Console.WriteLine($"// {structure}, {Routes} routes: answers checked; {sizeInBytes:N0} bytes, {(double)sizeInBytes / Routes:F1} bytes per prefix");
    }
}
