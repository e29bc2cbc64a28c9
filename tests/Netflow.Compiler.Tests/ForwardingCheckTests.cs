using Netflow.Compiler.Forwarding;
using Netflow.Language.Text;
using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;

namespace Netflow.Compiler.Tests;

/// <summary>NF3005's advice follows from why the route hands traffic to the device that drops it (issue 8).</summary>
public sealed class BlackHoleAdviceTests
{
    [Fact]
    public void ABgpRouteWhosePeerIsReachedThroughARouter_SaysSo_NotToAddARouteThere()
    {
        const string text = """
range ab 10.0.0.0/24
segment s1 vlan 10 ranges ab
range rb 10.0.1.0/24
segment s2 vlan 11 ranges rb
range x 192.168.5.0/24
segment sx vlan 12 ranges x
router a {
  interface i 10.0.0.1 on s1
  route 10.0.1.0/24 via r
  bgp as 1
  bgp peer 10.0.1.2 multihop
}
router r {
  interface i 10.0.0.2 on s1
  interface j 10.0.1.1 on s2
}
router b {
  interface j 10.0.1.2 on s2
  interface k 192.168.5.1 on sx
  route 10.0.0.0/24 via r
  bgp as 2 advertises x
  bgp peer 10.0.0.1 multihop
}
""";
        var diagnostic = Checker.Check([new SourceText("net.netflow", text)]).Diagnostics.Single(d => d.Code == "NF3005");

        diagnostic.Message.ShouldBe("The route to 192.168.5.0/24 on 'a' hands traffic to 'r', which has no route for 192.168.5.0/24; the route was "
            + "learned over BGP from 'b', which 'a' reaches only through 'r', so its traffic goes to 'r' instead of the peer: give the two BGP "
            + "peers a shared segment or an IPsec tunnel between them, or add a route on 'r'.");
    }
}


/// <summary>The forwarding checks run on the compiled image with the engine: what 'check' says is what a trace does.</summary>
public sealed class OneForwardingModelTests
{
    [Fact]
    public void EveryLoopReported_IsOneTheEngineExecutes()
    {
        var files = Samples.Files("samples/variants/routing-loop");
        var check = Checker.Check(Samples.Compile(files).SyntaxTrees);
        check.Diagnostics.ShouldContain(d => d.Code == "NF3004");
        var engine = new ForwardingEngine(check.Image!);

        var loops = LoopFinder.Find(engine);

        loops.ShouldNotBeEmpty();
        foreach (var loop in loops) engine.Execute(loop.Start, loop.Header, new NatSessions()).End.Kind.ShouldBe(EndKind.Loop);
        loops.Select(l => string.Join(" → ", l.Hops.Select(h => engine.DeviceName(h.Device)))).ShouldContain("ibm-cloud.bcr → ibm-cloud.xcr");
    }

    [Fact]
    public void ATunnelWhoseFrontDoorOnlyPassesWebTraffic_IsReported_ForTheIkePacketThatIsRefused()
    {
        // The strongSwan gateway is reached through a DNAT that forwards only tcp/443: IKE (udp/500) is refused there.
        const string text = """
range wan 198.51.100.0/24 internet
segment wan-seg vlan 10 ranges wan
range lan 10.0.0.0/24
segment lan-seg vlan 20 ranges lan
router a {
  interface w 198.51.100.1 on wan-seg
  route 10.0.0.0/24 via vpn
}
router front {
  interface w 198.51.100.2 on wan-seg
  interface l 10.0.0.1 on lan-seg
  dnat 198.51.100.2 port 443 tcp to b port 443
}
vpn-gateway b {
  interface l 10.0.0.10 on lan-seg
  route default via front
}
tunnel vpn ipsec between a.w and 198.51.100.2
""";
        var check = Checker.Check([new SourceText("net.netflow", text)]);

        var diagnostic = check.Diagnostics.Where(d => d.Code == "NF3002").ShouldHaveSingleItem();
        diagnostic.Message.ShouldBe("The endpoints 'a' and 'b' of tunnel 'vpn' cannot set up the tunnel: udp/500 from 198.51.100.1 to 198.51.100.2 reaches "
            + "'front', where 'front' forwards 198.51.100.2 only on tcp/443, and nothing listens on udp/500. No route is missing: IKE (udp/500) and "
            + "NAT-T (udp/4500) must reach the gateway; add a 'dnat' for udp/500 to 'front'.");
    }
}

