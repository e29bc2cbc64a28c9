using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Netflow.Analyzers;
using Netflow.Compiler;
using Netflow.Testing;

namespace Netflow.Benchmarks.Analyzers;

/// <summary>
/// Issue 11's editor budget: the analyzer on the reference sample's .netflow files as AdditionalFiles, warm, under
/// 100 ms; beside it the same check called directly (the baseline), so what Roslyn's driver adds shows.
/// </summary>
[MemoryDiagnoser]
public class AnalyzerBenchmarks
{
    private sealed class Text(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private (string Path, string Text)[] _files = [];
    private CSharpCompilation _compilation = null!;
    private AnalyzerOptions _options = null!;

    [GlobalSetup]
    public void Setup()
    {
        _files = [.. Directory.EnumerateFiles(Repository.Path("samples/ibm-cloud-hybrid"), "*.netflow").Order(StringComparer.Ordinal).Select(f => (f, File.ReadAllText(f)))];
        _compilation = CSharpCompilation.Create("Consumer", [CSharpSyntaxTree.ParseText("public static class Program { public static void Main() { } }")],
            Net100.References.All, new CSharpCompilationOptions(OutputKind.ConsoleApplication));
        _options = new AnalyzerOptions([.. _files.Select(f => (AdditionalText)new Text(f.Path, f.Text))]);
        var diagnostics = Analyzer();
        if (diagnostics.Length > 0) throw new InvalidOperationException($"the sample is not clean: {diagnostics[0]}");
    }

    [Benchmark(Baseline = true)]
    public CheckResult CheckDirectly() => Checker.Check(_files.Select(f => new Netflow.Language.Text.SourceText(f.Path, f.Text)));

    [Benchmark]
    public ImmutableArray<Diagnostic> Analyzer() =>
        _compilation.WithAnalyzers([new NetflowAnalyzer()], _options).GetAnalyzerDiagnosticsAsync().Result;
}
