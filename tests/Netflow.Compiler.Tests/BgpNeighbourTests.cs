using System.Text.Json;
using Netflow.Language.Text;
using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;
using Netflow.Runtime.Rendering;

namespace Netflow.Compiler.Tests;

/// <summary>
/// What a BGP speaker accepts and what its sessions need, as BIRD, FRR and routers do (the review after issue 8): a
/// connection only from the configured neighbour address, a neighbour configured by an address, and advice that follows
/// from the route that sent the session's packet where it stopped.
/// </summary>
public sealed class BgpNeighbourTests
{
    private static IReadOnlyList<Language.Diagnostics.Diagnostic> Check(string text) =>
        Checker.Check([new SourceText("net.netflow", text)]).Diagnostics;

    /// <summary>a and c peer across r, which masquerades everything it forwards: each end's connection arrives from r.</summary>
    private const string BehindAMasquerade = """
range s1 10.1.0.0/24
segment seg1 vlan 1 ranges s1
range s2 10.2.0.0/24
segment seg2 vlan 2 ranges s2
router a {
  interface i 10.1.0.1 on seg1
  route s2 via r
  bgp as 65001
  bgp peer 10.2.0.3 multihop
}
router r {
  interface i 10.1.0.2 on seg1
  interface j 10.2.0.2 on seg2
  snat any as egress
}
router c {
  interface j 10.2.0.3 on seg2
  route s1 via r
  bgp as 65003 advertises s2
  bgp peer 10.1.0.1 multihop
}
""";

