using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Netflow.Compiler;
using Netflow.Language;
using Netflow.Language.Syntax;

namespace Netflow.Benchmarks.Checks;

/// <summary>
/// The front end of issue 13 on <see cref="FrontEndNetwork"/> at 100,000 lines, warm: parsing (lexer and parser, the
/// baseline: every other phase reads what it makes), binding with the language's checks, and the whole of
/// <c>netflow check</c> on parsed trees (the image, the forwarding checks and the flows too). Run the command line on
/// a million lines for the cold numbers (docs/performance.md, "Front end").
/// </summary>
/// <remarks>
/// Each operation takes a noticeable fraction of a second, so the job measures single invocations (Monitoring) a few
/// times. Setup checks the network once and throws if it has any diagnostic, so the benchmark always measures a clean one.
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class FrontEndBenchmarks
{
    private IReadOnlyList<(string Path, string Text)> _files = [];
    private SyntaxTree[] _trees = [];

    [Params(100_000)]
    public int Lines { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _files = FrontEndNetwork.Generate(Lines);
        _trees = ParseAll();
        var result = Checker.Check(_trees);
        if (result.Diagnostics.Count > 0)
        {
            throw new InvalidOperationException(
                $"The generated network of {Lines} lines has {result.Diagnostics.Count} diagnostics, e.g.:\n" + string.Join('\n', result.Diagnostics.Take(5)));
        }
        Console.WriteLine($"// Front-end network: {_files.Sum(f => f.Text.Count(c => c == '\n')):N0} lines in {_files.Count} files, " +
            $"{result.Compilation.Model.Devices.Count:N0} devices, {result.Compilation.Model.Flows.Count:N0} flows");
    }

    [Benchmark(Baseline = true)]
    public SyntaxTree[] Parse() => ParseAll();

    /// <summary>Binding and the language's checks (address plan, routing tables, clash rules, route checks), from parsed trees.</summary>
    [Benchmark]
    public Compilation BindAndCheck() => Checker.Compile(_trees);

    /// <summary>All of <c>netflow check</c> from parsed trees: the language's checks, the image, the forwarding checks and the flows.</summary>
    [Benchmark]
    public CheckResult Check() => Checker.Check(_trees);

    private SyntaxTree[] ParseAll()
    {
        var trees = new SyntaxTree[_files.Count];
        for (int i = 0; i < trees.Length; i++)
            trees[i] = SyntaxTree.Parse(_files[i].Path, _files[i].Text);
        return trees;
    }
}
