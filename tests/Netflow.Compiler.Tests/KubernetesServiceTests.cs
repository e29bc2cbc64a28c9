using Netflow.Language.Diagnostics;
using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;
using Netflow.Runtime.Rendering;
using Netflow.Testing;

namespace Netflow.Compiler.Tests;

/// <summary>
/// Kubernetes services as kube-proxy installs them on every worker (one translation to an endpoint, masquerade unless
/// the source is a pod of the cluster), and a load balancer that proxies: it accepts the connection and opens a new one.
/// </summary>
public sealed class KubernetesServiceTests
{
    private const string Cluster = TestNetworks.KubernetesCluster;

    private static readonly (NetworkImage Image, ForwardingEngine Engine, IReadOnlyList<FlowResult> Results) Run =
        Samples.Run(new Dictionary<string, string> { ["net.netflow"] = Cluster });

    private static IEnumerable<TraceStep> Steps(Trace trace, StepKind kind) => trace.AllSteps().Select(p => p.Step).Where(s => s.Kind == kind);

    [Fact]
    public void Every_flow_holds_with_its_reply()
    {
        foreach (var result in Run.Results) result.Failures.ShouldBeEmpty(Run.Image.String(Run.Image.Flows.Name[result.Flow]));
    }

    [Fact]
    public void A_node_port_is_reached_through_any_worker_translated_once_and_masqueraded_to_that_worker()
    {
        var result = Run.Flow("node-port-through-the-other-worker");
        var w2 = Run.Engine.FindDevice("k8s.w2");
        var dnat = Steps(result.Forward, StepKind.DestinationNat).ShouldHaveSingleItem();
        PacketHeader.Format(dnat.After!.Value.Destination).ShouldBe("172.30.1.10");
        dnat.After.Value.DestinationPort.ShouldBe(8080);
        var masquerade = result.Forward.AllSteps().Single(p => p.Step.Kind == StepKind.SourceNat);
        masquerade.Hop.Device.ShouldBe(w2);
        PacketHeader.Format(masquerade.Step.After!.Value.Source).ShouldBe("10.0.0.11");
        // The reply comes back through the worker whose sessions undo both translations.
        result.Reply!.Hops.Select(h => h.Device).ShouldContain(w2);
        result.Reply.Final.ShouldBe(result.Forward.Start.Reply());
    }

    [Fact]
    public void A_cluster_ip_from_a_pod_of_the_cluster_is_not_masqueraded()
    {
        var result = Run.Flow("cluster-ip-from-a-pod");
        Steps(result.Forward, StepKind.DestinationNat).ShouldHaveSingleItem();
        Steps(result.Forward, StepKind.SourceNat).ShouldBeEmpty();
        PacketHeader.Format(result.Forward.Final.Source).ShouldBe("172.30.2.10");
    }

    [Fact]
    public void A_cluster_ip_from_outside_the_pod_network_is_masqueraded()
    {
        var result = Run.Flow("cluster-ip-from-outside");
        PacketHeader.Format(Steps(result.Forward, StepKind.SourceNat).ShouldHaveSingleItem().After!.Value.Source).ShouldBe("10.0.0.10");
    }

    [Fact]
    public void A_load_balancer_address_is_translated_once_straight_to_the_endpoint_not_through_the_cluster_ip()
    {
        var dnat = Steps(Run.Flow("through-the-load-balancer").Forward, StepKind.DestinationNat).ShouldHaveSingleItem();
        PacketHeader.Format(dnat.Before!.Value.Destination).ShouldBe("10.0.0.100");
        PacketHeader.Format(dnat.After!.Value.Destination).ShouldBe("172.30.1.2");
    }

