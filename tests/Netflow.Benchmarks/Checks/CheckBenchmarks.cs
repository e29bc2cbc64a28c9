using Netflow.Compiler;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Netflow.Language;
using Netflow.Language.Syntax;

namespace Netflow.Benchmarks.Checks;

/// <summary>
/// Issue 3's speed requirement: a generated network of 10,000 devices, ~100,000 ranges and ~100,000 routes
/// (<see cref="NetworkGenerator"/>, scale 1) checked in under two seconds, and doubling the input (scale 2) at most
/// 2.2 times the time. Compare each method's mean at scale 2 with its mean at scale 1 for the doubling factor.
/// </summary>
/// <remarks>
/// Each operation takes seconds, so the job measures single invocations (Monitoring) a few times instead of
/// BenchmarkDotNet's default pilot and many iterations. Setup checks the generated network once and throws if it
/// has any diagnostic, so the benchmark always measures a clean network.
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class CheckBenchmarks
{
    private IReadOnlyList<(string Path, string Text)> _files = [];
    private SyntaxTree[] _trees = [];

    /// <summary>1: 10,000 devices, 102,001 ranges, 109,000 routes. 2: twice that.</summary>
    [Params(1, 2)]
    public int Scale { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _files = NetworkGenerator.Generate(Scale);
        _trees = ParseAll();

        var compilation = Checker.Compile(_trees);
        if (compilation.Diagnostics.Count > 0)
        {
            throw new InvalidOperationException(
                $"The generated network at scale {Scale} has {compilation.Diagnostics.Count} diagnostics, e.g.:\n" +
                string.Join('\n', compilation.Diagnostics.Take(5)));
        }

        var model = compilation.Model;
        Console.WriteLine(
            $"// Generated network, scale {Scale}: {model.Devices.Count} devices, {model.Ranges.Count} ranges, " +
            $"{model.Devices.Sum(d => d.Routes.Count)} routes, {model.Devices.Sum(d => d.Interfaces.Count)} interfaces, " +
            $"{model.Segments.Count} segments, {_files.Sum(f => f.Text.Count(c => c == '\n'))} lines in {_files.Count} files");
    }

    [Benchmark]
    public SyntaxTree[] Parse() => ParseAll();

    /// <summary>Binding and every check, from trees parsed once in setup.</summary>
    [Benchmark(Baseline = true)]
    public Compilation CheckParsed() => Checker.Compile(_trees);

    [Benchmark]
    public Compilation ParseAndCheck() => Checker.Compile(ParseAll());

    private SyntaxTree[] ParseAll()
    {
        var trees = new SyntaxTree[_files.Count];
        for (int i = 0; i < trees.Length; i++)
            trees[i] = SyntaxTree.Parse(_files[i].Path, _files[i].Text);
        return trees;
    }
}
