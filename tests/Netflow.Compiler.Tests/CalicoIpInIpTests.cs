using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;
using Netflow.Testing;

namespace Netflow.Compiler.Tests;

/// <summary>
/// Calico IP-in-IP as a Calico node has it: tunl0 holds an address of the node's pod block, routes to the other nodes'
/// blocks are 'via NODE dev tunl0 onlink', so what the node sends into the tunnel (kube-proxy's masquerade above all)
/// leaves from the tunl0 address, and its reply comes back to that address through the tunnel.
/// </summary>
public sealed class CalicoIpInIpTests
{
    private const string Cluster = TestNetworks.CalicoIpInIpCluster;

    private static readonly (NetworkImage Image, ForwardingEngine Engine, IReadOnlyList<FlowResult> Results) Run =
        Samples.Run(new Dictionary<string, string> { ["net.netflow"] = Cluster });

    private static uint Ip(string text) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(System.Net.IPAddress.Parse(text).GetAddressBytes());

    private static string TunnelAddressOf((NetworkImage Image, ForwardingEngine Engine, IReadOnlyList<FlowResult> Results) run, string worker)
    {
        var endpoints = run.Image.TunnelEndpoints;
        var row = Enumerable.Range(0, endpoints.Count).Single(e => endpoints.Device[e] == run.Engine.FindDevice(worker));
        return PacketHeader.Format(endpoints.TunnelAddress[row]);
    }

    [Fact]
    public void Every_flow_holds_with_its_reply()
    {
        foreach (var result in Run.Results) result.Failures.ShouldBeEmpty(Run.Image.String(Run.Image.Flows.Name[result.Flow]));
    }

    [Fact]
    public void A_workers_tunnel_address_is_the_first_free_address_of_its_pod_block()
    {
        TunnelAddressOf(Run, "k8s.w1").ShouldBe("172.30.1.0");
        TunnelAddressOf(Run, "k8s.w2").ShouldBe("172.30.2.0");
        var taken = Samples.Run(new Dictionary<string, string> { ["net.netflow"] = Cluster.Replace("interface eth0 172.30.1.10", "interface eth0 172.30.1.0", StringComparison.Ordinal) });
        TunnelAddressOf(taken, "k8s.w1").ShouldBe("172.30.1.1");
    }

    [Fact]
    public void Kube_proxy_masquerades_toward_a_pod_across_the_tunnel_from_the_tunnel_address_and_the_reply_comes_back_through_it()
    {
        // Found by the review (K3/K4): the masquerade took the address of the interface the two workers share (the public
        // VLAN), and the reply crossed that VLAN unencapsulated; Calico sends it from tunl0 and gets it back through the tunnel.
        var result = Run.Flow("tcp-through-the-tunnel");
        var (w1, w2) = (Run.Engine.FindDevice("k8s.w1"), Run.Engine.FindDevice("k8s.w2"));
        var masquerade = result.Forward.AllSteps().Single(p => p.Step.Kind == StepKind.SourceNat);
        masquerade.Hop.Device.ShouldBe(w1);
        PacketHeader.Format(masquerade.Step.After!.Value.Source).ShouldBe("172.30.1.0");
        var reply = result.Reply.ShouldNotBeNull();
        var story = Run.Engine.Story(reply);
        var back = story.LastIndexOf("k8s.w2");
        story.Skip(back).ShouldContain("encap:IpInIp", string.Join(" ", story));
        story.Skip(back).ShouldContain("decap:IpInIp", string.Join(" ", story));
        reply.Hops.Last(h => h.Device == w2).Steps.ShouldContain(s => s.Kind == StepKind.Encapsulated && s.OuterDestination == Ip("10.0.0.10"));
        reply.Final.ShouldBe(result.Forward.Start.Reply());
    }

    [Fact]
    public void A_worker_sends_to_a_remote_pod_from_its_tunnel_address_and_holds_it_for_the_reply()
    {
        var w1 = Run.Engine.FindDevice("k8s.w1");
        var (forward, reply) = new FlowRunner(Run.Engine).Trace(w1, FlowDestinationKind.Address, "", Ip("172.30.2.10"), Protocol.Tcp, 80);
        PacketHeader.Format(forward.Start.Source).ShouldBe("172.30.1.0");
        forward.Disposition.ShouldBe(Disposition.Accepted);
        reply.ShouldNotBeNull().Disposition.ShouldBe(Disposition.Accepted);
        reply.End.Device.ShouldBe(w1);
    }

    [Fact]
    public void Between_workers_of_one_subnet_in_mode_cross_subnet_the_route_is_not_the_tunnels_and_leaves_from_the_shared_subnet()
    {
        // w2 moves onto w1's subnet: Calico's route is then 'via w2 dev eth0', unencapsulated, from eth0's address.
        var run = Samples.Run(new Dictionary<string, string>
        {
            ["net.netflow"] = Cluster.Replace("interface private 10.0.1.10 on b", "interface private 10.0.0.11 on a", StringComparison.Ordinal),
        });
        var result = run.Flow("tcp-through-the-tunnel");
        result.Forward.AllSteps().ShouldNotContain(p => p.Step.Kind == StepKind.Encapsulated);
        PacketHeader.Format(result.Forward.AllSteps().Single(p => p.Step.Kind == StepKind.SourceNat).Step.After!.Value.Source).ShouldBe("10.0.0.10");
    }

    [Fact]
    public void On_the_reference_sample_an_ALB_moved_to_a_worker_of_the_other_subnet_is_reached_from_the_tunnel_address()
    {
        // The review's one-line edit: the IKS ALB on worker-3 (other subnet) behind the load-balancer address held on worker-1.
        var files = Samples.Files("samples/ibm-cloud-hybrid");
        files["iks.netflow"] = files["iks.netflow"]
            .Replace("load-balancer alb on worker-1", "load-balancer alb on worker-3", StringComparison.Ordinal)
            .Replace("interface eth0 172.30.1.2", "interface eth0 172.30.3.2", StringComparison.Ordinal);
        var run = Samples.Run(files);
        var result = run.Flow("internet-to-iks-web-same-worker");
        var masquerade = result.Forward.AllSteps().Single(p => p.Step.Kind == StepKind.SourceNat && p.Step.Row < 0);
        PacketHeader.Format(masquerade.Step.After!.Value.Source).ShouldBe("172.30.1.0");
        var reply = result.Reply.ShouldNotBeNull();
        var worker3 = run.Engine.FindDevice("ibm-cloud.iks.worker-3");
        reply.Hops.Last(h => h.Device == worker3).Steps.ShouldContain(s => s.Kind == StepKind.Encapsulated);
        reply.Final.ShouldBe(result.Forward.Start.Reply());
    }
}
