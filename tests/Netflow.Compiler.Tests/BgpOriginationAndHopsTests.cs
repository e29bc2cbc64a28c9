using Netflow.Language.Routing;
using Netflow.Language.Text;
using Netflow.Testing;
using DeviceSymbol = Netflow.Language.Binding.DeviceSymbol;

namespace Netflow.Compiler.Tests;

/// <summary>
/// What real speakers originate and which eBGP neighbours they accept (found by a network architect's review of the
/// sample): a prefix is announced only when the speaker's table holds it (FRR's 'network' with import-check, BIRD), and
/// an eBGP neighbour must be one hop away (TTL 1) unless the line says 'multihop' (FRR's ebgp-multihop); iBGP need not.
/// </summary>
public sealed class BgpOriginationAndHopsTests
{
    private static DeviceSymbol Device(Language.Compilation compilation, string name) =>
        compilation.Model.Devices.Single(d => d.QualifiedName == name);

    private static bool Learns(Language.Compilation compilation, string device, string prefix, string from) =>
        compilation.Routes[Device(compilation, device)].Entries.Any(e => e.Source == RouteSource.Bgp && e.Prefix.ToString() == prefix && e.LearnedFrom?.QualifiedName == from);

    private const string WorkerOneBgp = "bgp as 64512 advertises pods-worker-1";

    [Fact]
    public void APrefixTheSpeakerHasNoRouteFor_IsNotOriginated_AndIsReportedAtIt()
    {
        var files = Samples.Files("samples/ibm-cloud-hybrid");
        files["iks.netflow"].ShouldContain(WorkerOneBgp + "\n");
        files["iks.netflow"] = files["iks.netflow"].Replace(WorkerOneBgp + "\n", WorkerOneBgp + ", 172.31.0.0/16\n", StringComparison.Ordinal);

        var result = Checker.Check(Samples.Compile(files));

        var warning = result.Diagnostics.ShouldHaveSingleItem();
        warning.Code.ShouldBe("NF3035");
        warning.IsError.ShouldBeFalse();
        warning.Location.Path.ShouldBe("iks.netflow");
        warning.Location.Span.Start.ShouldBe(files["iks.netflow"].IndexOf("172.31.0.0/16", StringComparison.Ordinal));
        warning.Message.ShouldContain("'ibm-cloud.iks.worker-1' advertises 172.31.0.0/16 over BGP, but it has no route for 172.31.0.0/16, nor for any part of it");
        warning.Message.ShouldContain("'route 172.31.0.0/16 drop'");
        Learns(result.Compilation, "ibm-cloud.bcr", "172.31.0.0/16", "ibm-cloud.iks.worker-1").ShouldBeFalse();
        // The worker's own block is still announced.
        Learns(result.Compilation, "ibm-cloud.bcr", "172.30.1.0/24", "ibm-cloud.iks.worker-1").ShouldBeTrue();
    }

    [Fact]
    public void ACalicoWorkersServiceRange_IsOriginatedWithoutARoute_AsServiceClusterIPsAre()
    {
        var files = Samples.Files("samples/ibm-cloud-hybrid");
        files["iks.netflow"] = files["iks.netflow"].Replace(WorkerOneBgp + "\n", WorkerOneBgp + ", services\n", StringComparison.Ordinal);

        var result = Checker.Check(Samples.Compile(files));

        result.Diagnostics.Where(d => d.Code == "NF3035").ShouldBeEmpty();
        Learns(result.Compilation, "ibm-cloud.bcr", "172.21.0.0/16", "ibm-cloud.iks.worker-1").ShouldBeTrue();
    }

    [Fact]
    public void APrefixTheSpeakerHoldsByANullRoute_IsOriginated()
    {
        var files = Samples.Files("samples/ibm-cloud-hybrid");
        files["iks.netflow"] = files["iks.netflow"].Replace(WorkerOneBgp + "\n",
            WorkerOneBgp + ", 172.31.0.0/16\n      route 172.31.0.0/16 drop\n", StringComparison.Ordinal);

        var result = Checker.Check(Samples.Compile(files));

        result.Diagnostics.Select(d => d.ToString()).ShouldBeEmpty();
        Learns(result.Compilation, "ibm-cloud.bcr", "172.31.0.0/16", "ibm-cloud.iks.worker-1").ShouldBeTrue();
    }

