using Netflow.Compiler;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Netflow.Compiler.Lowering;
using Netflow.Language;
using Netflow.Language.Text;
using Netflow.Runtime.Engine;

namespace Netflow.Benchmarks.Engine;

/// <summary>
/// <c>reach</c>'s work on <see cref="ReachNetwork"/> at 100 sites (1,000 devices): client 1 of every site to client 2
/// of every site on ICMP echo, 100 × 100 = 10,000 pairs with replies, on all cores and on one. OperationsPerInvoke
/// makes the reported time the time per pair.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ReachBenchmarks
{
    private const int Sites = 100;
    private const int Pairs = Sites * Sites;

    private ForwardingEngine _engine = null!;
    private int[] _sources = [];
    private (int Device, Service Service)[] _targets = [];

    [GlobalSetup]
    public void Setup()
    {
        var compilation = Checker.Compile([new SourceText("reach.netflow", ReachNetwork.Generate(Sites))]);
        if (compilation.HasErrors) throw new InvalidOperationException("the generated network has errors: " + compilation.Diagnostics.First(d => d.IsError));
        _engine = new ForwardingEngine(ImageCompiler.Compile(compilation));
        _sources = Enumerable.Range(0, Sites).Select(s => _engine.FindDevice($"s{s}.c1")).ToArray();
        _targets = Enumerable.Range(0, Sites).Select(s => (_engine.FindDevice($"s{s}.c2"), Service.IcmpEcho)).ToArray();
        var answers = Reachability.Run(_engine, _sources, _targets);
        if (answers.Length != Pairs || !answers.All(a => a.Holds)) throw new InvalidOperationException("every generated pair should hold");
        Console.WriteLine($"// {_engine.Image.Devices.Count} devices, {answers.Length} pairs, {answers.Sum(a => a.Forward.Hops + a.Reply!.Value.Hops)} hops");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Pairs)]
    public int OneCore() => Reachability.Run(_engine, _sources, _targets, maxDegreeOfParallelism: 1).Length;

    [Benchmark(OperationsPerInvoke = Pairs)]
    public int AllCores() => Reachability.Run(_engine, _sources, _targets).Length;
}
