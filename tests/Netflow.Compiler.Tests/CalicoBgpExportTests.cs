using Netflow.Language.Routing;

namespace Netflow.Compiler.Tests;

/// <summary>
/// What a Calico node exports over BGP: BIRD's export filter (calico_export_to_bgp_peers) accepts the routes of the
/// cluster's IP pools and rejects everything else, so a worker passes on no route it learned outside the pod network.
/// </summary>
public sealed class CalicoBgpExportTests
{
    private const string Network = """
range left 192.168.50.0/24
range l1 10.0.1.0/30
range l2 10.0.2.0/30
segment s1 link ranges l1
segment s2 link ranges l2
segment lan subnet ranges left
router r1 {
  interface to-w 10.0.1.1 on s1
  interface inside 192.168.50.1 on lan
  bgp as 65001 advertises left
  bgp peer k8s.w
}
router r2 {
  interface to-w 10.0.2.1 on s2
  bgp as 65002
  bgp peer k8s.w
}
site k8s {
  range pods 172.30.0.0/16 cluster-pod {
    range pods-w 172.30.1.0/24
  }
  worker w {
    interface a 10.0.1.2 on s1
    interface b 10.0.2.2 on s2
    bgp as 64512 advertises pods-w
    bgp peer r1
    bgp peer r2
  }
  pod p on w {
    interface eth0 172.30.1.10
  }
}
""";

    private static List<RouteEntry> BgpRoutes(Language.Compilation compilation, string device) =>
        [.. compilation.Routes[compilation.Model.Devices.Single(d => d.QualifiedName == device)].Entries.Where(e => e.Source == RouteSource.Bgp)];

    [Fact]
    public void A_worker_exports_its_pod_block_to_every_peer_and_passes_on_no_route_it_learned_outside_the_pod_network()
    {
        // Checked after the review: a worker between two routers passed what it learned from one (here 192.168.50.0/24)
        // on to the other, as a plain eBGP speaker would; Calico's BIRD exports only the pools' routes.
        var compilation = Samples.Compile(new Dictionary<string, string> { ["net.netflow"] = Network });
        compilation.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()).ShouldBeEmpty();
        BgpRoutes(compilation, "k8s.w").Select(e => e.Prefix.ToString()).ShouldBe(["192.168.50.0/24"]);
        BgpRoutes(compilation, "r1").Select(e => e.Prefix.ToString()).ShouldBe(["172.30.1.0/24"]);
        BgpRoutes(compilation, "r2").Select(e => e.Prefix.ToString()).ShouldBe(["172.30.1.0/24"]);
    }
}
