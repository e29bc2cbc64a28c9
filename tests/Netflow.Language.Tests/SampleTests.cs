using Netflow.Language.Text;

namespace Netflow.Language.Tests;

/// <summary>The bundled samples: the reference architecture is clean, the mistakes sample shows its five mistakes, every code has a sample.</summary>
public sealed class SampleTests
{
    [Fact]
    public void EveryDiagnosticCode_HasABrokenSampleAndADocEntry()
    {
        var root = TestSupport.RepositoryRoot();
        var samples = Directory.EnumerateFiles(Path.Combine(root, "samples", "broken"), "*.netflow").Select(Path.GetFileName).ToList();
        var docs = File.ReadAllText(Path.Combine(root, "docs", "diagnostics.md"));
        foreach (var descriptor in Diagnostics.DiagnosticDescriptors.All)
        {
            samples.ShouldContain(s => s!.StartsWith(descriptor.Code + "-", StringComparison.Ordinal), $"no sample for {descriptor.Code}");
            docs.ShouldContain($"## {descriptor.Code}:", customMessage: $"no docs entry for {descriptor.Code}");
        }
    }

    [Fact]
    public void MistakesSample_ReportsExactlyItsFiveMistakes()
    {
        var root = TestSupport.RepositoryRoot();
        var directory = Path.Combine(root, "samples", "mistakes");
        var sources = Directory.EnumerateFiles(directory, "*.netflow").Order(StringComparer.Ordinal)
            .Select(f => new SourceText($"samples/mistakes/{Path.GetFileName(f)}", File.ReadAllText(f))).ToArray();
        var expected = File.ReadAllLines(Path.Combine(directory, "expected.txt"));

        var actual = Compilation.Create(sources).Diagnostics;

        actual.Select(d => d.ToString()).ShouldBe(expected);
        actual.Select(d => d.Code).Order().ShouldBe(["NF2008", "NF2009", "NF3001", "NF3004", "NF3006"]);
        // Each is reported at the line just below its "# MISTAKE:" comment.
        foreach (var diagnostic in actual)
        {
            var lines = File.ReadAllLines(Path.Combine(root, diagnostic.Location.Path));
            lines[diagnostic.Location.Start.Line - 1].TrimStart().ShouldStartWith("# MISTAKE:");
        }
    }

    [Fact]
    public void ReferenceArchitecture_IsClean()
    {
        var directory = Path.Combine(TestSupport.RepositoryRoot(), "samples", "ibm-cloud-hybrid");
        var sources = Directory.EnumerateFiles(directory, "*.netflow").Order()
            .Select(f => new SourceText(Path.GetFileName(f), File.ReadAllText(f))).ToArray();

        var compilation = Compilation.Create(sources);

        compilation.Diagnostics.Select(d => d.ToString()).ShouldBeEmpty();
        compilation.Model.Flows.Count.ShouldBeGreaterThanOrEqualTo(5);
    }
}
