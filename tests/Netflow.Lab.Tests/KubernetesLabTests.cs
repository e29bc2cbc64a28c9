namespace Netflow.Lab.Tests;

/// <summary>
/// kube-proxy and a proxying load balancer in the kernel: the masquerade that kube-proxy adds to what it translates
/// (unless it comes from the pod network), and a proxy that accepts and opens its own connection, agree with the engine
/// hop by hop and in the addresses the proxy and the workload see.
/// </summary>
public sealed class KubernetesLabTests
{
    private const string Cluster = """
range lan 10.0.0.0/24
segment s vlan 10 ranges lan
client c {
  interface i 10.0.0.5 on s
  route 172.21.0.0/16 via k8s.w1
}
site k8s {
  range pods 172.30.0.0/16 cluster-pod {
    range pods-1 172.30.1.0/24
    range pods-2 172.30.2.0/24
  }
  range services 172.21.0.0/16 cluster-service
  worker w1 {
    interface i 10.0.0.10 on s
    route pods-2 via w2
  }
  worker w2 {
    interface i 10.0.0.11 on s
    interface vip 10.0.0.100 on s
    route pods-1 via w1
  }
  pod web on w1 {
    interface eth0 172.30.1.10
    serves tcp 8080
  }
  pod other on w2 {
    interface eth0 172.30.2.10
  }
  service web-svc {
    type node-port
    cluster-ip 172.21.0.10
    port 80 tcp to web port 8080 node-port 30080
  }
  load-balancer lb on w1 {
    interface eth0 172.30.1.2
    proxy port 443 tcp to web port 8080
  }
  service lb-svc {
    type load-balancer 10.0.0.100
    port 443 to lb
  }
}
flow node-port-through-the-other-worker {
  from c
  to 10.0.0.11 port 30080 tcp
}
flow cluster-ip-from-a-pod {
  from k8s.other
  to 172.21.0.10 port 80 tcp
}
flow cluster-ip-from-outside {
  from c
  to 172.21.0.10 port 80 tcp
}
flow through-the-load-balancer {
  from c
  to 10.0.0.100 port 443 tcp
}
""";

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
}
