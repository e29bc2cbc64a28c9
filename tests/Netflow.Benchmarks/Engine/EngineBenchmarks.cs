using Netflow.Compiler;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Netflow.Compiler.Lowering;
using Netflow.Language;
using Netflow.Language.Text;
using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;

namespace Netflow.Benchmarks.Engine;

/// <summary>
/// The forwarding engine on the reference architecture: FIB lookups on a real device (single and batch, against the
/// engine's own per-lookup entry point as the baseline), and complete flow traces (DNS, every hop, NAT sessions,
/// tunnels, the reply and the expectation check).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class EngineBenchmarks
{
    private const int Destinations = 4096;
    private const int FlowRuns = 64;

    private ForwardingEngine _engine = null!;
    private FlowRunner _runner = null!;
    private int _bcr;
    private int _flows;
    private uint[] _destinations = [];
    private int[] _results = [];
    private (int Source, PacketHeader Header)[] _packets = [];
    private readonly NatSessions _sessions = new();

    [GlobalSetup]
    public void Setup()
    {
        var directory = Path.Combine(RepositoryRoot(), "samples", "ibm-cloud-hybrid");
        var sources = Directory.EnumerateFiles(directory, "*.netflow").Order(StringComparer.Ordinal)
            .Select(f => new SourceText(Path.GetFileName(f), File.ReadAllText(f))).ToArray();
        var compilation = Checker.Compile(sources);
        if (compilation.HasErrors) throw new InvalidOperationException("the sample has errors");
        var image = ImageCompiler.Compile(compilation);
        _engine = new ForwardingEngine(image);
        _runner = new FlowRunner(_engine);
        _flows = image.Flows.Count;
        _bcr = _engine.FindDevice("ibm-cloud.bcr");
        var random = new Random(7);
        // Half inside the network's address plan (10.73.x, 192.168.x), half anywhere.
        _destinations = Enumerable.Range(0, Destinations)
            .Select(i => i % 2 == 0 ? (uint)random.NextInt64(0, 1L << 32) : (i % 4 == 1 ? 0x0A490000u : 0xC0A80000u) | (uint)random.Next(0, 1 << 16))
            .ToArray();
        _results = new int[Destinations];

        // The declared flows' first packets, for the fast path against full traces of the same packets.
        _packets = _runner.RunAll().Select(r => (image.Flows.SourceDevice[r.Flow], r.Forward.Start)).ToArray();
        var hops = FullTraces();
        Console.WriteLine($"// {_packets.Length} packets and their replies: {hops} hops per FullTraces or FastPath call");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Destinations)]
    public int LookupOneByOne()
    {
        var sum = 0;
        foreach (var destination in _destinations) sum += _engine.Lookup(_bcr, destination);
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Destinations)]
    public int LookupBatch()
    {
        _engine.LookupBatch(_bcr, _destinations, _results);
        return _results[^1];
    }

    /// <summary>
    /// Declared flows with their replies and expectation checks, timed per flow: each call runs
    /// <see cref="FlowRuns"/> flows, going round the sample's flows in order, however many the sample declares.
    /// </summary>
    [Benchmark(OperationsPerInvoke = FlowRuns)]
    public int TraceEveryFlow()
    {
        var passed = 0;
        for (var run = 0; run < FlowRuns; run++)
            if (_runner.Run(run % _flows).Passed) passed++;
        return passed;
    }

    /// <summary>The flows' packets and replies as full typed traces (no DNS, no expectation checks).</summary>
    [Benchmark]
    public int FullTraces()
    {
        var hops = 0;
        foreach (var (source, header) in _packets)
        {
            var sessions = new NatSessions();
            var forward = _engine.Execute(source, header, sessions);
            hops += forward.Hops.Count;
            if (forward.Disposition == Disposition.Accepted)
                hops += _engine.Execute(forward.LastDevice, forward.Final.Reply(), sessions, opensConnection: false).Hops.Count;
        }
        return hops;
    }

    /// <summary>The same packets and replies on the fast path: outcomes only, one reused session table.</summary>
    [Benchmark]
    public int FastPath()
    {
        var hops = 0;
        foreach (var (source, header) in _packets)
        {
            _sessions.Clear();
            var forward = _engine.Run(source, header, _sessions);
            hops += forward.Hops;
            if (forward.Disposition == Disposition.Accepted)
                hops += _engine.Run(forward.LastDevice, forward.Final.Reply(), _sessions, opensConnection: false).Hops;
        }
        return hops;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Dsl.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Dsl.sln not found above the benchmark binaries.");
    }
}
