using Netflow.Language.Binding;

namespace Netflow.Language.Tests;

/// <summary>A service's type, cluster IP and ports, and a device's proxy lines, as the binder reads them (and NF2021).</summary>
public sealed class ServiceBindingTests
{
    private static Compilation Compile(string members, string kind = "service") => TestSupport.Compile($$"""
site k8s {
  range pods 172.30.0.0/16 cluster-pod
  range nodes 10.0.0.0/24
  segment s vlan 10 ranges nodes
  worker w {
    interface i 10.0.0.10 on s
  }
  pod web on w {
    interface eth0 172.30.1.10
  }
  {{kind}} svc{{(kind == "service" ? "" : " on w")}} {
{{members}}
  }
}
""");

    private static string[] Codes(Compilation compilation) => [.. compilation.Diagnostics.Select(d => d.Code)];

    [Fact]
    public void A_load_balancer_service_binds_its_type_addresses_and_ports()
    {
        var compilation = Compile("""
    type load-balancer 203.0.113.18
    cluster-ip 172.21.0.10
    port 443 tcp to web port 8443 node-port 30443
    port 53 udp to web
""");
        compilation.Diagnostics.ShouldBeEmpty();
        var service = compilation.Model.Devices.Single(d => d.Name == "svc");
        service.ServiceType.ShouldBe(ServiceType.LoadBalancer);
        service.LoadBalancerAddress.ToString().ShouldBe("203.0.113.18");
        service.ClusterIp.ToString().ShouldBe("172.21.0.10");
        service.ServicePorts.Select(p => (p.Port, p.Protocol, p.NodePort, p.Targets[0].Port)).ShouldBe([(443, Protocol.Tcp, (int?)30443, (int?)8443), (53, Protocol.Udp, null, null)]);
    }

    [Fact]
    public void Without_a_type_a_service_is_a_cluster_ip_and_a_proxy_line_binds_on_a_load_balancer()
    {
        var service = Compile("    cluster-ip 172.21.0.10\n    port 80 to web").Model.Devices.Single(d => d.Name == "svc");
        service.ServiceType.ShouldBe(ServiceType.ClusterIp);
        var lb = Compile("    interface eth0 172.30.1.2\n    proxy port 443 tcp to web port 8080", "load-balancer").Model.Devices.Single(d => d.Name == "svc");
        var proxy = lb.Proxies.ShouldHaveSingleItem();
        (proxy.Port, proxy.Protocol, proxy.Targets[0].Port).ShouldBe((443, (Protocol?)Protocol.Tcp, (int?)8080));
    }

    [Theory]
    [InlineData("    type load-balancer\n    cluster-ip 172.21.0.10", "names no external address")]
    [InlineData("    type node-port 203.0.113.18\n    cluster-ip 172.21.0.10", "which has no external address")]
    [InlineData("    type node-port\n    cluster-ip 172.21.0.10\n    port 80 to web", "names no node port")]
    [InlineData("    port 80 to web", "declares no 'cluster-ip ADDRESS'")]
    [InlineData("    cluster-ip 172.21.0.10\n    proxy port 80 to web", "A service does not proxy")]
    public void NF2021_a_service_whose_lines_do_not_fit_its_type(string members, string message)
    {
        var diagnostic = Compile(members).Diagnostics.ShouldHaveSingleItem();
        diagnostic.Code.ShouldBe("NF2021");
        diagnostic.Message.ShouldContain(message);
    }

    [Fact]
    public void NF2021_service_lines_on_another_device()
    {
        var compilation = Compile("    interface eth0 172.30.1.2\n    type cluster-ip\n    cluster-ip 172.21.0.10\n    port 80 to web", "load-balancer");
        Codes(compilation).ShouldBe(["NF2021", "NF2021", "NF2021"]);
        compilation.Diagnostics[0].Message.ShouldContain("belong to a service, but 'svc' is a load-balancer");
    }
}