    [Fact]
    public void AConnectionThatArrivesFromAnotherAddressThanTheConfiguredNeighbour_IsRefused()
    {
        var result = Checker.Check([new SourceText("net.netflow", BehindAMasquerade)]);

        var down = result.Diagnostics.Single(d => d.Code == "NF3003");
        down.Message.ShouldContain("tcp/179 from 10.1.0.1 to 10.2.0.3 arrives at 'c' from 10.2.0.2 (translated by 'r'), but 'c' has this neighbour configured at 10.1.0.1");
        down.Message.ShouldContain("Keep the session's packets out of the source NAT on the way");
        result.Compilation.Routes.Values.SelectMany(t => t.Entries).ShouldNotContain(e => e.Source == Language.Routing.RouteSource.Bgp);
        // Without the masquerade the same session comes up.
        Check(BehindAMasquerade.Replace("  snat any as egress\n", "", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    /// <summary>
    /// The ESG's own connection source-NATed to 10.73.40.11 is refused by the BCR, which has the ESG configured at
    /// 10.73.40.2; the BCR's connection to the ESG is not translated (its reply belongs to a connection the rule never
    /// saw), so the session comes up from the BCR's side, as with BGP's two connection attempts.
    /// </summary>
    [Fact]
    public void TheEsgsConnectionSourceNatted_IsRefused_TheBcrsConnectionStillBringsTheSessionUp()
    {
        var files = Samples.Files("samples/ibm-cloud-hybrid");
        const string line = "      bgp peer bcr\n";
        files["vcenter.netflow"] = files["vcenter.netflow"].Replace(line, line + "      snat any toward 10.73.40.1/32 as 10.73.40.11\n", StringComparison.Ordinal);
        // The BCR does not open connections either (it only listens): then nothing brings the session up.
        var passive = new Dictionary<string, string>(files);
        passive["ibm-cloud-network.netflow"] = passive["ibm-cloud-network.netflow"].Replace("  router bcr \"Backend Customer Router\" {\n",
            "  router bcr \"Backend Customer Router\" {\n    snat any toward 10.73.40.2/32 as 10.73.40.1\n", StringComparison.Ordinal);

        var result = Checker.Check(Samples.Compile(files));

        result.Diagnostics.Where(d => d.Code == "NF3003").ShouldBeEmpty();
        result.Compilation.Routes[result.Compilation.Model.Devices.Single(d => d.QualifiedName == "ibm-cloud.bcr")].Entries
            .ShouldContain(e => e.LearnedFrom != null && e.LearnedFrom.QualifiedName == "ibm-cloud.vcs.esg");
    }

    /// <summary>
    /// The BCR configured with the ESG's second private address, 10.73.40.11: the ESG opens from 10.73.40.2 (the address
    /// of its interface in the BCR's subnet, as Linux selects it), which the BCR refuses; the BCR's own connection to
    /// 10.73.40.11 meets the ESG's DNAT of that address to the ICP proxy vIP. No session, as on real routers.
    /// </summary>
    [Fact]
    public void TheBcrConfiguredWithAnotherAddressOfTheEsg_HasNoSessionWithIt()
    {
        var files = Samples.Files("samples/ibm-cloud-hybrid");
        files["ibm-cloud-network.netflow"] = files["ibm-cloud-network.netflow"].Replace("    bgp peer vcs.esg\n", "    bgp peer 10.73.40.11\n", StringComparison.Ordinal);

        var result = Checker.Check(Samples.Compile(files));

        var down = result.Diagnostics.Where(d => d.Code == "NF3003").ShouldHaveSingleItem();
        down.Message.ShouldContain("'ibm-cloud.bcr' and 'ibm-cloud.vcs.esg' are BGP peers, but their session cannot come up: "
            + "'ibm-cloud.vcs.icp.worker-1' refuses tcp/179 from 10.73.40.1 to 10.73.40.11: nothing listens there ('ibm-cloud.vcs.esg' translates its destination 10.73.40.11 on the way)");
        down.Message.ShouldContain("keep tcp/179 to 10.73.40.11 out of the destination NAT on 'ibm-cloud.vcs.esg'");
        result.Compilation.Routes[result.Compilation.Model.Devices.Single(d => d.QualifiedName == "ibm-cloud.bcr")].Entries
            .ShouldNotContain(e => e.LearnedFrom != null && e.LearnedFrom.QualifiedName == "ibm-cloud.vcs.esg");
    }

    [Fact]
    public void AConnectionFromAnotherAddressOfTheNeighbourThanConfigured_IsRefused()
    {
        // c has a configured at 10.1.0.5, a second address of a's interface; a opens from 10.1.0.1, the first in the subnet.
        var text = BehindAMasquerade.Replace("  snat any as egress\n", "", StringComparison.Ordinal)
            .Replace("  interface i 10.1.0.1 on seg1\n", "  interface i 10.1.0.1, 10.1.0.5 on seg1\n", StringComparison.Ordinal)
            .Replace("  bgp peer 10.1.0.1 multihop\n", "  bgp peer 10.1.0.5 multihop\n", StringComparison.Ordinal);

        var probes = Checker.Check([new SourceText("net.netflow", text)]);

        // c's own connection to a (from 10.2.0.3, which a expects) brings the session up: either end's connection does.
        probes.Diagnostics.ShouldBeEmpty();
        // With c unable to open (its route to a's subnet gone, a route back for the reply only), a's refused connection is all there is.
        var oneWay = text.Replace("router c {\n  interface j 10.2.0.3 on seg2\n  route s1 via r\n", "router c {\n  interface j 10.2.0.3 on seg2\n  route 10.1.0.1/32 via r\n", StringComparison.Ordinal);
        var down = Check(oneWay).Single(d => d.Code == "NF3003");
        down.Message.ShouldContain("tcp/179 from 10.1.0.1 to 10.2.0.3 arrives at 'c', but 'c' has this neighbour configured at 10.1.0.5");
        down.Message.ShouldContain("Name 10.1.0.1 in the 'bgp peer' line of 'c'");
    }

    /// <summary>
    /// A /32 null route to the peer, more specific than the common VLAN's connected route, is what the engine's lookup
    /// finds for the session's own tcp/179: no session, so no route learned over it can bypass the null route (as in
    /// Linux, where the kernel's lookup for the neighbour hits the blackhole). The advice names the null route's line.
    /// </summary>
    [Fact]
    public void ANullRouteToThePeer_KeepsTheSessionDown_AndTheAdviceNamesIt()
    {
        var files = Samples.Files("samples/ibm-cloud-hybrid");
        files["ibm-cloud-network.netflow"] = files["ibm-cloud-network.netflow"].Replace("    bgp as 65100\n", "    route 10.73.40.2/32 drop\n    bgp as 65100\n", StringComparison.Ordinal);

        var result = Checker.Check(Samples.Compile(files));

        var down = result.Diagnostics.Single(d => d.Code == "NF3003" && d.Message.Contains("'ibm-cloud.vcs.esg'", StringComparison.Ordinal));
        down.Message.ShouldContain("tcp/179 from 10.73.40.1 to 10.73.40.2 is dropped by a null route on 'ibm-cloud.bcr'");
        down.Message.ShouldContain("Narrow or remove its route 10.73.40.2/32 (ibm-cloud-network.netflow line 55) on 'ibm-cloud.bcr'");
        result.Compilation.Routes.Values.SelectMany(t => t.Entries).Where(e => e.LearnedFrom != null)
            .Select(e => $"{e.Device.QualifiedName} from {e.LearnedFrom!.QualifiedName}").ShouldNotContain("ibm-cloud.bcr from ibm-cloud.vcs.esg");
    }

    [Fact]
    public void APeerNamedByADeviceItSharesNoSegmentWith_IsAskedForItsAddress()
    {
        var text = BehindAMasquerade.Replace("  snat any as egress\n", "", StringComparison.Ordinal).Replace("  bgp peer 10.2.0.3 multihop\n", "  bgp peer c\n", StringComparison.Ordinal);

        var diagnostic = Check(text).ShouldHaveSingleItem();

        diagnostic.Code.ShouldBe("NF3032");
        diagnostic.Location.Start.Line.ShouldBe(8);
        diagnostic.Message.ShouldBe("'a' names 'c' as its BGP peer, but the two share no segment, so the line does not say which address of 'c' the neighbour is "
            + "(a BGP speaker is configured with its neighbour's address); write 'bgp peer ADDRESS' with the address of 'c' the session is to reach (10.2.0.3). "
            + "The line declares no session.");
        diagnostic.RelatedLocations.ShouldHaveSingleItem().Message.ShouldBe("'c' is declared here");
    }

    /// <summary>a sends c's subnet to r1 by a static route, and r1 has no route for it: the advice names a's route.</summary>
    [Fact]
    public void TheAdviceOfASessionThatFindsNoRoute_NamesTheRouteThatSentItThere()
    {
        const string text = """
range s1 10.1.0.0/24
segment seg1 vlan 1 ranges s1
range s2 10.2.0.0/24
segment seg2 vlan 2 ranges s2
range s3 10.3.0.0/24
segment seg3 vlan 3 ranges s3
router a {
  interface i 10.1.0.1 on seg1
  route s3 via r1
  bgp as 65001
  bgp peer 10.3.0.2 multihop
}
router r1 {
  interface i 10.1.0.2 on seg1
  interface j 10.2.0.1 on seg2
}
router r2 {
  interface j 10.2.0.2 on seg2
  interface k 10.3.0.1 on seg3
  route s1 via r1
}
router c {
  interface k 10.3.0.2 on seg3
  route s1 via r2
  bgp as 65003
  bgp peer 10.1.0.1 multihop
}
""";
        var down = Check(text).Single(d => d.Code == "NF3003");

        down.Message.ShouldContain("tcp/179 from 10.1.0.1 to 10.3.0.2 finds no route on 'r1'");
        down.Message.ShouldContain("'a' sends it to 'r1' by its route 10.3.0.0/24 (net.netflow line 9): add a route toward 10.3.0.2 on 'r1', or change that route");
        down.RelatedLocations.Select(r => r.Location.Start.Line).ShouldBe([25, 8]);
    }

    /// <summary>
    /// A route-based VPN between two gateways with BGP inside the tunnel: the route that sends the right LAN into the
    /// tunnel is learned over BGP from gw-b, and the trace says so at the tunnel's entry, so that a flow can assert it.
    /// </summary>
    private const string BgpIntoIpsec = BgpSessionTests.BgpOverIpsec + "\n" + """
client left-vm {
  interface eth0 192.168.1.10 on left-seg
  route default via gw-a
}
client right-vm {
  interface eth0 192.168.2.10 on right-seg
  route default via gw-b
}
flow left-to-right "The left LAN reaches the right LAN over the BGP-learned route into the IPsec tunnel" {
  from left-vm
  to right-vm port 443 tcp
  step gw-a
  step bgp from gw-b "gw-a learned the right LAN from gw-b, inside the tunnel"
  step ipsec
  step gw-b
}
""";

    [Fact]
    public void ARouteLearnedOverBgpThatEntersATunnel_IsNamedAtTheTunnelsEntry_AndAFlowCanAssertIt()
    {
        var run = Samples.Run(new Dictionary<string, string> { ["net.netflow"] = BgpIntoIpsec });

        var flow = run.Flow("left-to-right");
        flow.Failures.Select(f => FlowWords.Of(run.Image, f)).ShouldBeEmpty();
        var entry = flow.Forward.AllSteps().Single(s => s.Step.Kind == StepKind.Encapsulated && s.Step.Encapsulation == TunnelKind.Ipsec).Step;
        run.Image.Routes.Origin[entry.Route].ShouldBe(RouteOrigin.Bgp);
        TraceWords.Step(run.Image, entry).ShouldBe("encapsulates in IPsec: 10.0.0.2 → 10.0.1.2, by its route 192.168.2.0/24 learned over BGP from gw-b");
        var json = new StringWriter();
        TraceJsonWriter.Write(json, run.Image, [flow]);
        using var document = JsonDocument.Parse(json.ToString());
        document.RootElement.GetProperty("version").GetInt32().ShouldBe(4);
        var step = document.RootElement.GetProperty("flows")[0].GetProperty("trace").GetProperty("hops").EnumerateArray()
            .SelectMany(h => h.GetProperty("steps").EnumerateArray()).Single(s => s.GetProperty("kind").GetString() == "ENCAPSULATED");
        (step.GetProperty("routeOrigin").GetString(), step.GetProperty("learnedFrom").GetString(), step.GetProperty("route").GetInt32()).ShouldBe(("bgp", "gw-b", entry.Route));
        // A BGP waypoint from another peer does not hold there.
        var other = Samples.Run(new Dictionary<string, string> { ["net.netflow"] = BgpIntoIpsec.Replace("step bgp from gw-b", "step bgp from r", StringComparison.Ordinal) });
        other.Flow("left-to-right").Passed.ShouldBeFalse();
    }
}
