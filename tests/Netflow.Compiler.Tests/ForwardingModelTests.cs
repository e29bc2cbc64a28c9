using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;
using Netflow.Runtime.Rendering;

namespace Netflow.Compiler.Tests;

/// <summary>
/// The wrong answers of issue 8, each as it behaves in a real network (conntrack, Linux source-address selection,
/// NSX's distributed router, HCX and the stretched network's VXLAN, strongSwan's IKE, DNS as packets).
/// </summary>
public sealed class ForwardingModelTests
{
    private static (NetworkImage Image, ForwardingEngine Engine, IReadOnlyList<FlowResult> Results) Run(string text) =>
        Samples.Run(new Dictionary<string, string> { ["net.netflow"] = text });

    private static string Lines(IEnumerable<string> lines) => string.Join('\n', lines);

    // A client reaches a pod directly; the worker's vRouter hides its pods behind its address toward the client's LAN.
    private const string ConnectionIntoAPod = """
range lan 10.0.0.0/24
range pods 172.30.0.0/16 cluster-pod
segment s vlan 10 ranges lan
client c {
  interface i 10.0.0.5 on s
  route 172.30.0.0/16 via w
}
worker w {
  interface i 10.0.0.10 on s
  snat pods toward lan as egress
}
pod p on w {
  interface eth0 172.30.1.10
}
flow into-the-pod {
  from c
  to p port 8080 tcp
}
""";

    [Fact]
    public void WrongAnswer1_ASourceNatRuleNeverFiresOnAReply_OnlyTheSessionsTranslateIt()
    {
        // The reply (pod → client) matches 'snat pods toward lan', but it belongs to a connection the client opened:
        // conntrack translates it by the connection's sessions (none here), never by a rule.
        var run = Run(ConnectionIntoAPod);
        var result = run.Results.ShouldHaveSingleItem();
        result.Failures.ShouldBeEmpty();
        result.Reply!.AllSteps().ShouldNotContain(p => p.Step.Kind == StepKind.SourceNat);
        result.Reply.Final.ShouldBe(result.Forward.Start.Reply());
    }

    [Fact]
    public void WrongAnswer1_LaterPacketsOfAConnection_AreTranslatedBySessionsInBothDirections()
    {
        var run = Samples.Run(Samples.Files("samples/ibm-cloud-hybrid"));
        var pod = run.Engine.FindDevice("ibm-cloud.iks.web-1");
        var sessions = new NatSessions();
        var first = new PacketHeader(0xAC1E010Au, 0xC0A80A14u, Protocol.Tcp, 49152, 5432); // 172.30.1.10 → 192.168.10.20
        var forward = run.Engine.Execute(pod, first, sessions);
        forward.Disposition.ShouldBe(Disposition.Accepted);
        var rule = forward.AllSteps().Single(p => p.Step.Kind == StepKind.SourceNat).Step;
        rule.Session.ShouldBeFalse();

        // A second packet of the same connection: the session, not the rule, gives it the same translation.
        var second = run.Engine.Execute(pod, first, sessions, opensConnection: false);
        var bySession = second.AllSteps().Single(p => p.Step.Kind == StepKind.SourceNat).Step;
        bySession.Session.ShouldBeTrue();
        bySession.After!.Value.Source.ShouldBe(rule.After!.Value.Source);
    }

    private const string ReplyNotUndone = """
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
""";

    [Fact]
    public void WrongAnswer1_TraceJudgesAPacketAndItsReplyAsFlowsDoes()
    {
        // The reply bypasses the DNAT: it arrives from 10.0.0.10:8443, which the client never talked to.
        var run = Run(ReplyNotUndone);
        var runner = new FlowRunner(run.Engine);
        var c = run.Engine.FindDevice("c");
        var (forward, reply) = runner.Trace(c, FlowDestinationKind.Address, "", 0xC6336464u, Protocol.Tcp, 443);
        forward.Disposition.ShouldBe(Disposition.Accepted);
        reply!.Disposition.ShouldBe(Disposition.Accepted);
        var failure = FlowRunner.ReplyFailure(c, forward, reply).ShouldBeOfType<ReplyNotUndone>();
        failure.Expected.ShouldBe(forward.Start.Reply());
        FlowWords.Of(run.Image, failure).ShouldContain("a NAT on the way is not undone on the way back");
    }

