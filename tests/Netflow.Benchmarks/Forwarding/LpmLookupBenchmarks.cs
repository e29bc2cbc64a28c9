using BenchmarkDotNet.Attributes;
using Netflow.Runtime.Forwarding;

namespace Netflow.Benchmarks.Forwarding;

/// <summary>
/// IPv4 longest-prefix match on one table: the linear scan (baseline) against the table's single and batch
/// lookups. Every benchmark looks up the same <see cref="DestinationCount"/> destinations, and
/// OperationsPerInvoke makes the reported time the time per lookup.
/// </summary>
[MemoryDiagnoser]
public class LpmLookupBenchmarks
{
    private const int DestinationCount = 4096;

    private Ipv4LpmTable _table = Ipv4LpmTable.Empty;
    private LinearScanTable _linearScan = new([]);
    private uint[] _destinations = [];
    private int[] _results = [];

    [Params(1_000, 100_000)]
    public int RouteCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var routes = RoutingTableSample.Routes(RouteCount, seed: 1);
        _table = Ipv4LpmTable.FromRoutes(routes);
        _linearScan = new LinearScanTable(routes);
        _destinations = RoutingTableSample.Destinations(routes, DestinationCount, seed: 2);
        _results = new int[DestinationCount];

        Console.WriteLine(
            $"// LPM table: {_table.RouteCount} routes, {_table.RangeCount} ranges, {_table.IndexEntryCount} index entries, " +
            $"{_table.SizeInBytes} bytes ({(double)_table.SizeInBytes / _table.RouteCount:F1} bytes per route)");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = DestinationCount)]
    public int LinearScan()
    {
        int sum = 0;
        foreach (uint destination in _destinations)
            sum += _linearScan.Lookup(destination);
        return sum;
    }

    [Benchmark(OperationsPerInvoke = DestinationCount)]
    public int Single()
    {
        int sum = 0;
        foreach (uint destination in _destinations)
            sum += _table.Lookup(destination);
        return sum;
    }

    [Benchmark(OperationsPerInvoke = DestinationCount)]
    public int[] Batch()
    {
        _table.LookupBatch(_destinations, _results);
        return _results;
    }
}