    /// <summary>
    /// The sample's speakers hold what they announce: each worker its Calico block (the blackhole route Calico's IPAM puts
    /// on the node, and its pods' routes), the ESG the vCenter Server VM network (its transit and database routes, a
    /// summary) and the ICP worker nodes network (connected).
    /// </summary>
    [Fact]
    public void TheSamplesSpeakers_OriginateEverythingTheyAdvertise()
    {
        var result = Checker.Check(Samples.Compile(Samples.Files("samples/ibm-cloud-hybrid")));

        result.Diagnostics.ShouldBeEmpty();
        foreach (var (prefix, from) in new[]
                 {
                     ("172.30.1.0/24", "ibm-cloud.iks.worker-1"), ("172.30.2.0/24", "ibm-cloud.iks.worker-2"), ("172.30.3.0/24", "ibm-cloud.iks.worker-3"),
                     ("192.168.0.0/20", "ibm-cloud.vcs.esg"), ("192.168.20.0/24", "ibm-cloud.vcs.esg"),
                 })
        {
            Learns(result.Compilation, "ibm-cloud.bcr", prefix, from).ShouldBeTrue(prefix);
        }
    }

    /// <summary>A Calico worker announces its block before any pod runs there: Calico's IPAM holds it by a blackhole route.</summary>
    [Fact]
    public void AWorkersBlockWithoutPods_IsOriginated()
    {
        const string text = """
range l1 10.0.1.0/30
segment s1 link ranges l1
router r {
  interface to-w 10.0.1.1 on s1
  bgp as 65001
  bgp peer k8s.w
}
site k8s {
  range pods 172.30.0.0/16 cluster-pod {
    range pods-w 172.30.1.0/24
  }
  worker w {
    interface a 10.0.1.2 on s1
    bgp as 64512 advertises pods-w
    bgp peer r
  }
}
""";
        var result = Checker.Check([new SourceText("net.netflow", text)]);

        result.Diagnostics.Select(d => d.ToString()).ShouldBeEmpty();
        Learns(result.Compilation, "r", "172.30.1.0/24", "k8s.w").ShouldBeTrue();
    }

    /// <summary>
    /// Worker-3 (private VLAN B) peering the ESG (on the vCenter Server VLAN) across the BCR: the eBGP session would need
    /// two hops, and a speaker sends with TTL 1 unless told ebgp-multihop. It came up before.
    /// </summary>
    private static Dictionary<string, string> WorkerThreePeeringTheEsgAcrossTheBcr(bool multihop)
    {
        var files = Samples.Files("samples/ibm-cloud-hybrid");
        var suffix = multihop ? " multihop" : "";
        const string worker = "bgp as 64512 advertises pods-worker-3\n      bgp peer bcr\n";
        files["iks.netflow"].ShouldContain(worker);
        files["iks.netflow"] = files["iks.netflow"].Replace(worker, $"bgp as 64512 advertises pods-worker-3\n      bgp peer 10.73.40.2{suffix}\n", StringComparison.Ordinal);
        files["vcenter.netflow"] = files["vcenter.netflow"].Replace("      bgp peer bcr\n", $"      bgp peer bcr\n      bgp peer 10.73.31.10{suffix}\n", StringComparison.Ordinal);
        files["ibm-cloud-network.netflow"] = files["ibm-cloud-network.netflow"].Replace("    bgp peer iks.worker-3\n", "", StringComparison.Ordinal);
        return files;
    }

    [Fact]
    public void AnEbgpPeerReachedThroughARouter_StaysDown_AndSaysHowToFixIt()
    {
        var files = WorkerThreePeeringTheEsgAcrossTheBcr(multihop: false);

        var result = Checker.Check(Samples.Compile(files));

        var down = result.Diagnostics.ShouldHaveSingleItem();
        down.Code.ShouldBe("NF3034");
        down.Location.Path.ShouldBe("iks.netflow");
        down.Location.Start.Line.ShouldBe(Array.FindIndex(files["iks.netflow"].Split('\n'), l => l.Trim() == "bgp peer 10.73.40.2"));
        down.Message.ShouldContain("'ibm-cloud.iks.worker-3' and 'ibm-cloud.vcs.esg' are eBGP peers (AS 64512 and AS 65010), but 'ibm-cloud.iks.worker-3' reaches 10.73.40.2, "
            + "the address it has the neighbour at, through 'ibm-cloud.bcr' by its route 10.0.0.0/8 (iks.netflow line 66)");
        down.Message.ShouldContain("Write 'multihop' at the end of the 'bgp peer' lines of both ends");
        down.RelatedLocations.ShouldHaveSingleItem().Location.Path.ShouldBe("vcenter.netflow");
        Learns(result.Compilation, "ibm-cloud.vcs.esg", "172.30.3.0/24", "ibm-cloud.iks.worker-3").ShouldBeFalse();
        Learns(result.Compilation, "ibm-cloud.iks.worker-3", "192.168.0.0/20", "ibm-cloud.vcs.esg").ShouldBeFalse();
    }

