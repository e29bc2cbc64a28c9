using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;

namespace Netflow.Compiler.Tests;

/// <summary>
/// An IPsec tunnel encrypts only what its traffic selectors cover, as strongSwan's policies do: each gateway's local
/// selectors are what its end protects, its remote ones what it routes into the tunnel. Found by a review that edited
/// the reference sample so that pod traffic toward the other cluster is source-NATed to the worker's address.
/// </summary>
public sealed class TrafficSelectorReviewTests
{
    private const string Sample = "samples/ibm-cloud-hybrid";
    private const string Tunnel = "tunnel iks-icp-vpn ipsec between 10.73.32.5 and 192.168.20.8";

    private static Dictionary<string, string> Edited(string file, string line, string replacement)
    {
        var files = Samples.Files(Sample);
        files[file].ShouldContain(line);
        files[file] = files[file].Replace(line, replacement, StringComparison.Ordinal);
        return files;
    }

    private static Dictionary<string, string> WithTunnel(string tunnel) => Edited("vpn.netflow", Tunnel, tunnel);

    private static (ForwardingEngine Engine, FlowResult Result) RunFlow(Dictionary<string, string> files, string flow)
    {
        var image = Lowering.ImageCompiler.Compile(Samples.Compile(files));
        var engine = new ForwardingEngine(image);
        return (engine, new FlowRunner(engine).Run(Enumerable.Range(0, image.Flows.Count).Single(f => image.String(image.Flows.Name[f]) == flow)));
    }

    [Fact]
    public void APodSourceNattedToItsWorkerBeforeTheTunnel_IsOutsideTheSelectors_AndIsNotEncrypted()
    {
        // The vRouter now masquerades pod traffic toward everything outside the pod range, the ICP pods too: the packet
        // enters the tunnel from 10.73.30.10, which the ICP gateway does not route back into the tunnel.
        var files = Edited("iks.netflow", "      snat pods toward vcs.vm-network as egress \"The vRouter changes the source to the worker's address\"\n      snat pods toward vcs.icp.node-network",
            "      snat pods toward any except pods as egress \"The vRouter changes the source to the worker's address\"\n      snat pods toward vcs.icp.node-network");
        var compilation = Samples.Compile(files);
        Checker.Check(compilation).Diagnostics.Where(d => d.IsError).Select(d => d.Code).ShouldBe(["NF4005"]);

        var (engine, result) = RunFlow(files, "iks-web-to-icp-web");
        result.Disposition.ShouldBe(Disposition.NeighborUnreachable);
        result.Forward.End.Kind.ShouldBe(EndKind.OutsideSelectors);
        result.Forward.End.Device.ShouldBe(engine.FindDevice("ibm-cloud.iks.strongswan"));
        result.Forward.End.Address.ShouldBe(0x0A49_1E0Au); // 10.73.30.10, the source after the worker's SNAT
        engine.Story(result.Forward).ShouldNotContain("encap:Ipsec");
        Netflow.Runtime.Rendering.TraceWords.Reason(engine.Image, result.Forward)
            .ShouldContain("its source 10.73.30.10 is outside the tunnel's traffic selectors");
    }

    [Fact]
    public void TheSample_WithTheChartsLocalSubnets_StillCarriesItsFlow()
    {
        var files = WithTunnel("tunnel iks-icp-vpn ipsec between 10.73.32.5 protecting iks.pods, iks.services and 192.168.20.8 protecting vcs.icp.pod-network, vcs.icp.service-network");
        Checker.Check(Samples.Compile(files)).Diagnostics.ShouldBeEmpty();
        var (engine, result) = RunFlow(files, "iks-web-to-icp-web");
        result.Disposition.ShouldBe(Disposition.Accepted);
        engine.Story(result.Forward).ShouldContain("encap:Ipsec");
    }

    [Fact]
    public void ARouteBeyondWhatTheFarEndProtects_IsAWarning_AndWhatItSendsThereIsDropped()
    {
        var files = WithTunnel("tunnel iks-icp-vpn ipsec between 10.73.32.5 and 192.168.20.8 protecting vcs.icp.pod-network");
        var diagnostics = Checker.Check(Samples.Compile(files)).Diagnostics;
        var warning = diagnostics.ShouldHaveSingleItem();
        warning.Code.ShouldBe("NF3042");
        (warning.Location.Path, warning.Location.Start.Line).ShouldBe(("vpn.netflow", 18));
        warning.Message.ShouldContain("The route to 172.19.0.0/16 on 'ibm-cloud.iks.strongswan' sends it into IPsec tunnel 'iks-icp-vpn'");

        var (engine, result) = RunFlow(files, "iks-web-to-icp-web");
        result.Disposition.ShouldBe(Disposition.Accepted);
        // To the ICP service network (172.19.0.10) the packet goes into the tunnel, and no selector covers it.
        var trace = engine.Execute(engine.FindDevice("ibm-cloud.iks.web-1"), new PacketHeader(0xAC1E_010Au, 0xAC13_000Au, Protocol.Tcp, 49152, 80), new NatSessions());
        trace.End.Kind.ShouldBe(EndKind.OutsideSelectors);
        trace.End.Address.ShouldBe(0xAC13_000Au);
    }

