using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;

namespace Netflow.Compiler.Tests;

/// <summary>Regressions found in review: each once hung, crashed or gave a wrong answer.</summary>
public sealed class EngineRegressionTests
{
    private static (NetworkImage Image, ForwardingEngine Engine, IReadOnlyList<FlowResult> Results) Run(string text) =>
        Samples.Run(new Dictionary<string, string> { ["net.netflow"] = text });

    private const string TunnelWhoseFarEndIsInsideIt = """
range n1 10.0.1.0/24
range n2 10.0.2.0/24
segment s1 vlan 10 ranges n1
segment s2 vlan 20 ranges n2
router r {
  interface a 10.0.1.254 on s1
  interface b 10.0.2.254 on s2
}
vpn-gateway g1 {
  interface i 10.0.1.1 on s1
  route default via r
  route 10.0.2.0/24 via t
}
vpn-gateway g2 {
  interface i 10.0.2.1 on s2
  route default via r
}
vm web on h {
  interface i 10.0.2.5 on s2
  route default via r
}
host h
tunnel t ipsec between g1 and g2
flow f {
  from g1
  to web port 80
}
""";

    [Fact]
    public void ATunnelsOuterHeader_TakesTheUnderlay_NotTheTunnelItself()
    {
        var run = Run(TunnelWhoseFarEndIsInsideIt);
        var result = run.Results.ShouldHaveSingleItem();
        result.Failures.ShouldBeEmpty();
        run.Engine.Story(result.Forward).ShouldContain("encap:Ipsec");
    }

    private const string DnatBypassedOnTheWayBack = """
range wan 198.51.100.0/24 internet
range lan 10.0.0.0/24 enterprise
segment wan-seg vlan 10 ranges wan
segment lan-seg vlan 20 ranges lan
client c {
  interface i 198.51.100.10 on wan-seg
}
router lb {
  interface w 198.51.100.5, 198.51.100.100 on wan-seg
  interface l 10.0.0.1 on lan-seg
  dnat 198.51.100.100 port 443 tcp to 10.0.0.10 port 8443
}
router r2 {
  interface w 198.51.100.2 on wan-seg
  interface l 10.0.0.2 on lan-seg
}
vm s on h {
  interface i 10.0.0.10 on lan-seg
  route default via r2
}
host h
flow web {
  from c
  to 198.51.100.100 port 443 tcp
  step dnat to s
}
""";

    [Fact]
    public void AReplyThatBypassesTheDnat_FailsTheFlow()
    {
        var result = Run(DnatBypassedOnTheWayBack).Results.ShouldHaveSingleItem();
        result.Failures.ShouldContain(f => f is ReplyNotUndone);
    }

    private const string RecursiveRoutes = """
range lan 10.0.1.0/24
segment s1 vlan 10 ranges lan
router r2 {
  interface i 10.0.1.2 on s1
  route default drop
}
router r3 {
  interface i 10.0.1.3 on s1
  route default drop
}
router r1 {
  interface i 10.0.1.1 on s1
  route 172.16.0.0/16 via 192.168.5.5
  route 192.168.5.0/24 via 10.9.9.9
  route 192.168.0.0/16 via 10.0.1.2
  route 10.9.0.0/16 via 10.0.1.3
}
""";

    [Fact]
    public void RecursiveNextHops_DoNotDependOnTheOrderOfTheLines()
    {
        var lines = RecursiveRoutes.Split('\n');
        var routes = lines.Where(l => l.TrimStart().StartsWith("route 1", StringComparison.Ordinal)).ToList();
        var reversed = string.Join('\n', lines.Select(l => routes.Contains(l) ? routes[routes.Count - 1 - routes.IndexOf(l)] : l));

        NextHopFor(RecursiveRoutes).ShouldBe("r3");
        NextHopFor(reversed).ShouldBe("r3");
    }

    private static string NextHopFor(string text)
    {
        var compilation = Samples.Compile(new Dictionary<string, string> { ["net.netflow"] = text });
        var engine = new ForwardingEngine(Lowering.ImageCompiler.Compile(compilation));
        var r1 = engine.FindDevice("r1");
        var row = engine.Lookup(r1, 0xAC100101u); // 172.16.1.1
        return engine.DeviceName(engine.Image.Routes.NextHopDevice[row]);
    }