    [Fact]
    public void A_proxy_accepts_the_connection_and_opens_a_new_one_whose_reply_comes_back_to_it()
    {
        var result = Run.Flow("through-the-load-balancer");
        var lb = Run.Engine.FindDevice("k8s.lb");
        var atLb = result.Forward.Hops.First(h => h.Device == lb).Steps;
        var accepted = atLb.First(s => s.Kind == StepKind.Delivered);
        Run.Image.Listeners.Port[accepted.Row].ShouldBe(443);
        var proxied = atLb.Single(s => s.Kind == StepKind.Proxied);
        proxied.Before.ShouldBe(accepted.Before);
        // The new connection is the proxy's own: from its address, to the web pod's port.
        proxied.After!.Value.ShouldBe(new PacketHeader(0xAC1E0102u, 0xAC1E010Au, Protocol.Tcp, FlowRunner.SourcePort, 8080));
        result.Forward.Final.ShouldBe(proxied.After.Value);
        result.Forward.End.Device.ShouldBe(Run.Engine.FindDevice("k8s.web"));
        // The web pod answers the proxy, and the proxy answers the client on the connection it accepted.
        var reply = result.Reply!;
        reply.Hops.Select(h => h.Device).ShouldContain(lb);
        var answered = reply.AllSteps().Single(p => p.Step.Kind == StepKind.Proxied);
        answered.Hop.Device.ShouldBe(lb);
        answered.Step.Reverse.ShouldBeTrue();
        answered.Step.Before.ShouldBe(proxied.After.Value.Reply());
        answered.Step.After.ShouldBe(accepted.Before!.Value.Reply());
        reply.Final.ShouldBe(result.Forward.Start.Reply());
    }

    [Fact]
    public void A_proxy_refuses_a_port_it_does_not_proxy()
    {
        var other = Run.Engine.FindDevice("k8s.other");
        var (forward, _) = new FlowRunner(Run.Engine).Trace(other, FlowDestinationKind.Address, "", 0xAC1E0102u, Protocol.Tcp, 22);
        forward.Disposition.ShouldBe(Disposition.DeniedIn);
        forward.End.Device.ShouldBe(Run.Engine.FindDevice("k8s.lb"));
    }

    [Fact]
    public void Without_the_proxy_line_nothing_reaches_the_web_pod_through_the_load_balancer()
    {
        var run = Samples.Run(new Dictionary<string, string> { ["net.netflow"] = Cluster.Replace("    proxy port 443 tcp to web port 8080\n", "", StringComparison.Ordinal) });
        var result = run.Flow("through-the-load-balancer");
        result.Disposition.ShouldBe(Disposition.DeniedIn);
        result.Passed.ShouldBeFalse();
    }

    [Fact]
    public void A_missed_proxy_step_is_named_as_a_proxy_in_the_failure()
    {
        // Found by the review: a 'step proxy' the trace lacked was worded as an encapsulation ("L2 concentrator").
        var run = Samples.Run(new Dictionary<string, string> { ["net.netflow"] = Cluster.Replace("  step proxy to k8s.web\n", "  step proxy to k8s.other\n", StringComparison.Ordinal) });
        var result = run.Flow("through-the-load-balancer");
        var words = FlowWords.Of(run.Image, result.Failures);
        words.ShouldContain(f => f.StartsWith("expected a proxy opening a connection to ", StringComparison.Ordinal), string.Join("\n", words));
    }

    [Fact]
    public void A_missed_service_translation_step_names_the_service_and_its_endpoints_not_its_cluster_ip()
    {
        // Found by the review (K1): 'step dnat to SERVICE' failed as "a destination NAT to 172.21.0.20" (the cluster IP),
        // though kube-proxy translates every address of the service straight to an endpoint.
        var run = Samples.Run(new Dictionary<string, string> { ["net.netflow"] = Cluster.Replace("  step dnat to k8s.web-svc\n", "  step dnat to k8s.lb-svc\n", StringComparison.Ordinal) });
        var words = FlowWords.Of(run.Image, run.Flow("node-port-through-the-other-worker").Failures);
        var missed = words.ShouldHaveSingleItem();
        missed.ShouldStartWith("expected kube-proxy to translate an address of the service k8s.lb-svc to its endpoint k8s.lb:443 after ");
        missed.ShouldNotContain("172.21.0.20");
    }

