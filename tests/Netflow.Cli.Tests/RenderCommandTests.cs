using System.Text;
using System.Text.RegularExpressions;
using Netflow.Runtime.Tests.Rendering;

namespace Netflow.Cli.Tests;

/// <summary>'netflow render': pictures of the reference architecture and its variants, laid out by the real Graphviz.</summary>
public sealed partial class RenderCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netflow-render-").FullName;
    private static readonly string Sample = Path.Combine(Repository.Root(), "samples", "ibm-cloud-hybrid");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string> { "ibm-cloud-hybrid" };
        foreach (var variant in Directory.GetDirectories(Path.Combine(Repository.Root(), "samples", "variants")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.Combine("variants", Path.GetFileName(variant)));
        }
        return data;
    }

    [Fact]
    public void Topology_Dot_NeedsNoGraphviz_AndGroupsSitesGuestsAndSegments()
    {
        var (exit, dot, error) = Repository.Netflow("render", Sample, "--dot-path", Path.Combine(_directory, "no-dot"));
        exit.ShouldBe(0, error);
        dot.ShouldStartWith("digraph \"netflow\" {");
        // Sites nest: the ICP cluster lies inside vCenter Server, inside IBM Cloud.
        var ibm = dot.IndexOf("subgraph \"cluster_site:ibm-cloud\" {", StringComparison.Ordinal);
        var vcs = dot.IndexOf("subgraph \"cluster_site:ibm-cloud.vcs\" {", StringComparison.Ordinal);
        var icp = dot.IndexOf("subgraph \"cluster_site:ibm-cloud.vcs.icp\" {", StringComparison.Ordinal);
        ibm.ShouldBeGreaterThanOrEqualTo(0);
        vcs.ShouldBeGreaterThan(ibm);
        icp.ShouldBeGreaterThan(vcs);
        // A pod is drawn in the box of the worker it runs on, a VM in its host's.
        Block(dot, "cluster_on:ibm-cloud.iks.worker-1").ShouldContain("\"device:ibm-cloud.iks.web-1\"");
        Block(dot, "cluster_on:ibm-cloud.vcs.esxi-2").ShouldContain("\"device:ibm-cloud.vcs.db\"");
        // Ranges where they belong: the pod network in its cluster's label, a subnet on its segment.
        Block(dot, "cluster_site:ibm-cloud.iks").ShouldContain("pods 172.30.0.0/16 cluster-pod");
        dot.ShouldContain("db-net 192.168.10.0/24");
        // A tunnel is a dashed edge named by its kind.
        dot.ShouldMatch(@"""device:ibm-cloud.vcs.esxi-1"" -> ""device:ibm-cloud.vcs.esxi-2"" \[style=""dashed"".*xlabel=""VXLAN nsx-vxlan""");
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Topology_AndEveryFlow_RenderThroughGraphviz_WithTheirNodesClustersAndNumberedEdges(string sample)
    {
        if (Graphviz.Require() is null) return;
        var folder = Path.Combine(_directory, "out") + Path.DirectorySeparatorChar;
        var path = Path.Combine(Repository.Root(), "samples", sample);
        var (exit, _, error) = Repository.Netflow("render", path, "--format", "svg", "-o", folder);
        exit.ShouldBe(0, error);

        var topology = File.ReadAllText(Path.Combine(folder, "topology.svg"));
        SvgFacts.Clusters(topology).Select(c => c.Title).ShouldContain("cluster_site:ibm-cloud.iks");
        var nodes = SvgFacts.Nodes(topology).Select(n => n.Title).ToList();
        nodes.ShouldContain("device:internet.user");
        nodes.ShouldContain("device:ibm-cloud.vcs.db");
        nodes.ShouldContain("segment:ibm-cloud.vcs.db-switch");
        SvgFacts.Edges(topology).ShouldContain(e => e.Texts.Contains("VXLAN nsx-vxlan"));

        var (_, json, _) = Repository.Netflow("flows", path, "--format", "json");
        using var flows = System.Text.Json.JsonDocument.Parse(json);
        var names = flows.RootElement.GetProperty("flows").EnumerateArray().ToList();
        names.Count.ShouldBeGreaterThan(0);
        foreach (var flow in names)
        {
            var name = flow.GetProperty("name").GetString()!;
            var svg = File.ReadAllText(Path.Combine(folder, name + ".svg"));
            var hops = flow.GetProperty("trace").GetProperty("hops").EnumerateArray().Select(h => h.GetProperty("device").GetString()!).ToList();
            var numbers = SvgFacts.Edges(svg).SelectMany(e => e.Texts).SelectMany(t => t.Split(", "))
                .Select(t => Regex.Match(t, @"^(\d+)(?: |$)").Groups[1].Value).Where(t => t.Length > 0).Select(int.Parse).Order().ToList();
            // Forward legs first, then the reply's, numbered 1, 2, 3... without a gap.
            numbers.ShouldBe(Enumerable.Range(1, numbers.Count).ToList(), $"{sample} {name}");
            numbers.Count.ShouldBeGreaterThanOrEqualTo(Legs(hops), $"{sample} {name}");
            var start = SvgFacts.Nodes(svg).Single(n => n.Title == "device:" + hops[0]);
            start.Texts.ShouldNotBeEmpty();
            var end = SvgFacts.Nodes(svg).Single(n => n.Title == "device:" + hops[^1]);
            end.Texts.ShouldContain(flow.GetProperty("disposition").GetString()!, $"{sample} {name}: the end of the trace is marked");
            SvgFacts.Nodes(svg).Count.ShouldBe(nodes.Count, $"{sample} {name}: the flow is drawn on the whole topology");
        }
    }

    [Fact]
    public void Flow_MarksNatAndEncapsulationWhereTheyHappen()
    {
        var (exit, dot, error) = Repository.Netflow("render", Sample, "--flow", "internet-to-iks-web-other-subnet");
        exit.ShouldBe(0, error);
        NodeLine(dot, "device:ibm-cloud.iks.alb").ShouldContain("proxies as 172.30.1.2:49152 → 172.30.3.10:8080 tcp");
        NodeLine(dot, "device:ibm-cloud.iks.worker-1").ShouldContain("SNAT 192.0.2.10:49152 → 10.73.30.10:49152");
        NodeLine(dot, "device:ibm-cloud.iks.worker-1").ShouldContain("DNAT 203.0.113.18:9443 → 172.30.1.2:9443");
        NodeLine(dot, "device:ibm-cloud.iks.worker-1").ShouldContain("IP-in-IP 10.73.30.10 → 10.73.31.10");
        NodeLine(dot, "device:ibm-cloud.iks.web-3").ShouldContain("ACCEPTED");
        // The IP-in-IP leg crosses the BCR: the workers are on different subnets.
        dot.ShouldMatch(@"""device:ibm-cloud.iks.worker-1"" -> ""device:ibm-cloud.bcr"" \[xlabel=""\d+ IP-in-IP""");
        // Off the path, dimmed.
        NodeLine(dot, "device:on-prem.corp-router").ShouldContain("fontcolor=\"#a0a0a0\"");
    }

    [Fact]
    public void Image_RendersWithoutWhatOnlyTheSourcesSay()
    {
        var image = Path.Combine(_directory, "network.nfx");
        Repository.Netflow("build", Sample, "-o", image).Exit.ShouldBe(0);
        var (exit, dot, error) = Repository.Netflow("render", image, "--flow", "iks-web-to-vcs-db");
        exit.ShouldBe(0, error);
        NodeLine(dot, "device:ibm-cloud.vcs.db").ShouldContain("ACCEPTED");
        dot.ShouldContain("subgraph \"cluster_site:ibm-cloud.iks\"");
        dot.ShouldNotContain("cluster-pod"); // ranges come from the sources only
    }

    [Fact]
    public void Png_IsAPngFile()
    {
        if (Graphviz.Require() is null) return;
        var file = Path.Combine(_directory, "topology.png");
        var (exit, _, error) = Repository.Netflow("render", Sample, "--format", "png", "-o", file);
        exit.ShouldBe(0, error);
        File.ReadAllBytes(file).Take(8).ShouldBe(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10 });
    }

    [Fact]
    public void MissingDot_IsOneLineNamingTheDebianPackage_AndWritesNothing()
    {
        var file = Path.Combine(_directory, "topology.svg");
        var (exit, output, error) = Repository.Netflow("render", Sample, "--format", "svg", "-o", file, "--dot-path", Path.Combine(_directory, "no-dot"));
        exit.ShouldBe(2);
        output.ShouldBeEmpty();
        error.TrimEnd().Split('\n').Length.ShouldBe(1);
        error.ShouldContain("Debian package 'graphviz'");
        File.Exists(file).ShouldBeFalse();
        Directory.GetFiles(_directory).ShouldBeEmpty();
    }

    [Fact]
    public void UsageErrors_AreOneClearLine()
    {
        var (exit, _, error) = Repository.Netflow("render", Sample, "--format", "png");
        exit.ShouldBe(2);
        error.ShouldContain("-o");
        (exit, _, error) = Repository.Netflow("render", Sample, "--flow", "no-such-flow");
        exit.ShouldBe(2);
        error.ShouldContain("no flow is called 'no-such-flow'");
        error.ShouldContain("iks-web-to-vcs-db");
        (exit, _, _) = Repository.Netflow("render", Sample, "--format", "gif");
        exit.ShouldBe(2);
    }

    [Fact]
    public void Output_ReplacesAnExistingFileWhole()
    {
        var file = Path.Combine(_directory, "picture.dot");
        File.WriteAllText(file, new string('x', 1_000_000));
        var (exit, _, error) = Repository.Netflow("render", Sample, "-o", file);
        exit.ShouldBe(0, error);
        File.ReadAllText(file).ShouldStartWith("digraph");
        Directory.GetFiles(_directory).ShouldBe([file]);
    }

    /// <summary>docs/images holds what the documented command writes today (README: "Pictures").</summary>
    [Fact]
    public void DocsImages_AreCurrent()
    {
        var dot = Graphviz.Require();
        if (dot is null) return;
        var images = Path.Combine(Repository.Root(), "docs", "images");
        var folder = Path.Combine(_directory, "images") + Path.DirectorySeparatorChar;
        var (exit, _, error) = Repository.Netflow("render", Sample, "--format", "svg", "-o", folder);
        exit.ShouldBe(0, error);
        var regenerate = "regenerate them with: dotnet run --project compiler/Netflow.Cli -- render samples/ibm-cloud-hybrid --format svg -o docs/images/";
        Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .ShouldBe(Directory.GetFiles(images, "*.svg").Select(Path.GetFileName).Order(StringComparer.Ordinal), regenerate);
        foreach (var file in Directory.GetFiles(folder))
        {
            var fresh = File.ReadAllText(file);
            var committed = File.ReadAllText(Path.Combine(images, Path.GetFileName(file)));
            if (GraphvizVersion(fresh) == GraphvizVersion(committed)) fresh.ShouldBe(committed, $"{Path.GetFileName(file)} is stale; {regenerate}");
            else
            {
                // Another Graphviz lays out differently: what is drawn must still be the same.
                Drawn(fresh).ShouldBe(Drawn(committed), $"{Path.GetFileName(file)} is stale; {regenerate}");
            }
        }
    }

    private static string GraphvizVersion(string svg) => GeneratedBy().Match(svg).Value;

    private static List<string> Drawn(string svg) =>
        SvgFacts.Nodes(svg).Concat(SvgFacts.Edges(svg)).Concat(SvgFacts.Clusters(svg))
            .Select(e => e.Title + ": " + string.Join(" | ", e.Texts)).Order(StringComparer.Ordinal).ToList();

    private static int Legs(List<string> hops) => hops.Zip(hops.Skip(1)).Count(pair => pair.First != pair.Second);

    private static string NodeLine(string dot, string id) =>
        dot.Split('\n').Single(line => line.TrimStart().StartsWith($"\"{id}\" [", StringComparison.Ordinal));

    /// <summary>The text of a subgraph block, from its opening line to its closing brace.</summary>
    private static string Block(string dot, string subgraph)
    {
        var lines = dot.Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimStart().StartsWith($"subgraph \"{subgraph}\" {{", StringComparison.Ordinal));
        start.ShouldBeGreaterThanOrEqualTo(0, subgraph);
        var indent = lines[start].Length - lines[start].TrimStart().Length;
        var end = Array.FindIndex(lines, start + 1, l => l == new string(' ', indent) + "}");
        return string.Join('\n', lines[start..end]);
    }

    [GeneratedRegex(@"Generated by graphviz version [^\n]*")]
    private static partial Regex GeneratedBy();
}
