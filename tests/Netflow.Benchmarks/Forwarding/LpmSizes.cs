using System.Diagnostics;
using Netflow.Runtime.Forwarding;

namespace Netflow.Benchmarks.Forwarding;

/// <summary>
/// `lpm-sizes`: the suite's tables at each size, built once, checked against the oracle, measured in bytes and timed
/// roughly (the best of several passes over 65,536 addresses per traffic, in batches of 256), as a Markdown table.
/// Memory is not something BenchmarkDotNet reports for native or pre-built structures; the timings are a quick look,
/// the suite's are the measurement.
/// </summary>
public static class LpmSizes
{
    private const int Passes = 9;

    private delegate void BatchLookup(ReadOnlySpan<uint> addresses, Span<int> results);

    public static void Print()
    {
        Console.WriteLine("| routes | structure | build ms | bytes | bytes per prefix | ns uniform | ns in prefixes | ns chain |");
        Console.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        // The first size twice, printing only the second: its first pass runs code the JIT has not optimised yet.
        foreach (var (count, print) in new[] { (1_000, false), (1_000, true), (4_000, true), (64_000, true), (1_000_000, true) })
        {
            var routes = DpdkRouteMix.Routes(count, seed: 1);
            var oracle = new PrefixOracle(routes);
            var uniform = DpdkRouteMix.Uniform(1 << 16, seed: 2);
            var inPrefixes = DpdkRouteMix.InPrefixes(routes, 1 << 16, seed: 2);
            var results = new int[uniform.Length];

            var clock = Stopwatch.StartNew();
            var ranges = Ipv4LpmTable.FromRoutes(routes);
            Row("range table", clock, ranges.SizeInBytes, ranges.LookupBatch, a => LpmSuiteBenchmarks.Chain(ranges, a));

            clock.Restart();
            var poptrie = Ipv4Poptrie.FromRoutes(routes);
            Row($"Poptrie ({poptrie.TopBits} top bits, {poptrie.NodeCount:N0} nodes, {poptrie.LeafCount:N0} leaves)", clock,
                poptrie.SizeInBytes, poptrie.LookupBatch, a => LpmSuiteBenchmarks.Chain(poptrie, a));

            if (NativeDir24_8.IsAvailable)
            {
                clock.Restart();
                using var native = new NativeDir24_8(routes);
                Row("DIR-24-8 (C)", clock, native.SizeInBytes, native.LookupBatch, a => native.LookupChain(a));
            }

            void Row(string structure, Stopwatch built, long bytes, BatchLookup lookup, Func<uint[], long> chain)
            {
                long buildMs = built.ElapsedMilliseconds;
                foreach (var addresses in new[] { uniform, inPrefixes })
                {
                    lookup(addresses, results);
                    oracle.Check(structure, addresses, results);
                }
                if (chain(uniform) != oracle.Chain(uniform))
                    throw new InvalidOperationException($"{structure}'s dependent chain differs from the oracle's.");

                string Batches(uint[] addresses) => Best(() =>
                {
                    for (int done = 0; done < addresses.Length; done += LpmSuiteBenchmarks.BatchSize)
                        lookup(addresses.AsSpan(done, LpmSuiteBenchmarks.BatchSize), results.AsSpan(done, LpmSuiteBenchmarks.BatchSize));
                }, addresses.Length);
                var timings = $"{Batches(uniform)} | {Batches(inPrefixes)} | {Best(() => chain(uniform), uniform.Length)}";
                if (print)
                    Console.WriteLine($"| {count:N0} | {structure} | {buildMs:N0} | {bytes:N0} | {(double)bytes / count:F1} | {timings} |");
            }
        }
    }

    private static string Best(Action pass, int lookups)
    {
        double best = double.MaxValue;
        for (int i = 0; i < Passes; i++)
        {
            long start = Stopwatch.GetTimestamp();
            pass();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalNanoseconds / lookups);
        }

        return best.ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
    }
}