    private const string TwoInterfaces = """
range a 10.0.1.0/24
range b 10.0.2.0/24
segment sa vlan 10 ranges a
segment sb vlan 20 ranges b
router gw {
  interface first 10.0.1.1 on sa
  interface second 10.0.2.1 on sb
  route 192.168.7.0/24 via 10.0.2.2
}
router far {
  interface i 10.0.2.2 on sb
  interface j 192.168.7.1 on sb2
}
segment sb2 vlan 30 ranges c
range c 192.168.7.0/24
vm ntp on h {
  interface i 192.168.7.5 on sb2
  route default via far
}
host h
""";

    [Fact]
    public void WrongAnswer10_APacketADeviceOriginates_LeavesFromTheInterfaceItsRouteUses()
    {
        var run = Run(TwoInterfaces);
        var gw = run.Engine.FindDevice("gw");
        PacketHeader.Format(run.Engine.SourceAddress(gw, 0xC0A80705u)).ShouldBe("10.0.2.1");
        PacketHeader.Format(run.Engine.SourceAddress(gw, 0x0A000105u)).ShouldBe("10.0.1.1");
    }

    [Fact]
    public void WrongAnswer10_TheEsgReachesNtpFromItsPrivateAddress_AndTheReplyComesBack()
    {
        var run = Samples.Run(Samples.Files("samples/ibm-cloud-hybrid"));
        var esg = run.Engine.FindDevice("ibm-cloud.vcs.esg");
        var (forward, reply) = new FlowRunner(run.Engine).Trace(esg, FlowDestinationKind.Address, "", 0x0A004D36u, Protocol.Udp, 123);
        PacketHeader.Format(forward.Start.Source).ShouldBe("10.73.40.2");
        forward.Disposition.ShouldBe(Disposition.Accepted);
        reply!.Disposition.ShouldBe(Disposition.Accepted);
        reply.LastDevice.ShouldBe(esg);
    }

    [Fact]
    public void WrongAnswer8_TheDlrRoutesOnTheSendersHost_WhereverItIsDeclared()
    {
        var files = Samples.Files("samples/ibm-cloud-hybrid");
        var expected = Samples.Run(files);
        files["vcenter.netflow"] = files["vcenter.netflow"].Replace("logical-router dlr on esxi-1", "logical-router dlr on esxi-2", StringComparison.Ordinal);
        var moved = Samples.Run(files);

        foreach (var flow in new[] { "iks-web-to-vcs-db", "icp-web-to-vcs-db" })
        {
            moved.Flow(flow).Failures.ShouldBeEmpty(flow);
            moved.Engine.Story(moved.Flow(flow).Forward).ShouldBe(expected.Engine.Story(expected.Flow(flow).Forward));
        }
        // The hop happens on the sender's host: the ESG's, esxi-1; the VXLAN goes from there to the database's host.
        var story = moved.Engine.Story(moved.Flow("iks-web-to-vcs-db").Forward);
        story[story.IndexOf("ibm-cloud.vcs.dlr")..].ShouldBe(["ibm-cloud.vcs.dlr", "ibm-cloud.vcs.esxi-1", "encap:Vxlan", "ibm-cloud.vcs.esxi-2", "decap:Vxlan", "ibm-cloud.vcs.db"]);
    }

    [Fact]
    public void WrongAnswer8_TheDatabasesReplyRoutesInItsOwnHostsKernel_ThenCrossesToTheEsgsHost()
    {
        var run = Samples.Run(Samples.Files("samples/ibm-cloud-hybrid"));
        var reply = run.Engine.Story(run.Flow("iks-web-to-vcs-db").Reply!);
        reply[..6].ShouldBe(["ibm-cloud.vcs.db", "ibm-cloud.vcs.dlr", "ibm-cloud.vcs.esxi-2", "encap:Vxlan", "ibm-cloud.vcs.esxi-1", "decap:Vxlan"]);
    }

