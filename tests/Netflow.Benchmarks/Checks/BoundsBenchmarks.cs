using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Netflow.Language;
using Netflow.Language.Syntax;
using Netflow.Language.Text;
using Netflow.Testing;

namespace Netflow.Benchmarks.Checks;

/// <summary>
/// Issue 12's super-linear inputs, at two sizes each, so that the growth shows side by side: a line of BGP peers (each
/// advertising a range; the work should grow with sessions times prefixes, four times for twice the routers) and long
/// unknown names for "did you mean" (linear in their number). docs/limits.md names the bounds.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class BoundsBenchmarks
{
    private SyntaxTree _line = null!;
    private SyntaxTree _names = null!;

    [Params(250, 500)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _line = SyntaxTree.Parse(new SourceText("line.netflow", GeneratedNetworks.LineOfPeers(Size)));
        _names = SyntaxTree.Parse(new SourceText("names.netflow", GeneratedNetworks.LongUnknownNames(Size, 400)));
    }

    [Benchmark]
    public Compilation LineOfBgpPeers() => Compilation.Create([_line]);

    [Benchmark]
    public Compilation LongUnknownNames() => Compilation.Create([_names]);
}