    [Fact]
    public void Kube_proxys_translation_is_worded_as_the_services_address_to_its_endpoint()
    {
        var dnat = Steps(Run.Flow("node-port-through-the-other-worker").Forward, StepKind.DestinationNat).ShouldHaveSingleItem();
        TraceWords.Step(Run.Image, dnat).ShouldBe(
            "translates the destination 10.0.0.11:30080, an address of the service k8s.web-svc, to its endpoint k8s.web at 172.30.1.10:8080 (kube-proxy)");
    }

    [Theory]
    [InlineData("ibm-cloud.vcs.icp.web-1")]
    [InlineData("ibm-cloud.vcs.icp.web-2")]
    [InlineData("ibm-cloud.vcs.icp.web-3")]
    public void A_pod_on_any_ICP_worker_reaches_a_cluster_IP_unmasqueraded(string pod)
    {
        // Found by the review: ICP's pod network is one Calico block per worker, and only the first block counted as the
        // cluster's pods, so pods on worker-2 and worker-3 were masqueraded to their node going to a cluster IP.
        var (image, engine, _) = Samples.Run(Samples.Files("samples/ibm-cloud-hybrid"));
        var ingress = (172u << 24) | (19u << 16) | 10u;
        var (forward, reply) = new FlowRunner(engine).Trace(engine.FindDevice(pod), FlowDestinationKind.Address, "", ingress, Protocol.Tcp, 443);
        Steps(forward, StepKind.DestinationNat).ShouldHaveSingleItem();
        Steps(forward, StepKind.SourceNat).ShouldBeEmpty();
        forward.Disposition.ShouldBe(Disposition.Accepted, image.String(image.Devices.Name[forward.LastDevice]));
        reply.ShouldNotBeNull().Disposition.ShouldBe(Disposition.Accepted);
    }

    [Fact]
    public void A_pod_reaching_itself_through_its_own_service_is_masqueraded_so_its_reply_comes_back()
    {
        // Found by the review: kube-proxy marks hairpin traffic (the endpoint chosen is the sender) for masquerade, or the
        // pod would answer itself directly and the connection would fail; without it the reply arrived untranslated.
        var (forward, reply) = new FlowRunner(Run.Engine).Trace(Run.Engine.FindDevice("k8s.web"), FlowDestinationKind.Address, "",
            (172u << 24) | (21u << 16) | 10u, Protocol.Tcp, 80);
        forward.Disposition.ShouldBe(Disposition.Accepted);
        Steps(forward, StepKind.SourceNat).ShouldHaveSingleItem();
        reply.ShouldNotBeNull().Disposition.ShouldBe(Disposition.Accepted);
        reply.Final.ShouldBe(forward.Start.Reply());
    }

    // ---- NF2022 ------------------------------------------------------------------------------------------------

    private static IReadOnlyList<Diagnostic> Unattracted(string network) =>
        [.. Checker.CheckNetwork(Samples.Compile(new Dictionary<string, string> { ["net.netflow"] = network })).Diagnostics.Where(d => d.Code == "NF2022")];

    [Fact]
    public void NF2022_a_load_balancer_address_no_device_holds_and_no_route_sends_to_a_worker_is_reported_at_its_type_line()
    {
        // Found by the review: deleting the worker's interface that holds the load-balancer address left no static diagnostic.
        Unattracted(Cluster).ShouldBeEmpty();
        var diagnostic = Unattracted(Cluster.Replace("    interface vip 10.0.0.100 on s\n", "", StringComparison.Ordinal)).ShouldHaveSingleItem();
        diagnostic.Message.ShouldStartWith("Nothing attracts the load-balancer address 10.0.0.100 of the service 'lb-svc'");
        diagnostic.Location.Start.Line.ShouldBe(Cluster.Split('\n').ToList().FindIndex(l => l.Contains("type load-balancer", StringComparison.Ordinal)) - 1);
    }

