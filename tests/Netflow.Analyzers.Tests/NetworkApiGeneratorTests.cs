using System.Collections.Immutable;
using System.Net;
using System.Reflection;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Netflow.Runtime;
using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;

namespace Netflow.Analyzers.Tests;

/// <summary>The generated C# API, from .netflow AdditionalFiles, compiled offline and run.</summary>
public sealed class NetworkApiGeneratorTests
{
    /// <summary>The MSBuild properties the compiler passes to generators (build_property.X).</summary>
    internal sealed class Properties(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        private sealed class Values(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }

        public override AnalyzerConfigOptions GlobalOptions => new Values(values);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Values(new Dictionary<string, string>());

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Values(new Dictionary<string, string>());
    }

    private static readonly CSharpParseOptions Net8Default = new(LanguageVersion.CSharp12);

    internal static IEnumerable<MetadataReference> References(bool runtime) =>
        runtime ? [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(CompiledNetwork).Assembly.Location)] : Net100.References.All;

    internal static (Compilation Output, ImmutableArray<Diagnostic> Diagnostics, string? Source) Generate(
        string code, IEnumerable<AdditionalText> files, bool runtime = true, Dictionary<string, string>? properties = null) =>
        Generate(CSharpSyntaxTree.ParseText(code, Net8Default), files, properties, runtime);

    internal static (Compilation Output, ImmutableArray<Diagnostic> Diagnostics, string? Source) Generate(
        SyntaxTree code, IEnumerable<AdditionalText> files, Dictionary<string, string>? properties, bool runtime = true)
    {
        var compilation = CSharpCompilation.Create("Consumer", [code.WithRootAndOptions(code.GetRoot(), Net8Default)], References(runtime),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                // As the SDK does: the runtime is built for .NET 8, the references are .NET 10's.
                .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress }));
        properties ??= new() { ["build_property.RootNamespace"] = "Consumer", ["build_property.ProjectDir"] = "/src/consumer/" };
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new NetworkApiGenerator().AsSourceGenerator()], files, Net8Default, new Properties(properties));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var run = driver.GetRunResult();
        if (run.Results[0].Exception is { } exception) throw exception;
        var source = run.GeneratedTrees.SingleOrDefault()?.GetText().ToString();
        return (output, diagnostics, source);
    }

    private static AdditionalText[] Consumer() => InMemoryAdditionalText.Folder("samples/csharp-consumer/network");

    private static Assembly Load(Compilation compilation)
    {
        using var bytes = new MemoryStream();
        var emitted = compilation.Emit(bytes);
        emitted.Success.ShouldBeTrue(string.Join("\n", emitted.Diagnostics));
        return Assembly.Load(bytes.ToArray());
    }

    private static object? Property(Assembly assembly, string type, string property) =>
        assembly.GetType(type, throwOnError: true)!.GetProperty(property, BindingFlags.Public | BindingFlags.Static)!.GetValue(null);

    [Fact]
    public void TheConsumerSample_GetsAnApiThatCompilesCleanly_AndRunsItsFlowFromTheEmbeddedImage()
    {
        var (output, diagnostics, source) = Generate("", Consumer());

        diagnostics.ShouldBeEmpty();
        output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ShouldBeEmpty();
        source.ShouldNotBeNull().ShouldContain("public static global::Netflow.Runtime.NetworkFlow DeskToApp =>");
        var assembly = Load(output);

        var flow = (NetworkFlow)Property(assembly, "Consumer.Network", "DeskToApp")!;
        flow.Name.ShouldBe("desk-to-app");
        var result = flow.Run();
        result.Disposition.ShouldBe(Disposition.Accepted);
        result.Passed.ShouldBeTrue(string.Join("; ", result.Failures));
        result.Forward.Hops.Count.ShouldBeGreaterThan(1);
        ((NetworkDevice)Property(assembly, "Consumer.Network+Office", "Desk")!).Name.ShouldBe("office.desk");
        ((NetworkDevice)Property(assembly, "Consumer.Network+Dc", "App")!).Kind.ShouldBe(DeviceKind.Vm);
        Property(assembly, "Consumer.Network+Office", "Lan").ShouldBe(IPNetwork.Parse("10.10.0.0/24"));
    }

    [Fact]
    public void TheEmbeddedImage_NamesItsSourcesRelativeToTheProject()
    {
        var files = Consumer().Select(f => new InMemoryAdditionalText("/src/consumer/network/" + Path.GetFileName(f.Path), f.GetText()!.ToString())).ToArray();
        var (output, _, _) = Generate("", files);

        var network = (CompiledNetwork)Property(Load(output), "Consumer.Network", "Compiled")!;

        network.Image.Location(network.Image.Flows.Source[0]).ShouldBe("network/flows.netflow(1,6)");
    }

    [Fact]
    public void AnyLegalNetflowName_BecomesAValidDistinctIdentifier()
    {
        // A keyword, names that come out the same, a member named like its site, names of inherited members and of the
        // class's own infrastructure, a leading underscore and digit, and a site nested in a site.
        var network = """
            site class {
              range web-1 10.1.0.0/24
              range web_1 10.1.1.0/24
              range Web-1 10.1.2.0/24
              range web1 10.1.3.0/24
              segment lan vlan 1 ranges web-1, web_1, Web-1, web1
              client class-c {
                interface eth0 10.1.0.10 on lan
              }
              client _1 {
                interface eth0 10.1.0.11 on lan
              }
              client equals {
                interface eth0 10.1.0.12 on lan
              }
              client compiled {
                interface eth0 10.1.0.13 on lan
              }
              site inner {
                range inner 10.2.0.0/24
                segment inner-lan vlan 2 ranges inner
                client class {
                  interface eth0 10.2.0.10 on inner-lan
                }
              }
            }
            client compiled {
              interface eth0 10.1.0.14 on class.lan
            }
            client network {
              interface eth0 10.1.0.15 on class.lan
            }
            flow image-bytes {
              from class._1
              to class.equals port 22 tcp
              expect accepted
            }
            """;
        var (output, diagnostics, source) = Generate("", [new InMemoryAdditionalText("/src/consumer/net.netflow", network)]);

        diagnostics.ShouldBeEmpty();
        output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ShouldBeEmpty(source);
        var assembly = Load(output);
        var site = assembly.GetType("Consumer.Network+Class", throwOnError: true)!;
        site.GetProperties().Select(p => p.Name).Order(StringComparer.Ordinal).ShouldBe(
            ["ClassC", "Compiled", "Equals_2", "Web1", "Web1_2", "Web1_3", "Web_1", "_1"]);
        ((IPNetwork)Property(assembly, "Consumer.Network+Class", "Web1")!).ShouldBe(IPNetwork.Parse("10.1.2.0/24"));
        ((NetworkDevice)Property(assembly, "Consumer.Network+Class+Inner", "Class")!).Name.ShouldBe("class.inner.class");
        ((NetworkDevice)Property(assembly, "Consumer.Network", "Compiled_2")!).Name.ShouldBe("compiled");
        ((NetworkDevice)Property(assembly, "Consumer.Network", "Network_2")!).Name.ShouldBe("network");
        ((NetworkFlow)Property(assembly, "Consumer.Network", "ImageBytes_2")!).Run().Disposition.ShouldBe(Disposition.Accepted);
    }

    [Fact]
    public void TheNetworkIsCompiledAgain_OnlyWhenANetflowFileChanges_NotOnCSharpEdits()
    {
        var compilation = CSharpCompilation.Create("Consumer", [CSharpSyntaxTree.ParseText("class A { }", Net8Default)], References(runtime: true));
        var files = Consumer();
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new NetworkApiGenerator().AsSourceGenerator()], files, Net8Default,
            new Properties(new Dictionary<string, string>()), new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        IncrementalStepRunReason Compiled(GeneratorDriver run) =>
            run.GetRunResult().Results[0].TrackedSteps[NetworkApiGenerator.CompileStep].Single().Outputs.Single().Reason;
        driver = driver.RunGenerators(compilation);
        Compiled(driver).ShouldBe(IncrementalStepRunReason.New);

        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees[0], CSharpSyntaxTree.ParseText("class A { int x; }", Net8Default));
        driver = driver.RunGenerators(edited);
        Compiled(driver).ShouldBe(IncrementalStepRunReason.Cached);

        var office = files.Single(f => f.Path.EndsWith("office.netflow", StringComparison.Ordinal));
        driver = driver.ReplaceAdditionalText(office, new InMemoryAdditionalText(office.Path, office.GetText()!.ToString().Replace("A desk PC", "The desk PC", StringComparison.Ordinal)));
        driver = driver.RunGenerators(edited);
        Compiled(driver).ShouldBe(IncrementalStepRunReason.Modified);
    }

    [Fact]
    public void WithoutTheRuntimePackage_NothingIsGenerated()
    {
        var (output, diagnostics, source) = Generate("", Consumer(), runtime: false);

        source.ShouldBeNull();
        diagnostics.ShouldBeEmpty();
        output.SyntaxTrees.ShouldHaveSingleItem();
    }

    [Fact]
    public void NetflowNetworkClass_NamesTheClass_AndAnInvalidNameIsNF5003()
    {
        var (output, _, _) = Generate("", Consumer(), properties: new() { [NetworkApiGenerator.ClassProperty] = "My.Company.Topology" });
        Load(output).GetType("My.Company.Topology", throwOnError: true);

        var (_, diagnostics, source) = Generate("", Consumer(), properties: new() { [NetworkApiGenerator.ClassProperty] = "My.class" });
        source.ShouldBeNull();
        var diagnostic = diagnostics.ShouldHaveSingleItem();
        diagnostic.Id.ShouldBe("NF5003");
        diagnostic.GetMessage().ShouldContain("'My.class'");
    }

    [Fact]
    public void ANetworkWithErrorsThatLeaveNoImage_StillGetsItsMembers_WhichThrowWhenUsed()
    {
        // The C# code must compile, or the compiler runs no analyzer and the .netflow errors go unreported.
        var (output, diagnostics, source) = Generate("", [new InMemoryAdditionalText("/src/consumer/net.netflow", "client a {\n  route default via nowhere\n}\n")]);

        diagnostics.ShouldBeEmpty();
        source.ShouldNotBeNull().ShouldContain("public static global::Netflow.Runtime.NetworkDevice A =>");
        var getter = Load(output).GetType("Consumer.Network", throwOnError: true)!.GetProperty("A")!;
        Should.Throw<TargetInvocationException>(() => getter.GetValue(null)).InnerException.ShouldBeOfType<InvalidOperationException>()
            .Message.ShouldContain("had errors when this was built");
    }
}