    [Fact]
    public void ARouteToAGatewayNobodyHoldsOnAnAttachedSubnet_IsNeighborUnreachable()
    {
        var compilation = Samples.Compile(new Dictionary<string, string> { ["net.netflow"] = """
            range lan 10.0.1.0/24
            segment s1 vlan 10 ranges lan
            client c {
              interface i 10.0.1.5 on s1
              route default via 10.0.1.1
            }
            router r1 {
              interface i 10.0.1.1 on s1
              route default via 10.0.1.98
            }
            """ });
        compilation.Diagnostics.Where(d => d.IsError).Select(d => d.Code).ShouldBe(["NF3050"]);
        var image = Lowering.ImageCompiler.Compile(compilation);
        var engine = new ForwardingEngine(image);
        var c = engine.FindDevice("c");
        var trace = engine.Execute(c, new PacketHeader(0x0A000105u, 0x08080808u, Protocol.Tcp, 49152, 80), new NatSessions());
        // r1 ARPs for 10.0.1.98 on s1 and nothing answers: the packet dies there, it does not leave the network.
        trace.Disposition.ShouldBe(Disposition.NeighborUnreachable);
        Netflow.Runtime.Rendering.TraceWords.Reason(image, trace).ShouldContain("r1 gets no answer to its ARP request for gateway 10.0.1.98");
    }

    [Fact]
    public void ADuplicateRangeWithNestedRanges_IsReportedNotACrash()
    {
        var compilation = Samples.Compile(new Dictionary<string, string>
        {
            ["net.netflow"] = "range a 10.0.0.0/8\nrange a 10.0.0.0/8 {\n  range b 10.1.0.0/16\n}\n",
        });
        compilation.Diagnostics.ShouldContain(d => d.Code == "NF1002");
    }

    private const string BgpWithdraw = """
range lan 10.0.0.0/24
segment lan-seg vlan 10 ranges lan
range dst 192.0.2.0/24
segment dst-seg vlan 20 ranges dst
router o {
  interface i 10.0.0.1 on lan-seg
  interface j 192.0.2.1 on dst-seg
  bgp as 1 advertises dst
  bgp peer z2
  bgp peer c1
}
router n {
  interface i 10.0.0.2 on lan-seg
  bgp as 200
  bgp peer z2
  bgp peer d
  bgp peer c1
}
router z2 {
  interface i 10.0.0.3 on lan-seg
  bgp as 2
  bgp peer o
  bgp peer n
}
router c1 {
  interface i 10.0.0.4 on lan-seg
  bgp as 3
  bgp peer o
  bgp peer n
}
router d {
  interface i 10.0.0.5 on lan-seg
  bgp as 3
  bgp peer n
}
""";

    [Fact]
    public void BgpResults_DoNotDependOnTheOrderOfPeerLines()
    {
        var reordered = BgpWithdraw.Replace("  bgp peer d\n  bgp peer c1\n", "  bgp peer c1\n  bgp peer d\n", StringComparison.Ordinal);
        reordered.ShouldNotBe(BgpWithdraw);
        foreach (var text in new[] { BgpWithdraw, reordered })
        {
            var run = Run(text);
            var d = run.Engine.FindDevice("d");
            // d is in AS 3 like c1, through which n's best path now runs: loop prevention leaves d without the route.
            run.Engine.Execute(d, new PacketHeader(0x0A000005u, 0xC0000201u, Protocol.Tcp, 49152, 80), new NatSessions())
                .Disposition.ShouldBe(Disposition.NoRoute);
        }
    }

    [Fact]
    public void NameErrorsPastTheErrorCap_StillStopExecution()
    {
        var text = string.Concat(Enumerable.Range(0, 101).Select(i => $"range r{i} 10.{i}.0.1/16\n")) + "router x {\n  route default via nosuch\n}\n";
        var compilation = Samples.Compile(new Dictionary<string, string> { ["net.netflow"] = text });
        compilation.Diagnostics.ShouldNotContain(d => d.Code == "NF1001");
        compilation.HasBlockingErrors.ShouldBeTrue();
    }
}