    [Fact]
    public void EndsWhoseSelectorsDoNotMeet_AreAnError_AndTheTunnelIsDown()
    {
        // The IKS end is written with the vCenter Server VM network, which the ICP gateway routes nothing of into the tunnel.
        var files = WithTunnel("tunnel iks-icp-vpn ipsec between 10.73.32.5 protecting vcs.vm-network and 192.168.20.8");
        var errors = Checker.Check(Samples.Compile(files)).Diagnostics.Where(d => d.IsError).ToList();
        errors.Select(d => d.Code).Order(StringComparer.Ordinal).ShouldBe(["NF3043", "NF4005"]);
        var error = errors.Single(d => d.Code == "NF3043");
        (error.Location.Path, error.Location.Start.Line).ShouldBe(("vpn.netflow", 11));
        error.Message.ShouldContain("'ibm-cloud.vcs.icp.strongswan' at the other end routes 172.21.0.0/16, 172.30.0.0/16 into the tunnel");

        var (engine, result) = RunFlow(files, "iks-web-to-icp-web");
        result.Forward.End.Kind.ShouldBe(EndKind.TunnelDown);
        var tunnels = engine.Image.Tunnels;
        engine.TunnelUp(Enumerable.Range(0, tunnels.Count).Single(t => engine.Image.String(tunnels.Name[t]) == "ibm-cloud.iks-icp-vpn")).ShouldBeFalse();
    }

    [Fact]
    public void ProtectingOnATunnelThatIsNotIpsec_IsAnError()
    {
        var files = Edited("iks.netflow", "between worker-1.private and worker-2.private", "between worker-1.private protecting pods and worker-2.private");
        var diagnostic = Samples.Compile(files).Diagnostics.Where(d => d.IsError).ShouldHaveSingleItem();
        diagnostic.Code.ShouldBe("NF3044");
        diagnostic.Message.ShouldContain("'calico-ipip' is an ip-in-ip tunnel");
    }

    private static (CheckResult Result, ForwardingEngine Engine, Trace Trace) BgpOverIpsec(string ends, string gwBRoutes = "")
    {
        var network = BgpSessionTests.BgpOverIpsec.Replace("tunnel vpn ipsec between gw-a and gw-b", $"tunnel vpn ipsec between {ends}", StringComparison.Ordinal)
            .Replace("  route 169.254.0.1/32 via vpn\n", "  route 169.254.0.1/32 via vpn\n" + gwBRoutes, StringComparison.Ordinal);
        var result = Checker.Check(Samples.Compile(new Dictionary<string, string> { ["net.netflow"] = network }));
        var engine = new ForwardingEngine(result.Image!);
        return (result, engine, engine.Execute(engine.FindDevice("gw-a"), new PacketHeader(0xC0A80101u, 0xC0A80201u, Protocol.Icmp, 0, 0), new NatSessions()));
    }

    [Fact]
    public void WhatAGatewayLearnsOverBgpInsideTheTunnel_IsItsRemoteSelector()
    {
        var (result, engine, trace) = BgpOverIpsec("gw-a protecting left, 169.254.0.1/32 and gw-b protecting right, 169.254.0.2/32");
        result.Diagnostics.ShouldBeEmpty();
        engine.Story(trace).ShouldContain("encap:Ipsec");
        trace.Disposition.ShouldBe(Disposition.Accepted);
    }

    [Fact]
    public void ABgpSessionWhoseInnerAddressesAreOutsideTheSelectors_DoesNotComeUp_AndSaysWhy()
    {
        // gw-b routes left into the tunnel as well, so the CHILD_SA is set up, but gw-a protects only left: the session's
        // packets between the inner addresses match no selector.
        var (result, _, trace) = BgpOverIpsec("gw-a protecting left and gw-b", "  route left via vpn\n");
        result.Diagnostics.Where(d => d.Code != "NF3003").Select(d => d.Code).ShouldBe(["NF3042"]);
        result.Diagnostics.Where(d => d.Code == "NF3003").ShouldNotBeEmpty();
        result.Diagnostics.First(d => d.Code == "NF3003").Message.ShouldContain("the tunnel's traffic selectors do not cover it");
        trace.Disposition.ShouldBe(Disposition.NoRoute);
    }

    [Fact]
    public void GatewaysThatProtectOnlyTheirLans_NegotiateNothingForTheirInnerRoutes_AndTheTunnelIsDown()
    {
        // Before BGP is up each gateway routes only the other's inner address into the tunnel, which the other does not protect.
        var (result, _, _) = BgpOverIpsec("gw-a protecting left and gw-b protecting right");
        result.Diagnostics.Select(d => d.Code).Order(StringComparer.Ordinal).ShouldBe(["NF3003", "NF3043"]);
    }
}
