using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Netflow.Analyzers.Tests;

/// <summary>The analyzer, run offline on a C# compilation whose AdditionalFiles hold .netflow files.</summary>
public sealed class NetflowAnalyzerTests
{
    /// <summary>Options as Roslyn hands them to analyzers: the properties of each file's matching .editorconfig sections, and global ones.</summary>
    private sealed class Options(IReadOnlyDictionary<string, string> global, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> byPath)
        : AnalyzerConfigOptionsProvider
    {
        private sealed class Values(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value) =>
                (value = values.FirstOrDefault(v => KeyComparer.Equals(v.Key, key)).Value!) is not null;
        }

        public override AnalyzerConfigOptions GlobalOptions => new Values(global);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Values(new Dictionary<string, string>());

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
            new Values(byPath.TryGetValue(textFile.Path, out var values) ? values : new Dictionary<string, string>());
    }

    private static ImmutableArray<Diagnostic> Analyze(params (string Path, string Text)[] files) => Analyze(null, files);

    private static ImmutableArray<Diagnostic> Analyze(AnalyzerConfigOptionsProvider? configuration, params (string Path, string Text)[] files)
    {
        var compilation = CSharpCompilation.Create("Consumer",
            [CSharpSyntaxTree.ParseText("public static class Program { public static void Main() { } }")],
            Net100.References.All,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication));
        var additional = files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)).ToImmutableArray();
        var options = configuration is null ? new AnalyzerOptions(additional) : new AnalyzerOptions(additional, configuration);
        return compilation.WithAnalyzers([new NetflowAnalyzer()], options).GetAnalyzerDiagnosticsAsync().Result;
    }

    private const string UnknownName = "router bcr\nrouter edge {\n  route default via xcr\n}\n";

    private static Options FileOptions(string path, string key, string value) =>
        new(new Dictionary<string, string>(), new Dictionary<string, IReadOnlyDictionary<string, string>> { [path] = new Dictionary<string, string> { [key] = value } });

    private static string Root() => InMemoryAdditionalText.Root();

    [Fact]
    public void TheReferenceArchitecture_HasNoDiagnostics()
    {
        var files = Directory.EnumerateFiles(Path.Combine(Root(), "samples", "ibm-cloud-hybrid"), "*.netflow")
            .Select(f => (f, File.ReadAllText(f))).ToArray();
        Analyze(files).ShouldBeEmpty();
    }

    [Fact]
    public void AnUnknownName_IsReportedAtItsLineWithTheNetflowCodeAndHelpLink()
    {
        var diagnostic = Analyze(("/src/net.netflow", "router bcr\nrouter edge {\n  route default via xcr\n}\n")).ShouldHaveSingleItem();

        diagnostic.Id.ShouldBe("NF1001");
        diagnostic.Severity.ShouldBe(DiagnosticSeverity.Error);
        diagnostic.GetMessage().ShouldContain("did you mean 'bcr'?");
        diagnostic.Descriptor.HelpLinkUri.ShouldBe(Language.Diagnostics.DiagnosticDescriptor.DefaultHelpBase + "#nf1001");
        new Uri(diagnostic.Descriptor.HelpLinkUri).IsAbsoluteUri.ShouldBeTrue();
        var span = diagnostic.Location.GetLineSpan();
        span.Path.ShouldBe("/src/net.netflow");
        span.StartLinePosition.ShouldBe(new LinePosition(2, 20));
    }

    [Fact]
    public void NamesResolveAcrossAdditionalFiles_AndOtherFilesAreIgnored()
    {
        Analyze(
            ("/src/a.netflow", "range lan 10.0.0.0/24\nsegment vlan-1 vlan 1 ranges lan\nrouter bcr {\n  interface i 10.0.0.1 on vlan-1\n}\n"),
            ("/src/b.netflow", "router edge {\n  interface i 10.0.0.2 on vlan-1\n  route default via bcr\n}\n"),
            ("/src/readme.txt", "router ?? not netflow")).ShouldBeEmpty();
    }

    [Fact]
    public void ADuplicate_CarriesTheOtherDeclarationAsAnAdditionalLocation()
    {
        var diagnostic = Analyze(("/src/a.netflow", "router bcr\n"), ("/src/b.netflow", "router bcr\n")).ShouldHaveSingleItem();
        diagnostic.Id.ShouldBe("NF1002");
        diagnostic.AdditionalLocations.ShouldHaveSingleItem().GetLineSpan().Path.ShouldBe("/src/a.netflow");
    }

    [Fact]
    public void AFileGivenTwice_UnderTwoSpellings_IsCheckedOnce()
    {
        const string text = "router bcr\nrouter edge {\n  route default via xcr\n}\n";
        Analyze(("/src/net.netflow", text), ("/src/../src/net.netflow", text), ("/src/net.netflow", text))
            .Select(d => d.Id).ShouldBe(["NF1001"]);
    }

    [Fact]
    public void EveryNetflowCode_IsASupportedDiagnostic()
    {
        var supported = new NetflowAnalyzer().SupportedDiagnostics.Select(d => d.Id).ToList();
        supported.ShouldBe(Language.Diagnostics.DiagnosticDescriptors.All.Where(d => !d.Code.StartsWith("NF5", StringComparison.Ordinal)).Select(d => d.Code).Order(StringComparer.Ordinal));
        supported.ShouldContain("NF4005");
        new NetworkNameAnalyzer().SupportedDiagnostics.Select(d => d.Id).ShouldBe(["NF5001", "NF5002"]);
    }

    [Fact]
    public void TheHelpBaseUrlProperty_MovesEveryHelpLink()
    {
        var options = new Options(new Dictionary<string, string> { [NetflowAnalyzer.HelpBaseProperty] = "https://docs.example.com/netflow/diagnostics" },
            new Dictionary<string, IReadOnlyDictionary<string, string>>());
        Analyze(options, ("/src/net.netflow", UnknownName)).ShouldHaveSingleItem()
            .Descriptor.HelpLinkUri.ShouldBe("https://docs.example.com/netflow/diagnostics#nf1001");
    }

    [Fact]
    public void AnEditorConfigSeverityOfNone_ForTheFile_SilencesTheCode()
    {
        Analyze(FileOptions("/src/net.netflow", "netflow_diagnostic.NF1001.severity", "none"), ("/src/net.netflow", UnknownName)).ShouldBeEmpty();
    }

    [Fact]
    public void AnEditorConfigSeverity_AppliesOnlyToTheFilesItsSectionMatches()
    {
        var diagnostics = Analyze(FileOptions("/src/a.netflow", "netflow_diagnostic.nf1001.severity", "none"),
            ("/src/a.netflow", "router a {\n  route default via xa\n}\n"), ("/src/b.netflow", "router b {\n  route default via xb\n}\n"));
        diagnostics.ShouldHaveSingleItem().Location.GetLineSpan().Path.ShouldBe("/src/b.netflow");
    }

    [Theory]
    [InlineData("error", DiagnosticSeverity.Error)]
    [InlineData("warning", DiagnosticSeverity.Warning)]
    [InlineData("suggestion", DiagnosticSeverity.Info)]
    [InlineData("default", DiagnosticSeverity.Error)]
    public void AnEditorConfigSeverity_IsTheSeverityReported(string setting, DiagnosticSeverity expected)
    {
        Analyze(FileOptions("/src/net.netflow", "netflow_diagnostic.NF1001.severity", setting), ("/src/net.netflow", UnknownName))
            .ShouldHaveSingleItem().Severity.ShouldBe(expected);
    }

    /// <summary>
    /// Why the analyzer reads a key of its own: Roslyn turns an .editorconfig section's dotnet_diagnostic severities into
    /// tree options (applied to C# files only) and does not pass them to analyzers, while other keys reach them.
    /// </summary>
    [Fact]
    public void Roslyn_PassesNetflowKeysOfEditorConfigSectionsToAnalyzers_ButKeepsDotnetDiagnosticSeverities()
    {
        var set = AnalyzerConfigSet.Create(ImmutableArray.Create(AnalyzerConfig.Parse(
            "root = true\n[*.netflow]\ndotnet_diagnostic.NF2005.severity = none\nnetflow_diagnostic.NF3007.severity = none\n", "/src/.editorconfig")));
        var options = set.GetOptionsForSourcePath("/src/net.netflow");
        options.AnalyzerOptions.Keys.ShouldBe(["netflow_diagnostic.nf3007.severity"]);
        options.TreeOptions.Keys.Select(k => k.ToUpperInvariant()).ShouldBe(["NF2005"]);
    }
}
