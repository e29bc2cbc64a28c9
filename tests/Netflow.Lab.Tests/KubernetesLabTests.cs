using Netflow.Testing;
namespace Netflow.Lab.Tests;

/// <summary>
/// kube-proxy and a proxying load balancer in the kernel: the masquerade that kube-proxy adds to what it translates
/// (unless it comes from the pod network), and a proxy that accepts and opens its own connection, agree with the engine
/// hop by hop and in the addresses the proxy and the workload see.
/// </summary>
public sealed class KubernetesLabTests
{
    private const string Cluster = TestNetworks.KubernetesCluster;

    [LabFact]
    public void Services_and_a_proxy_agree_with_the_kernel_hop_by_hop_and_in_the_addresses_seen()
    {
        LabFixture.RequireLab();
        var report = LabFixture.Test(LabFixture.CompileText(Cluster));
        report.Agrees.ShouldBeTrue(LabFixture.Describe(report));
        report.Flows.Count.ShouldBe(4);
        // The proxy is a hop of both: the client's connection ends at it, its own goes on to the web pod.
        var proxied = report.Flows.Single(f => f.Flow == "through-the-load-balancer");
        proxied.Kernel.Devices.ShouldBe(["c", "k8s.w2", "k8s.w1", "k8s.lb", "k8s.w1", "k8s.web"]);
        proxied.KernelReply!.Devices.ShouldBe(["k8s.web", "k8s.w1", "k8s.lb", "k8s.w1", "k8s.w2", "c"]);
    }

    [LabFact]
    public void Calico_ip_in_ip_and_proxies_with_several_targets_and_on_udp_agree_with_the_kernel()
    {
        // The masquerade toward a pod across the tunnel leaves from tunl0's address and its reply comes back through the
        // tunnel; the TCP proxy connects to the target the engine's hash chose (its second), the UDP proxy relays.
        LabFixture.RequireLab();
        var report = LabFixture.Test(LabFixture.CompileText(TestNetworks.CalicoIpInIpCluster));
        report.Agrees.ShouldBeTrue(LabFixture.Describe(report));
        var tcp = report.Flows.Single(f => f.Flow == "tcp-through-the-tunnel");
        tcp.Kernel.Devices.ShouldBe(["c", "k8s.w1", "k8s.w2", "k8s.lb", "k8s.w2", "k8s.web-2"]);
        tcp.KernelReply!.Devices.ShouldBe(["k8s.web-2", "k8s.w2", "k8s.lb", "k8s.w2", "k8s.w1", "c"]);
        var udp = report.Flows.Single(f => f.Flow == "udp-through-the-tunnel");
        udp.Kernel.Devices.ShouldBe(["c", "k8s.w1", "k8s.w2", "k8s.lb", "k8s.w2", "k8s.w1", "k8s.web-1"]);
        udp.KernelReply!.Devices.ShouldBe(["k8s.web-1", "k8s.w1", "k8s.w2", "k8s.lb", "k8s.w2", "k8s.w1", "c"]);
    }
}