/// <summary>NF3002's message and advice follow from why the tunnel's packet failed, never "add routes" for a port nobody listens on (issue 8).</summary>
public sealed class TunnelAdviceTests
{
    [Fact]
    public void ALoadBalancerThatDoesNotForwardNatTraversal_IsAMissingDnat_NotAMissingRoute()
    {
        // Found by the review: the strongSwan load balancer without its udp/4500 line was reported as "Add routes between them".
        var files = Samples.Files("samples/ibm-cloud-hybrid");
        files["vpn.netflow"] = files["vpn.netflow"].Replace("      dnat 10.73.32.5 port 4500 udp to strongswan port 4500 \"IPsec NAT traversal\"\n", "", StringComparison.Ordinal);

        var diagnostic = Checker.Check(Samples.Compile(files)).Diagnostics.Where(d => d.Code == "NF3002").ShouldHaveSingleItem();

        diagnostic.Message.ShouldBe("The endpoints 'ibm-cloud.vcs.icp.strongswan' and 'ibm-cloud.iks.strongswan' of tunnel 'iks-icp-vpn' cannot set up the "
            + "tunnel: udp/4500 from 172.20.3.20 to 10.73.32.5 reaches 'ibm-cloud.iks.worker-2', where 'ibm-cloud.iks.strongswan-lb' forwards 10.73.32.5 "
            + "only on udp/500, and nothing listens on udp/4500. No route is missing: IKE (udp/500) and NAT-T (udp/4500) must reach the gateway; add a "
            + "'dnat' for udp/4500 to 'ibm-cloud.iks.strongswan-lb'.");
    }

    /// <summary>A front door that sends IKE and NAT-T to the devices <paramref name="ike"/> and <paramref name="natTraversal"/>.</summary>
    private static string FrontDoor(string ike, string natTraversal) => $$"""
range wan 198.51.100.0/24 internet
segment wan-seg vlan 10 ranges wan
range lan 10.0.0.0/24
segment lan-seg vlan 20 ranges lan
router a {
  interface w 198.51.100.1 on wan-seg
  route 10.0.0.0/24 via front
}
router front {
  interface w 198.51.100.2 on wan-seg
  interface l 10.0.0.1 on lan-seg
  dnat 198.51.100.2 port 4500 udp to {{natTraversal}} port 4500
  dnat 198.51.100.2 port 500 udp to {{ike}} port 500
}
router other {
  interface l 10.0.0.11 on lan-seg
}
vpn-gateway b {
  interface l 10.0.0.10 on lan-seg
  route default via front
}
tunnel vpn ipsec between a.w and 198.51.100.2
""";

    [Fact]
    public void IkeTranslatedToADeviceThatDoesNotListen_NamesTheNat_NotAMissingRoute()
    {
        var diagnostic = Checker.Check([new SourceText("net.netflow", FrontDoor(ike: "other", natTraversal: "b"))]).Diagnostics.Where(d => d.Code == "NF3002").ShouldHaveSingleItem();

        diagnostic.Message.ShouldBe("The endpoints 'a' and 'b' of tunnel 'vpn' cannot set up the tunnel: udp/500 from 198.51.100.1 to 198.51.100.2, translated to "
            + "10.0.0.11, reaches 'other', but nothing listens on udp/500 there. No route is missing: the destination NAT of 'front' sends udp/500 to 'other'; "
            + "translate it to the gateway 'b', which must receive IKE (udp/500) and NAT-T (udp/4500).");
    }