    [Fact]
    public void WrongAnswer7_AResolverTheClientCannotReach_FailsTheFlowAtTheDnsStep()
    {
        var files = Samples.Files("samples/ibm-cloud-hybrid");
        // The private DNS server is detached from the service network.
        files["dns.netflow"] = files["dns.netflow"].Replace("    interface eth0 10.0.80.11 on service-segment", "    interface eth0 10.0.80.11", StringComparison.Ordinal);
        var compilation = Samples.Compile(files);
        var run = (Image: Lowering.ImageCompiler.Compile(compilation), Engine: (ForwardingEngine?)null);
        var engine = new ForwardingEngine(run.Image);
        var results = new FlowRunner(engine).RunAll();
        var flow3 = results.Single(r => run.Image.String(run.Image.Flows.Name[r.Flow]) == "iks-web-to-vcs-db");

        flow3.Passed.ShouldBeFalse();
        flow3.Forward.End.Kind.ShouldBe(EndKind.DnsUnreachable);
        flow3.Forward.DnsQuery.ShouldNotBeNull().Disposition.ShouldNotBe(Disposition.Accepted);
        TraceWords.Reason(run.Image, flow3.Forward).ShouldStartWith("the DNS query for db.vcs.example.com to ibm-cloud.private-dns ended");
    }

    [Fact]
    public void WrongAnswer7_TheDnsQueryAndItsAnswerArePacketsOfTheTrace()
    {
        var run = Samples.Run(Samples.Files("samples/ibm-cloud-hybrid"));
        var trace = run.Flow("iks-web-to-vcs-db").Forward;
        var query = trace.DnsQuery.ShouldNotBeNull();
        query.Start.Protocol.ShouldBe(Protocol.Udp);
        query.Start.DestinationPort.ShouldBe(53);
        run.Engine.DeviceName(query.LastDevice).ShouldBe("ibm-cloud.private-dns");
        run.Engine.DeviceName(trace.DnsAnswer.ShouldNotBeNull().LastDevice).ShouldBe("ibm-cloud.iks.web-1");
    }

    [Fact]
    public void WrongAnswer6_AnIpsecTunnelWhoseFrontDoorExposesNoIke_IsDown()
    {
        var down = Run(IpsecBehindAFrontDoor("  dnat 10.0.2.1 port 443 tcp to g2"));
        var result = down.Results.ShouldHaveSingleItem();
        result.Forward.End.Kind.ShouldBe(EndKind.TunnelDown);
        result.Forward.Disposition.ShouldBe(Disposition.NeighborUnreachable);

        var up = Run(IpsecBehindAFrontDoor("  dnat 10.0.2.1 port 500 udp to g2 port 500\n  dnat 10.0.2.1 port 4500 udp to g2 port 4500"));
        up.Results.ShouldHaveSingleItem().Failures.ShouldBeEmpty();
    }

    private static string IpsecBehindAFrontDoor(string dnat) => Lines([
            "range n1 10.0.1.0/24", "range n2 10.0.2.0/24", "range n3 10.0.3.0/24",
            "segment s1 vlan 10 ranges n1", "segment s2 vlan 20 ranges n2", "segment s3 vlan 30 ranges n3",
            "router r {", "  interface a 10.0.1.254 on s1", "  interface b 10.0.2.254 on s2", "}",
            "vpn-gateway g1 {", "  interface i 10.0.1.1 on s1", "  route default via r", "  route 10.0.3.0/24 via t", "}",
            "router front {", "  interface o 10.0.2.1 on s2", "  interface i 10.0.3.254 on s3", "  route default via r", dnat, "}",
            "vpn-gateway g2 {", "  interface i 10.0.3.1 on s3", "  route default via front", "  route 10.0.1.0/24 via t", "}",
            "vm web on h {", "  interface i 10.0.3.5 on s3", "  route default via front", "}", "host h",
            "tunnel t ipsec between g1 and 10.0.2.1", "flow f {", "  from g1", "  to web port 80", "}",
        ]);

    [Fact]
    public void WrongAnswer2_Tcp22ToTheAlbsPublicAddress_IsRefusedByTheWorkerThatHoldsIt()
    {
        var run = Samples.Run(Samples.Files("samples/ibm-cloud-hybrid"));
        var user = run.Engine.FindDevice("internet.user");
        var (forward, reply) = new FlowRunner(run.Engine).Trace(user, FlowDestinationKind.Address, "", 0xCB007112u, Protocol.Tcp, 22);
        forward.Disposition.ShouldBe(Disposition.DeniedIn);
        reply.ShouldBeNull();
        // kube-proxy translates only the service's ports; tcp/22 stays at the worker that holds the address.
        TraceWords.Reason(run.Image, forward).ShouldBe("nothing listens on tcp/22 at ibm-cloud.iks.worker-1");
    }

