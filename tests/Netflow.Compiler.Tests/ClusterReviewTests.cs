using Netflow.Compiler.Lowering;
using Netflow.Language.Diagnostics;
using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;

namespace Netflow.Compiler.Tests;

/// <summary>
/// Verdicts a network architect found wrong by editing one line of the reference sample, against what the Kubernetes API
/// server, kube-proxy and netfilter do: a service outside every cluster (NF2023), cluster IPs the API server refuses
/// (NF2024, NF2025), and a source NAT to an address another device holds (NF2010).
/// </summary>
public sealed class ClusterReviewTests
{
    private const string Sample = "samples/ibm-cloud-hybrid";
    private const uint StrayClusterIp = 0xAC153C0Au; // 172.21.60.10

    private static Dictionary<string, string> Edited(string file, string line, string replacement)
    {
        var files = Samples.Files(Sample);
        files[file].ShouldContain(line);
        files[file] = files[file].Replace(line, replacement, StringComparison.Ordinal);
        return files;
    }

    private static Dictionary<string, string> With(string extra)
    {
        var files = Samples.Files(Sample);
        files["extra.netflow"] = extra;
        return files;
    }

    private static IReadOnlyList<Diagnostic> Diagnostics(Dictionary<string, string> files, string code) =>
        [.. Checker.Check(Samples.Compile(files)).Diagnostics.Where(d => d.Code == code)];

    /// <summary>Where <paramref name="text"/> starts in a file, as a diagnostic's location prints it.</summary>
    private static string At(Dictionary<string, string> files, string file, string text)
    {
        var before = files[file][..files[file].IndexOf(text, StringComparison.Ordinal)];
        return $"{file}({before.Count(c => c == '\n') + 1},{before.Length - before.LastIndexOf('\n')})";
    }

    private static NetworkImage Image(Dictionary<string, string> files) => ImageCompiler.Compile(Samples.Compile(files));

    /// <summary>The devices that install kube-proxy's rules of <paramref name="service"/>.</summary>
    private static List<string> Installers(NetworkImage image, string service)
    {
        var engine = new ForwardingEngine(image);
        var owner = engine.FindDevice(service);
        var nats = image.DestinationNats;
        return [.. Enumerable.Range(0, nats.Count).Where(r => nats.Owner[r] == owner && nats.Kind[r] == DestinationNatKind.KubeProxy)
            .Select(r => engine.DeviceName(nats.Device[r])).Distinct().Order(StringComparer.Ordinal)];
    }

    // ---- NF2023 ------------------------------------------------------------------------------------------------

    private const string TopLevelService = """
service stray "A service declared outside every cluster" {
  cluster-ip 172.21.60.10
  port 80 tcp to ibm-cloud.iks.web-1 port 8080
}
""";

    [Fact]
    public void NF2023_a_service_outside_every_cluster_is_reported_at_its_name_and_no_kube_proxy_installs_it()
    {
        // Found by the review: its rules were installed on every worker of both clusters, so an ICP pod's packet to its
        // cluster IP was translated by an ICP worker, as no Kubernetes cluster would.
        var files = With(TopLevelService);
        var diagnostic = Diagnostics(files, "NF2023").ShouldHaveSingleItem();
        diagnostic.IsError.ShouldBeTrue();
        diagnostic.Location.ToString().ShouldBe(At(files, "extra.netflow", "stray"));
        diagnostic.Message.ShouldEndWith("Its endpoints run in the cluster 'ibm-cloud.iks': declare it inside that site (sites merge across files).");

        var image = Image(files);
        Installers(image, "stray").ShouldBeEmpty();
        var engine = new ForwardingEngine(image);
        var (forward, _) = new FlowRunner(engine).Trace(engine.FindDevice("ibm-cloud.vcs.icp.web-1"), FlowDestinationKind.Address, "", StrayClusterIp, Protocol.Tcp, 80);
        forward.AllSteps().ShouldNotContain(p => p.Step.Kind == StepKind.DestinationNat);
    }

    [Fact]
    public void NF2023_a_service_in_a_site_around_two_clusters_belongs_to_neither()
    {
        var files = With("site ibm-cloud {\n" + TopLevelService.Replace("ibm-cloud.iks.web-1", "iks.web-1", StringComparison.Ordinal) + "}\n");
        Diagnostics(files, "NF2023").ShouldHaveSingleItem().Message.ShouldContain("The service 'stray' is declared outside every Kubernetes cluster");
        Installers(Image(files), "ibm-cloud.stray").ShouldBeEmpty();
    }