    [Fact]
    public void IkeTranslatedToAnotherGateway_IsAcceptedElsewhere_NotAMissingRoute()
    {
        var diagnostic = Checker.Check([new SourceText("net.netflow", FrontDoor(ike: "b", natTraversal: "other"))]).Diagnostics.Where(d => d.Code == "NF3002").ShouldHaveSingleItem();

        diagnostic.Message.ShouldBe("The endpoints 'a' and 'other' of tunnel 'vpn' cannot set up the tunnel: udp/500 from 198.51.100.1 to 198.51.100.2, translated to "
            + "10.0.0.10, is accepted by 'b', not by 'other'. Correct the endpoint, or translate its address to 'other' for each packet the tunnel needs "
            + "(udp/500 and udp/4500).");
    }

    [Fact]
    public void AGatewayWithoutARoute_IsToldWhereToAddIt()
    {
        var text = File.ReadAllText(Path.Combine(Netflow.Testing.Repository.Root, "samples", "broken", "NF3002-tunnel-endpoints-cannot-reach-each-other.netflow"));

        var diagnostic = Checker.Check([new SourceText("net.netflow", text)]).Diagnostics.Where(d => d.Code == "NF3002").ShouldHaveSingleItem();

        diagnostic.Message.ShouldEndWith("cannot reach each other over the underlay: udp/500 from 203.0.113.2 to 198.51.100.2: onprem-vpn has no route to "
            + "198.51.100.2. Add a route toward 198.51.100.2 on 'onprem-vpn' (often a default route towards the internet or the BCR), or correct the endpoint.");
    }
}

/// <summary>NF4007: a loop that destination NAT makes across devices is found on the engine's tables (review s3 c96).</summary>
public sealed class DestinationNatLoopTests
{
    /// <summary>'a' translates 10.9.0.1 to 10.9.0.2, which it routes to 'b'; 'b' translates it back and routes it to 'a'.</summary>
    private const string TwoRoutersTranslatingBack = """
range lan 10.0.0.0/24
segment lan-seg vlan 10 ranges lan
router a {
  interface i 10.0.0.1 on lan-seg
  route 10.9.0.2/32 via b
  dnat 10.9.0.1 to 10.9.0.2
}
router b {
  interface i 10.0.0.2 on lan-seg
  route 10.9.0.1/32 via a
  dnat 10.9.0.2 to 10.9.0.1
}
client c {
  interface eth0 10.0.0.5 on lan-seg
  route default via a
}
""";

    [Fact]
    public void ATranslationThatAnotherDeviceUndoes_IsReportedOnce_AtBothRules()
    {
        var check = Checker.Check([new SourceText("net.netflow", TwoRoutersTranslatingBack)]);

        var diagnostic = check.Diagnostics.Single(d => d.Code == "NF4007");
        diagnostic.Location.Start.Line.ShouldBe(5);
        diagnostic.RelatedLocations.Single().Location.Start.Line.ShouldBe(10);
        diagnostic.Message.ShouldContain("'a' translates 10.9.0.1 to 10.9.0.2 (line 6) → 'b' translates 10.9.0.2 to 10.9.0.1 (line 11) → 'a'");
        check.Diagnostics.ShouldNotContain(d => d.Code == "NF3004");
    }

    [Fact]
    public void TheLoopReported_IsOneATraceExecutes()
    {
        var check = Checker.Check([new SourceText("net.netflow", TwoRoutersTranslatingBack)]);
        var engine = new ForwardingEngine(check.Image!);
        var client = engine.FindDevice("c");

        var (trace, _) = new FlowRunner(engine).Trace(client, FlowDestinationKind.Address, "", 0x0A090001u, Protocol.Tcp, 80);

        trace.End.Kind.ShouldBe(EndKind.Loop);
        LoopFinder.Find(engine).ShouldHaveSingleItem().Translations.Select(t => engine.DeviceName(t.Device)).ShouldBe(["a", "b"], ignoreOrder: true);
    }
}
