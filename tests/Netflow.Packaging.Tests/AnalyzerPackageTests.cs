using System.IO.Compression;
using System.Text.RegularExpressions;

namespace Netflow.Packaging.Tests;

/// <summary>
/// The analyzer and the runtime, packed once from their builds into a local folder feed in a temporary folder, with a
/// package folder of its own, so that no package restored earlier can satisfy a restore.
/// </summary>
public sealed class PackedAnalyzer : IDisposable
{
    public const string Version = "0.0.0-test";

    public DirectoryInfo Temp { get; } = Directory.CreateTempSubdirectory("netflow-analyzer-package-");

    public string Feed => Path.Combine(Temp.FullName, "feed");

    public Dotnet Dotnet { get; }

    public PackedAnalyzer()
    {
        Dotnet = new Dotnet(Path.Combine(Temp.FullName, "packages"));
        foreach (var project in (string[])["analyzers/Netflow.Analyzers", "runtime/Netflow.Runtime"])
        {
            Dotnet.Succeed(Dotnet.Root, "pack", project, "--no-build", "-c", Dotnet.Configuration, "-o", Feed, $"-p:PackageVersion={Version}");
        }
    }

    public void Dispose() => Temp.Delete(recursive: true);
}

/// <summary>The packages as a user gets them, restored from the local feed by a copy of samples/csharp-consumer.</summary>
public sealed class AnalyzerPackageTests(PackedAnalyzer packed) : IClassFixture<PackedAnalyzer>
{
    private const string Version = PackedAnalyzer.Version;

    private string Feed => packed.Feed;

    private string Consumer => Path.Combine(packed.Temp.FullName, "consumer");

    [Fact]
    public void ThePackage_HoldsTheAnalyzerAndEveryAssemblyItLoads_AndNoLibOrDependencies()
    {
        using var package = ZipFile.OpenRead(Path.Combine(Feed, $"Netflow.Analyzers.{Version}.nupkg"));
        var entries = package.Entries.Select(e => e.FullName).ToList();
        entries.Where(e => e.StartsWith("analyzers/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ShouldBe(
        [
            "analyzers/dotnet/cs/Netflow.Analyzers.dll", "analyzers/dotnet/cs/Netflow.Compiler.dll", "analyzers/dotnet/cs/Netflow.Language.dll",
            "analyzers/dotnet/cs/Netflow.Runtime.dll", "analyzers/dotnet/cs/Pidgin.dll", "analyzers/dotnet/cs/QuikGraph.dll",
        ]);
        entries.ShouldContain("buildTransitive/Netflow.Analyzers.props");
        entries.ShouldNotContain(e => e.StartsWith("lib/", StringComparison.Ordinal));
        using var nuspec = new StreamReader(package.GetEntry("Netflow.Analyzers.nuspec")!.Open());
        nuspec.ReadToEnd().ShouldNotContain("<dependency ");
    }

    [Fact]
    public void TheRuntimePackage_HoldsTheRuntimeLibrary_AndNoDependencies()
    {
        using var package = ZipFile.OpenRead(Path.Combine(Feed, $"Netflow.Runtime.{Version}.nupkg"));
        package.Entries.Select(e => e.FullName).Where(e => e.StartsWith("lib/", StringComparison.Ordinal)).ShouldBe(["lib/net8.0/Netflow.Runtime.dll"]);
        using var nuspec = new StreamReader(package.GetEntry("Netflow.Runtime.nuspec")!.Open());
        nuspec.ReadToEnd().ShouldNotContain("<dependency ");
    }

    [Fact]
    public void TheConsumer_BuildsClean_RunsAFlowThroughTheGeneratedApi_FailsAtABrokenNetflowLine_AndBuildsAgainWhenFixed()
    {
        var dotnet = packed.Dotnet;
        Dotnet.Copy(Path.Combine(Dotnet.Root, "samples", "csharp-consumer"), Consumer);
        File.WriteAllText(Path.Combine(Consumer, "NuGet.config"),
            $"<configuration><packageSources><clear /><add key=\"feed\" value=\"{Feed}\" /></packageSources></configuration>");
        string[] build = ["build", "--disable-build-servers", "-v:m", $"-p:NetflowVersion={Version}"];

        // As shipped: no diagnostics at all, the unused range's NF2005 being set to none by the sample's .editorconfig.
        var (exit, output) = dotnet.Run(Consumer, build);
        exit.ShouldBe(0, output);
        output.ShouldNotContain("NF", Case.Sensitive, output);

        // The program runs its flow through the generated API, from the image the build embedded.
        (exit, output) = dotnet.Run(Consumer, Path.Combine("bin", "Debug", "net10.0", "CsharpConsumer.dll"));
        exit.ShouldBe(0, output);
        output.ShouldStartWith("desk-to-app: ACCEPTED at dc.app\n", customMessage: output);
        output.ShouldContain("office.desk is on the office LAN, 10.10.0.0/24.");

        // A wrong name fails the build at its line; a duplicate route is quiet, set to none by a .globalconfig.
        var office = Path.Combine(Consumer, "network", "office.netflow");
        var datacentre = Path.Combine(Consumer, "network", "datacentre.netflow");
        var good = File.ReadAllText(office);
        Edit(office, "via dc.core", "via dc.cor");
        Edit(datacentre, "    route 10.10.0.0/24 via office.gw\n", "    route 10.10.0.0/24 via office.gw\n    route 10.10.0.0/24 via office.gw\n");
        File.WriteAllText(Path.Combine(Consumer, ".globalconfig"), "is_global = true\ndotnet_diagnostic.NF3007.severity = none\n");
        // The compiler's own SARIF log shows the help links, which NetflowHelpBaseUrl moves.
        var log = Path.Combine(Consumer, "build.sarif");
        (exit, output) = dotnet.Run(Consumer, [.. build, "-p:NetflowHelpBaseUrl=https://docs.example.com/netflow/diagnostics.md", $"-p:ErrorLog={log}%2Cversion=2.1"]);
        exit.ShouldNotBe(0, output);
        output.ShouldMatch(@"office\.netflow\(16,\d+\): error NF1001: [^\n]*'dc\.cor'");
        output.ShouldNotContain("NF3007", Case.Sensitive, output);
        File.ReadAllText(log).ShouldContain("\"https://docs.example.com/netflow/diagnostics.md#nf1001\"");

        // The package's opt-out: with NetflowIncludeNetflowFiles=false no .netflow file reaches the analyzer or the
        // generator, so there is no generated API for Program.cs to use.
        (exit, output) = dotnet.Run(Consumer, [.. build, "-p:NetflowIncludeNetflowFiles=false"]);
        output.ShouldNotContain("NF1001", Case.Sensitive, output);
        output.ShouldContain("error CS0246: The type or namespace name 'CsharpConsumer' could not be found", Case.Sensitive, output);

        File.WriteAllText(office, good);
        (exit, output) = dotnet.Run(Consumer, build);
        exit.ShouldBe(0, output);
        Regex.IsMatch(output, @"\bNF\d{4}\b").ShouldBeFalse(output);
    }

    private static void Edit(string path, string from, string to)
    {
        var text = File.ReadAllText(path);
        text.ShouldContain(from);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }
}