    [Fact]
    public void A_service_in_a_site_inside_its_cluster_is_installed_by_every_worker_of_the_cluster()
    {
        // A Service belongs to the whole cluster, whichever site inside it groups its declaration.
        var files = With("site ibm-cloud {\n  site iks {\n    site apps {\n" + TopLevelService.Replace("ibm-cloud.iks.web-1", "web-1", StringComparison.Ordinal) + "    }\n  }\n}\n");
        Diagnostics(files, "NF2023").ShouldBeEmpty();
        Installers(Image(files), "ibm-cloud.iks.apps.stray").ShouldBe(["ibm-cloud.iks.worker-1", "ibm-cloud.iks.worker-2", "ibm-cloud.iks.worker-3"]);
    }

    [Fact]
    public void The_samples_services_are_installed_by_the_workers_of_their_own_cluster_only()
    {
        var image = Image(Samples.Files(Sample));
        Installers(image, "ibm-cloud.iks.alb-service").ShouldBe(["ibm-cloud.iks.worker-1", "ibm-cloud.iks.worker-2", "ibm-cloud.iks.worker-3"]);
        Installers(image, "ibm-cloud.vcs.icp.ingress-1").ShouldBe(["ibm-cloud.vcs.icp.worker-1", "ibm-cloud.vcs.icp.worker-2", "ibm-cloud.vcs.icp.worker-3"]);
    }

    // ---- NF2024 ------------------------------------------------------------------------------------------------

    [Fact]
    public void NF2024_a_cluster_ip_outside_the_clusters_service_range_is_reported_at_the_address()
    {
        // Found by the review: the API server refuses it ("provided IP is not in the valid range"); it was accepted.
        var files = Edited("iks.netflow", "cluster-ip 172.21.50.10", "cluster-ip 172.22.50.10");
        var diagnostic = Diagnostics(files, "NF2024").ShouldHaveSingleItem();
        diagnostic.IsError.ShouldBeTrue();
        diagnostic.Location.ToString().ShouldBe(At(files, "iks.netflow", "172.22.50.10"));
        diagnostic.Message.ShouldBe("The cluster IP 172.22.50.10 of the service 'alb-service' is outside the service range of the cluster 'ibm-cloud.iks' "
            + "(172.21.0.0/16), so the API server refuses it (\"provided IP is not in the valid range\"); choose an unused address inside 172.21.0.0/16 "
            + "other than its network and broadcast addresses.");
        diagnostic.RelatedLocations.ShouldHaveSingleItem().Location.ToString().ShouldBe(At(files, "address-plan.netflow", "services 172.21.0.0/16"));
    }

    [Theory]
    [InlineData("172.21.0.0", "the network address of")]
    [InlineData("172.21.255.255", "the broadcast address of")]
    public void NF2024_the_network_and_broadcast_addresses_of_the_service_range_are_not_assignable(string address, string words)
    {
        var files = Edited("iks.netflow", "cluster-ip 172.21.50.10", $"cluster-ip {address}");
        Diagnostics(files, "NF2024").ShouldHaveSingleItem().Message.ShouldStartWith($"The cluster IP {address} of the service 'alb-service' is {words} the service range");
    }

    // ---- NF2025 ------------------------------------------------------------------------------------------------

    [Fact]
    public void NF2025_a_cluster_ip_another_service_of_the_cluster_has_is_reported_at_the_second()
    {
        // Found by the review: the API server refuses the second service ("provided IP is already allocated"); it was accepted.
        var files = Edited("icp.netflow", "cluster-ip 172.19.0.11", "cluster-ip 172.19.0.10");
        var diagnostic = Diagnostics(files, "NF2025").ShouldHaveSingleItem();
        diagnostic.IsError.ShouldBeTrue();
        diagnostic.Location.ToString().ShouldBe(At(files, "icp.netflow", "172.19.0.10\n        port 443 tcp to alb-2"));
        diagnostic.Message.ShouldStartWith("The cluster IP 172.19.0.10 of the service 'ingress-2' is already the cluster IP of 'ibm-cloud.vcs.icp.ingress-1' in the cluster 'ibm-cloud.vcs.icp'");
        diagnostic.RelatedLocations.ShouldHaveSingleItem().Location.ToString().ShouldBe(At(files, "icp.netflow", "172.19.0.10\n        port 443 tcp to alb-1"));
    }

    // ---- NF2010 for a source NAT --------------------------------------------------------------------------------

    private const string EsgOutboundSnat = "snat icp.node-network toward internet.hosts as egress";

