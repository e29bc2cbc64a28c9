using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Netflow.Testing;
using NetflowDiagnostic = Netflow.Language.Diagnostics.Diagnostic;
using NetflowDescriptors = Netflow.Language.Diagnostics.DiagnosticDescriptors;
using NetflowSourceText = Netflow.Language.Text.SourceText;

namespace Netflow.Analyzers.Tests;

/// <summary>
/// NF5001-NF5003 (C# code of a project with .netflow files) and NF0016 (the analyzer's own limit), in builds with the
/// generated API, the runtime and every analyzer.
/// </summary>
public sealed class NetworkNameAnalyzerTests
{
    /// <summary>What the build reports: the generator's diagnostics, the compiler's warnings and errors, every analyzer's.</summary>
    private static ImmutableArray<Diagnostic> Build(string code, AdditionalText[] files, Dictionary<string, string>? properties = null, string path = "/src/consumer/Program.cs")
    {
        properties ??= [];
        properties.TryAdd("build_property.RootNamespace", "Consumer");
        var tree = CSharpSyntaxTree.ParseText(code, path: path);
        var (output, generated, _) = NetworkApiGeneratorTests.Generate(tree, files, properties);
        var options = new AnalyzerOptions([.. files], new NetworkApiGeneratorTests.Properties(properties));
        var analyzed = output.WithAnalyzers([new NetworkNameAnalyzer(), new NetflowAnalyzer()], options).GetAllDiagnosticsAsync().Result;
        return [.. generated, .. analyzed.Where(d => d.Severity >= DiagnosticSeverity.Warning)];
    }

    private static readonly AdditionalText[] Office = InMemoryAdditionalText.Folder("samples/broken/NF5001-unknown-flow-name-in-csharp-code");

    [Fact]
    public void StringsThatNameNoFlowOrDevice_AreReported_WithTheNameMeant()
    {
        const string code = """
            using Netflow.Runtime;
            public static class Program
            {
                private const string Printer = "office.printr";

                public static void Main()
                {
                    var network = Consumer.Network.Compiled;
                    network.Run("desk-to-printer");
                    network.Device("office.desk");
                    network.Run("desk-to-printr");
                    network.Flow("office");
                    network.Device("desk");
                    network.Device(Printer);
                    network.Device(System.Environment.GetEnvironmentVariable("DEVICE") ?? "");
                }
            }
            """;

        var diagnostics = Build(code, Office);

        diagnostics.Select(d => $"{d.Location.GetLineSpan().StartLinePosition.Line + 1}: {d.Id} {d.GetMessage()}").ShouldBe(
        [
            "11: NF5001 No flow called 'desk-to-printr' is declared in this project's .netflow files; did you mean 'desk-to-printer'?",
            "12: NF5001 No flow called 'office' is declared in this project's .netflow files.",
            "13: NF5002 No device called 'desk' is declared in this project's .netflow files; did you mean 'office.desk'?",
            "14: NF5002 No device called 'office.printr' is declared in this project's .netflow files; did you mean 'office.printer'?",
        ]);
        diagnostics.ShouldAllBe(d => d.Severity == DiagnosticSeverity.Warning);
        diagnostics[0].Descriptor.HelpLinkUri.ShouldEndWith("diagnostics.md#nf5001");
    }

    [Fact]
    public void WithoutNetflowFiles_NothingIsChecked()
    {
        const string code = "public static class Program { public static void Run(Netflow.Runtime.CompiledNetwork network) => network.Run(\"nothing\"); }";
        Build(code, []).ShouldBeEmpty();
        Build(code, Office).ShouldHaveSingleItem().Id.ShouldBe("NF5001");
    }

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        // A sample folder with a Program.cs is a C# project's.
        foreach (var folder in Directory.EnumerateDirectories(Repository.Path("samples", "broken")).Where(f => File.Exists(Path.Combine(f, "Program.cs"))).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(folder));
        }
        return data;
    }

    /// <summary>Each C# sample folder: its .netflow files, Program.cs and the MSBuild properties in 'properties', built; check.golden shows what the build reports.</summary>
    [Theory]
    [MemberData(nameof(Samples))]
    public void CSharpSample_ShowsExactlyItsExpectedDiagnostics(string name)
    {
        var folder = Repository.Path("samples", "broken", name);
        var program = Path.Combine(folder, "Program.cs");
        var settings = Path.Combine(folder, "properties");
        var properties = File.Exists(settings)
            ? File.ReadAllLines(settings).Select(l => l.Split('=', 2)).ToDictionary(p => "build_property." + p[0].Trim(), p => p[1].Trim())
            : [];

        var diagnostics = Build(File.ReadAllText(program), InMemoryAdditionalText.Folder(Path.Combine("samples", "broken", name)), properties, program);

        var located = diagnostics.Where(d => d.Location.Kind != LocationKind.None).Select(ToNetflow);
        var unlocated = diagnostics.Where(d => d.Location.Kind == LocationKind.None).Select(d => $"{d.Severity.ToString().ToLowerInvariant()} {d.Id}: {d.GetMessage()}\n");
        Golden.Check($"samples/broken/{name}/check.golden", (located.Any() ? Golden.Annotate(located) : "") + string.Concat(unlocated));
        var code = name[..6];
        diagnostics.ShouldContain(d => d.Id == code);
    }

    private static NetflowDiagnostic ToNetflow(Diagnostic diagnostic)
    {
        // In C# code, or in a .netflow file (an additional file, which has no syntax tree).
        var path = diagnostic.Location.GetLineSpan().Path;
        var text = diagnostic.Location.SourceTree?.GetText().ToString() ?? File.ReadAllText(path);
        var span = diagnostic.Location.SourceSpan;
        return new NetflowDiagnostic(NetflowDescriptors.Find(diagnostic.Id)!,
            new(new NetflowSourceText(path, text), new(span.Start, span.Length)), diagnostic.GetMessage(), []);
    }
}