    [Fact]
    public void WrongAnswer2_WithoutItsDnat_TheEsgRefusesTheWebTraffic()
    {
        var files = Samples.Files("samples/ibm-cloud-hybrid");
        files["vcenter.netflow"] = Lines(files["vcenter.netflow"].Split('\n').Where(l => !l.TrimStart().StartsWith("dnat 203.0.113.35", StringComparison.Ordinal)));
        var result = Samples.Run(files).Flow("internet-to-icp-web-same-host-same-worker");
        result.Disposition.ShouldBe(Disposition.DeniedIn);
        result.Forward.End.Device.ShouldBe(result.Forward.LastDevice);
        result.Passed.ShouldBeFalse();
    }

    [Fact]
    public void WrongAnswer2_AWorkloadAcceptsOnlyThePortsItServes_AndTheFlowNamesIt()
    {
        var run = Samples.Run(Samples.Files("samples/ibm-cloud-hybrid"));
        var runner = new FlowRunner(run.Engine);
        var pod = run.Engine.FindDevice("ibm-cloud.iks.web-1");
        var db = run.Engine.FindDevice("ibm-cloud.vcs.db");
        runner.Trace(pod, FlowDestinationKind.Address, "", 0xC0A80A14u, Protocol.Tcp, 22).Forward.Disposition.ShouldBe(Disposition.DeniedIn);
        var accepted = runner.Trace(pod, FlowDestinationKind.Address, "", 0xC0A80A14u, Protocol.Tcp, 5432).Forward;
        accepted.End.Kind.ShouldBe(EndKind.Accepted);
        accepted.End.Device.ShouldBe(db);
        var listener = accepted.End.Row;
        run.Image.Listeners.Port[listener].ShouldBe(5432);
        run.Image.Location(run.Image.Listeners.Source[listener]).ShouldStartWith("vcenter.netflow(");
    }

    [Fact]
    public void ASmallNetworksWorkloadWithoutServes_AcceptsEveryPort_ButARouterOnlyPing()
    {
        var run = Run(ConnectionIntoAPod);
        var c = run.Engine.FindDevice("c");
        var runner = new FlowRunner(run.Engine);
        runner.Trace(c, FlowDestinationKind.Address, "", 0xAC1E010Au, Protocol.Udp, 9999).Forward.Disposition.ShouldBe(Disposition.Accepted);
        runner.Trace(c, FlowDestinationKind.Address, "", 0x0A00000Au, Protocol.Tcp, 22).Forward.Disposition.ShouldBe(Disposition.DeniedIn);
        runner.Trace(c, FlowDestinationKind.Address, "", 0x0A00000Au, Protocol.Icmp, 0).Forward.Disposition.ShouldBe(Disposition.Accepted);
    }

    [Fact]
    public void NatOutgoingInOneLine_TranslatesEveryDestinationExceptThePodPool()
    {
        var run = Run(Lines([
            "range lan 10.0.0.0/24", "range pods 172.30.0.0/16 cluster-pod", "range pods-a 172.30.1.0/24 cluster-pod", "range pods-b 172.30.2.0/24 cluster-pod",
            "segment s vlan 10 ranges lan",
            "client c {", "  interface i 10.0.0.5 on s", "}",
            "worker w1 {", "  interface i 10.0.0.10 on s", "  route 172.30.2.0/24 via w2", "  snat pods toward any except pods as egress", "}",
            "worker w2 {", "  interface i 10.0.0.11 on s", "  route 172.30.1.0/24 via w1", "}",
            "pod p1 on w1 {", "  interface eth0 172.30.1.10", "}",
            "pod p2 on w2 {", "  interface eth0 172.30.2.10", "}",
            "flow out {", "  from p1", "  to c port 80", "  step snat to w1", "}",
            "flow inside {", "  from p1", "  to p2 port 80", "}",
        ]));
        run.Results.ShouldAllBe(r => r.Passed);
        run.Flow("inside").Forward.AllSteps().ShouldNotContain(p => p.Step.Kind == StepKind.SourceNat);
    }

    [Fact]
    public void AForwardingStepByABgpLearnedRoute_SaysWhichPeerItCameFrom()
    {
        var run = Samples.Run(Samples.Files("samples/ibm-cloud-hybrid"));
        // Flow 3: the BCR routes the vCenter Server VM network it learned from the ESG.
        var bcr = run.Flow("iks-web-to-vcs-db").Forward.Hops.Single(h => run.Engine.DeviceName(h.Device) == "ibm-cloud.bcr");
        var step = bcr.Steps.Single(s => s.Kind == StepKind.Forwarded);
        run.Image.Routes.Origin[step.Row].ShouldBe(RouteOrigin.Bgp);
        run.Engine.DeviceName(run.Image.Routes.LearnedFrom[step.Row]).ShouldBe("ibm-cloud.vcs.esg");
        TraceWords.Step(run.Image, step).ShouldContain("by its route learned over BGP from ibm-cloud.vcs.esg");
    }

