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
    private sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private static ImmutableArray<Diagnostic> Analyze(params (string Path, string Text)[] files)
    {
        var compilation = CSharpCompilation.Create("Consumer",
            [CSharpSyntaxTree.ParseText("public static class Program { public static void Main() { } }")],
            Net100.References.All,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication));
        var options = new AnalyzerOptions([.. files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text))]);
        return compilation.WithAnalyzers([new NetflowAnalyzer()], options).GetAnalyzerDiagnosticsAsync().Result;
    }

    private static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Dsl.sln"))) directory = directory.Parent;
        return directory!.FullName;
    }

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
        diagnostic.Descriptor.HelpLinkUri.ShouldBe("docs/diagnostics.md#nf1001");
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
        supported.Count.ShouldBe(Language.Diagnostics.DiagnosticDescriptors.All.Count);
        supported.ShouldContain("NF4005");
    }
}