    [Fact]
    public void AnEbgpPeerReachedThroughARouter_ComesUpWhenBothEndsSayMultihop()
    {
        var result = Checker.Check(Samples.Compile(WorkerThreePeeringTheEsgAcrossTheBcr(multihop: true)));

        result.Diagnostics.Where(d => d.Code is "NF3034" or "NF3003").ShouldBeEmpty();
        Learns(result.Compilation, "ibm-cloud.iks.worker-3", "192.168.0.0/20", "ibm-cloud.vcs.esg").ShouldBeTrue();
    }

    [Fact]
    public void OneEndWithoutMultihop_IsTheOneReported()
    {
        var files = WorkerThreePeeringTheEsgAcrossTheBcr(multihop: true);
        files["vcenter.netflow"] = files["vcenter.netflow"].Replace("bgp peer 10.73.31.10 multihop\n", "bgp peer 10.73.31.10\n", StringComparison.Ordinal);

        var down = Checker.Check(Samples.Compile(files)).Diagnostics.ShouldHaveSingleItem();

        down.Code.ShouldBe("NF3034");
        down.Location.Path.ShouldBe("vcenter.netflow");
        down.Message.ShouldContain("Write 'multihop' at the end of this 'bgp peer' line");
    }

    /// <summary>iBGP is multi-hop by default: two speakers of one AS peer across a router without saying so.</summary>
    [Fact]
    public void AnIbgpPeerReachedThroughARouter_ComesUp()
    {
        const string text = """
range s1 10.1.0.0/24
segment seg1 vlan 1 ranges s1
range s2 10.2.0.0/24
segment seg2 vlan 2 ranges s2
range a-lan 10.4.0.0/24
segment a-seg vlan 4 ranges a-lan
router a {
  interface i 10.1.0.1 on seg1
  interface lan 10.4.0.1 on a-seg
  route s2 via r
  bgp as 65001 advertises a-lan
  bgp peer 10.2.0.3
}
router r {
  interface i 10.1.0.2 on seg1
  interface j 10.2.0.2 on seg2
  route a-lan via a
}
router c {
  interface j 10.2.0.3 on seg2
  route s1 via r
  bgp as 65001
  bgp peer 10.1.0.1
}
""";
        var result = Checker.Check([new SourceText("net.netflow", text)]);

        result.Diagnostics.Select(d => d.ToString()).ShouldBeEmpty();
        Learns(result.Compilation, "c", "10.4.0.0/24", "a").ShouldBeTrue();
        // The same pair in different ASes needs multihop.
        Checker.Check([new SourceText("net.netflow", text.Replace("  bgp as 65001\n", "  bgp as 65003\n", StringComparison.Ordinal))]).Diagnostics
            .ShouldHaveSingleItem().Code.ShouldBe("NF3034");
    }

    /// <summary>
    /// The sample's workers share AS 64512: each refuses the others' blocks the BCR passes on (AS path 65100 64512), and
    /// the table records why, for the explanations; its own block coming back is no refusal (it originates it).
    /// </summary>
    [Fact]
    public void TheSamplesWorkers_RefuseEachOthersBlocksForTheirAsLoop()
    {
        var result = Checker.Check(Samples.Compile(Samples.Files("samples/ibm-cloud-hybrid")));

        var refused = result.Compilation.Routes[Device(result.Compilation, "ibm-cloud.iks.worker-2")].Refused;
        refused.Select(r => $"{r.Prefix} from {r.From.QualifiedName}: {string.Join(' ', r.Path)}")
            .ShouldBe(["172.30.1.0/24 from ibm-cloud.bcr: 65100 64512", "172.30.3.0/24 from ibm-cloud.bcr: 65100 64512"], ignoreOrder: true);
        refused[0].Origin.Location.Path.ShouldBe("iks.netflow");
        result.Compilation.Routes[Device(result.Compilation, "ibm-cloud.bcr")].Refused.ShouldBeEmpty();
    }

    /// <summary>Peers on one VLAN in different subnets are one hop apart when each routes the other's subnet on-link.</summary>
    [Fact]
    public void TheCommonVlanVariant_StaysClean()
    {
        var result = Checker.Check(SourceLoader.Load([Path.Combine(Repository.Root, "samples", "variants", "common-vlan-bgp")]).Trees());

        result.Diagnostics.Select(d => d.ToString()).ShouldBeEmpty();
    }
}
