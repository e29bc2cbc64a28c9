using Netflow.Compiler;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using Netflow.Language;
using Netflow.Language.Syntax;
using Netflow.Language.Text;
using Netflow.Testing;

namespace Netflow.Benchmarks.Checks;

/// <summary>
/// Issue 12's super-linear inputs, at two sizes each, so that the growth shows side by side, each beside a baseline of
/// the same size without the costly part: a line of BGP peers (each advertising a range; the work should grow with
/// sessions times prefixes, four times for twice the routers) against the same routers and links without BGP; a chain
/// of recursive next hops (linear in its length) against as many routes to an attached next hop; long unknown names
/// for "did you mean" (linear in their number) against as many names that exist. docs/limits.md names the bounds.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class BoundsBenchmarks
{
    private SyntaxTree _line = null!;
    private SyntaxTree _lineWithoutBgp = null!;
    private SyntaxTree _chain = null!;
    private SyntaxTree _attached = null!;
    private SyntaxTree _names = null!;
    private SyntaxTree _knownNames = null!;

    [Params(250, 500)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _line = Parse(GeneratedNetworks.LineOfPeers(Size));
        _lineWithoutBgp = Parse(GeneratedNetworks.LineOfPeers(Size, peering: false));
        // Four times as many routes as routers in the line: a chain's cost per route is small.
        _chain = Parse(GeneratedNetworks.ChainOfNextHops(4 * Size));
        _attached = Parse(GeneratedNetworks.ChainOfNextHops(4 * Size, recursive: false));
        _names = Parse(GeneratedNetworks.LongUnknownNames(Size, 400));
        _knownNames = Parse(GeneratedNetworks.LongUnknownNames(Size, 400, known: true));
    }

    private static SyntaxTree Parse(string text) => SyntaxTree.Parse(new SourceText("generated.netflow", text));

    [Benchmark(Baseline = true), BenchmarkCategory("BGP line")]
    public Compilation LineWithoutBgp() => Checker.Compile([_lineWithoutBgp]);

    [Benchmark, BenchmarkCategory("BGP line")]
    public Compilation LineOfBgpPeers() => Checker.Compile([_line]);

    [Benchmark(Baseline = true), BenchmarkCategory("next hops")]
    public Compilation AttachedNextHops() => Checker.Compile([_attached]);

    [Benchmark, BenchmarkCategory("next hops")]
    public Compilation ChainOfRecursiveNextHops() => Checker.Compile([_chain]);

    [Benchmark(Baseline = true), BenchmarkCategory("did you mean")]
    public Compilation LongKnownNames() => Checker.Compile([_knownNames]);

    [Benchmark, BenchmarkCategory("did you mean")]
    public Compilation LongUnknownNames() => Checker.Compile([_names]);
}