    [Theory]
    [InlineData("esg-public-portable", "203.0.113.33", "ibm-cloud.fcr.vcs-public", "ibm-cloud.fcr")]
    [InlineData("203.0.113.18", "203.0.113.18", "ibm-cloud.iks.worker-1.alb-vip", "ibm-cloud.iks.worker-1")]
    public void NF2010_a_source_nat_to_an_address_another_device_holds_is_a_clash_at_the_rules_target(string target, string address, string holder, string device)
    {
        // Found by the review: the ESG's outbound SNAT to the FCR's gateway address (the first of its portable pool) or to
        // the ALB's address on an IKS worker was accepted, and the reply was then "accepted by" that other device.
        var files = Edited("vcenter.netflow", EsgOutboundSnat, EsgOutboundSnat.Replace("as egress", $"as {target}", StringComparison.Ordinal));
        var diagnostic = Diagnostics(files, "NF2010").ShouldHaveSingleItem();
        diagnostic.Location.ToString().ShouldBe(At(files, "vcenter.netflow", target + " \"Outbound"));
        diagnostic.Message.ShouldStartWith($"The address {address} that 'ibm-cloud.vcs.esg' source-NATs to");
        diagnostic.Message.ShouldContain($"is also held by '{holder}' in the same address space, so the replies to the connections it translates go to '{device}', not back to 'ibm-cloud.vcs.esg'");
        diagnostic.RelatedLocations.ShouldHaveSingleItem().Message.ShouldBe($"'{holder}' holds it too");
    }

    [Fact]
    public void A_source_nat_to_the_devices_own_address_is_no_clash_and_its_flow_holds()
    {
        var files = Edited("vcenter.netflow", EsgOutboundSnat, EsgOutboundSnat.Replace("as egress", "as 203.0.113.34", StringComparison.Ordinal));
        var result = Checker.Check(Samples.Compile(files));
        result.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void A_source_nat_to_the_address_of_the_devices_own_guest_is_no_clash_and_its_flow_holds()
    {
        // worker-1's pod web-1 holds 172.30.1.10; its replies reach worker-1 first, whose conntrack undoes the translation.
        const string snat = "snat pods toward vcs.vm-network as egress";
        var files = Samples.Files(Sample);
        var first = files["iks.netflow"].IndexOf(snat, StringComparison.Ordinal); // worker-1's, the first worker's
        files["iks.netflow"] = files["iks.netflow"][..first] + "snat pods toward vcs.vm-network as 172.30.1.10" + files["iks.netflow"][(first + snat.Length)..];
        var result = Checker.Check(Samples.Compile(files));

        result.Diagnostics.Where(d => d.Code == "NF2010").ShouldBeEmpty();
        // The flow still says it expects the old translation, to 10.73.30.10; the reply gets back all the same.
        result.Diagnostics.Where(d => d.Code == "NF4005").ShouldHaveSingleItem().Message
            .ShouldContain("expected a source NAT to 10.73.30.10 after ibm-cloud.iks.worker-1, but the trace went on without it");
        result.Diagnostics.Single(d => d.Code == "NF4005").Message.ShouldContain("the reply ended ACCEPTED (accepted by ibm-cloud.iks.web-1)");
    }

    [Fact]
    public void A_source_nat_to_an_address_held_in_another_address_space_is_no_clash()
    {
        // Branch B reuses branch A's LAN behind its own NAT: an address there is not one branch A's translations reach.
        const string branches = """
range wan 203.0.113.0/29 internet
range lan-a 192.168.1.0/24 enterprise
range lan-b 192.168.1.0/24 enterprise
segment internet link ranges wan
segment lan-a-vlan vlan 10 ranges lan-a
segment lan-b-vlan vlan 10 ranges lan-b
router branch-a {
  interface wan 203.0.113.1 on internet
  interface lan 192.168.1.1 on lan-a-vlan
  snat lan-a as 203.0.113.1
}
router branch-b {
  interface wan 203.0.113.2 on internet
  interface lan 192.168.1.1 on lan-b-vlan
  snat lan-b as egress
}
client pc-b {
  interface eth0 192.168.1.10 on lan-b-vlan
}
""";
        Diagnostics(new() { ["net.netflow"] = branches }, "NF2010").ShouldBeEmpty();
        Diagnostics(new() { ["net.netflow"] = branches.Replace("snat lan-a as 203.0.113.1", "snat lan-a as 203.0.113.2", StringComparison.Ordinal) }, "NF2010")
            .ShouldHaveSingleItem().Message.ShouldContain("is also held by 'branch-b.wan'");
        Diagnostics(new() { ["net.netflow"] = branches.Replace("snat lan-a as 203.0.113.1", "snat lan-a as 192.168.1.10", StringComparison.Ordinal) }, "NF2010")
            .ShouldBeEmpty();
    }
}
