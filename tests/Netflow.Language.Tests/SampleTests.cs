using Netflow.Language.Text;

namespace Netflow.Language.Tests;

/// <summary>The bundled samples: the reference architecture is clean, every code has a sample (the mistakes sample, a variant, is tested with the loader in Netflow.Cli.Tests).</summary>
public sealed class SampleTests
{
    [Fact]
    public void EveryDiagnosticCode_HasABrokenSampleAndADocEntry()
    {
        var root = TestSupport.RepositoryRoot();
        // A sample is a .netflow file, or a folder for what only a variant's overlay can show (NF01xx).
        var broken = Path.Combine(root, "samples", "broken");
        var samples = Directory.EnumerateFiles(broken, "*.netflow").Concat(Directory.EnumerateDirectories(broken)).Select(Path.GetFileName).ToList();
        var docs = File.ReadAllText(Path.Combine(root, "docs", "diagnostics.md"));
        foreach (var descriptor in Diagnostics.DiagnosticDescriptors.All)
        {
            samples.ShouldContain(s => s!.StartsWith(descriptor.Code + "-", StringComparison.Ordinal), $"no sample for {descriptor.Code}");
            docs.ShouldContain($"## {descriptor.Code}:", customMessage: $"no docs entry for {descriptor.Code}");
        }
    }

    [Fact]
    public void AFlowToAService_GoesToItsClusterIp_NotToAMissingAddress()
    {
        // Found by the review: a flow to a service (it has no interface) was NF4006, while the flows ran it to its cluster IP.
        var directory = Path.Combine(TestSupport.RepositoryRoot(), "samples", "ibm-cloud-hybrid");
        var sources = Directory.EnumerateFiles(directory, "*.netflow").Order()
            .Select(f => new SourceText(Path.GetFileName(f), File.ReadAllText(f)))
            .Append(new SourceText("extra.netflow", "flow web-3-to-the-alb {\n  from ibm-cloud.iks.web-3\n  to ibm-cloud.iks.alb-service port 443 tcp\n}\n"))
            .ToArray();

        Compilation.Create(sources).Diagnostics.Select(d => d.ToString()).ShouldBeEmpty();
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
