using System.Diagnostics;
using Netflow.Runtime.Forwarding;

namespace Netflow.Benchmarks.Forwarding;

/// <summary>
/// `lpm-sizes`: the suite's tables at each size, built once, checked against the oracle and measured in bytes,
/// printed as a Markdown table. Memory is not something BenchmarkDotNet reports for native or pre-built structures.
/// </summary>
public static class LpmSizes
{
    private delegate void BatchLookup(ReadOnlySpan<uint> addresses, Span<int> results);

    public static void Print()
    {
        Console.WriteLine("| routes | structure | build ms | bytes | bytes per prefix |");
        Console.WriteLine("| ---: | --- | ---: | ---: | ---: |");
        foreach (int count in new[] { 1_000, 4_000, 64_000, 1_000_000 })
        {
            var routes = DpdkRouteMix.Routes(count, seed: 1);
            var oracle = new PrefixOracle(routes);
            var addresses = DpdkRouteMix.Uniform(1 << 16, seed: 2).Concat(DpdkRouteMix.InPrefixes(routes, 1 << 16, seed: 2)).ToArray();
            var results = new int[addresses.Length];

            var clock = Stopwatch.StartNew();
            var ranges = Ipv4LpmTable.FromRoutes(routes);
            Row(count, "range table", clock, ranges.SizeInBytes, ranges.LookupBatch);

            clock.Restart();
            var poptrie = Ipv4Poptrie.FromRoutes(routes);
            Row(count, $"Poptrie ({poptrie.TopBits} top bits, {poptrie.NodeCount:N0} nodes, {poptrie.LeafCount:N0} leaves)", clock, poptrie.SizeInBytes, poptrie.LookupBatch);

            if (NativeDir24_8.IsAvailable)
            {
                clock.Restart();
                using var native = new NativeDir24_8(routes);
                Row(count, "DIR-24-8 (C)", clock, native.SizeInBytes, native.LookupBatch);
            }

            void Row(int routeCount, string structure, Stopwatch built, long bytes, BatchLookup lookup)
            {
                long buildMs = built.ElapsedMilliseconds;
                lookup(addresses, results);
                oracle.Check(structure, addresses, results);
                Console.WriteLine($"| {routeCount:N0} | {structure} | {buildMs:N0} | {bytes:N0} | {(double)bytes / routeCount:F1} |");
            }
        }
    }
}