    [Fact]
    public void WrongAnswer6_TheStrongSwanServiceExposingOnlyHttps_BringsTheVpnDown()
    {
        // The strongSwan VPN variant (an overlay of the base sample), as the CLI loads it.
        var sources = SourceLoader.Load([Path.Combine(Samples.Root(), "samples", "variants", "strongswan-vpn")]).Sources;
        Samples.Run(sources.ToDictionary(t => t.Path, t => t.Text, StringComparer.Ordinal)).Flow("iks-web-to-vcs-db").Passed.ShouldBeTrue();
        var files = sources.ToDictionary(t => t.Path, t => t.Text
            .Replace("dnat 10.73.32.5 port 500 udp to strongswan port 500", "dnat 10.73.32.5 port 443 tcp to strongswan port 443", StringComparison.Ordinal)
            .Replace("      dnat 10.73.32.5 port 4500 udp to strongswan port 4500 \"IPsec NAT traversal\"\n", "", StringComparison.Ordinal), StringComparer.Ordinal);
        var result = Samples.Run(files).Flow("iks-web-to-vcs-db");
        result.Forward.End.Kind.ShouldBe(EndKind.TunnelDown);
        result.Passed.ShouldBeFalse();
    }

    [Fact]
    public void ABgpWaypoint_HoldsOnlyForARouteLearnedFromThatPeer()
    {
        var files = Samples.Files("samples/ibm-cloud-hybrid");
        Samples.Run(files).Flow("iks-web-to-vcs-db").Passed.ShouldBeTrue();
        files["flows.netflow"] = files["flows.netflow"].Replace("step bgp from ibm-cloud.vcs.esg", "step bgp from ibm-cloud.iks.worker-2", StringComparison.Ordinal);
        var run = Samples.Run(files);
        var missing = run.Flow("iks-web-to-vcs-db").Failures.OfType<MissingWaypoint>().ShouldHaveSingleItem();
        FlowWords.Of(run.Image, missing).ShouldStartWith("expected a hop by a route learned over BGP from ibm-cloud.iks.worker-2", Case.Sensitive);
    }

    [Fact]
    public void WrongAnswer9_TheAlbIsReachableThroughAnyWorker_WhereverItRuns()
    {
        var files = Samples.Files("samples/ibm-cloud-hybrid");
        // The ALB moves to worker-2, with a pod address of worker-2's block. Worker-1 still holds the load-balancer address:
        // its kube-proxy sends the connection on to worker-2, masquerading it to its own address (externalTrafficPolicy
        // Cluster), so that the ALB's replies come back through worker-1's sessions and not out of worker-2.
        files["iks.netflow"] = files["iks.netflow"]
            .Replace("load-balancer alb on worker-1", "load-balancer alb on worker-2", StringComparison.Ordinal)
            .Replace("172.30.1.2", "172.30.2.2", StringComparison.Ordinal);
        var run = Samples.Run(files);
        var runner = new FlowRunner(run.Engine);
        var worker1 = run.Engine.FindDevice("ibm-cloud.iks.worker-1");
        foreach (var name in new[] { "internet-to-iks-web-same-worker", "internet-to-iks-web-same-subnet", "internet-to-iks-web-other-subnet" })
        {
            var result = run.Flow(name);
            result.Failures.ShouldBeEmpty(name);
            run.Engine.Story(result.Forward).ShouldContain("ibm-cloud.iks.alb", name);
            result.Forward.AllSteps().ShouldContain(p => p.Hop.Device == worker1 && p.Step.Kind == StepKind.SourceNat && p.Step.After!.Value.Source == 0x0A491E0Au, name);
        }
        // UDP to the load-balancer address is refused by the worker that holds it, not looped.
        var user = run.Engine.FindDevice("internet.user");
        runner.Trace(user, FlowDestinationKind.Address, "", 0xCB007112u, Protocol.Udp, 53).Forward.Disposition.ShouldBe(Disposition.DeniedIn);
    }
}