    [Fact]
    public void NF2022_a_route_that_sends_the_address_to_a_worker_attracts_it()
    {
        var routed = Cluster.Replace("    interface vip 10.0.0.100 on s\n", "", StringComparison.Ordinal)
            .Replace("  route 172.21.0.0/16 via k8s.w1\n", "  route 172.21.0.0/16 via k8s.w1\n  route 10.0.0.100/32 via k8s.w2\n", StringComparison.Ordinal);
        Unattracted(routed).ShouldBeEmpty();
    }

    // ---- NF2020 ------------------------------------------------------------------------------------------------

    private static IReadOnlyList<Diagnostic> Check(string dnats)
    {
        var diagnostics = Checker.CheckNetwork(Samples.Compile(new Dictionary<string, string>
        {
            ["net.netflow"] = $$"""
range lan 10.0.0.0/24
segment s subnet ranges lan
router gw {
  interface i 10.0.0.1 on s
{{dnats}}
}
""",
        })).Diagnostics;
        diagnostics.Where(d => d.IsError && d.Code != "NF2020").Select(d => d.ToString()).ShouldBeEmpty();
        return [.. diagnostics.Where(d => d.Code == "NF2020")];
    }

    [Fact]
    public void NF2020_a_cycle_of_destination_nat_rules_is_reported_once_at_its_first_rule()
    {
        var diagnostic = Check("""
  dnat 203.0.113.1 to 203.0.113.2
  dnat 203.0.113.2 to 203.0.113.1
""").ShouldHaveSingleItem();
        diagnostic.Location.Start.Line.ShouldBe(4); // the first dnat line (0-based)
        diagnostic.Message.ShouldContain("chain in a cycle: 203.0.113.1 → 203.0.113.2 → 203.0.113.1;");
    }

    [Fact]
    public void NF2020_a_rule_that_translates_to_what_another_rule_matches_is_reported_at_the_start_of_the_chain()
    {
        const string two = """
  dnat 203.0.113.2 to 203.0.113.3
  dnat 203.0.113.1 to 203.0.113.2
""";
        var diagnostic = Check(two).ShouldHaveSingleItem();
        diagnostic.Location.Start.Line.ShouldBe(5); // the rule nothing leads to: 203.0.113.1
        diagnostic.Message.ShouldContain("chain into each other: 203.0.113.1 → 203.0.113.2 → 203.0.113.3;");
        diagnostic.Message.ShouldContain("so the packet goes on to 203.0.113.2.");
    }

    [Fact]
    public void A_device_translates_a_connections_destination_once_by_its_first_matching_rule()
    {
        // Found by the review: with a second rule for what the first translated to, the ESG translated twice; netfilter
        // gives a connection one DNAT verdict per hook and an NSX edge applies its first matching rule.
        var check = Checker.Check([new Netflow.Language.Text.SourceText("net.netflow", """
range lan 10.0.0.0/24
segment s subnet ranges lan
router gw {
  interface i 10.0.0.1 on s
  dnat 198.51.100.50 to 198.51.100.60
  dnat 198.51.100.60 to 198.51.100.70
}
client c {
  interface eth0 10.0.0.5 on s
  route default via gw
}
""")]);
        var engine = new ForwardingEngine(check.Image.ShouldNotBeNull());

        var (forward, _) = new FlowRunner(engine).Trace(engine.FindDevice("c"), FlowDestinationKind.Address, "", 0xC6336432u, Protocol.Tcp, 80);

        // 198.51.100.50 becomes 198.51.100.60, and stays so.
        Steps(forward, StepKind.DestinationNat).ShouldHaveSingleItem().After!.Value.Destination.ShouldBe(0xC633643Cu);
    }

    [Fact]
    public void NF2020_rules_on_other_ports_make_no_cycle()
    {
        Check("""
  dnat 203.0.113.1 port 80 tcp to 203.0.113.2 port 8080
  dnat 203.0.113.2 port 80 tcp to 203.0.113.1 port 80
""").ShouldHaveSingleItem().Message.ShouldContain("chain into each other: 203.0.113.2:80 → 203.0.113.1:80 → 203.0.113.2:8080;");
    }
}
