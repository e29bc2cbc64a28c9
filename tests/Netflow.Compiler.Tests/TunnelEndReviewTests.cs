using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;

namespace Netflow.Compiler.Tests;

/// <summary>
/// A tunnel is up only when a gateway of it answers at each end and the ends reach each other: wrong verdicts a
/// reviewer found by editing one line of the reference sample or a variant, each changing the verdict as in a real
/// network.
/// </summary>
public sealed class TunnelEndReviewTests
{
    private const string Sample = "samples/ibm-cloud-hybrid";
    private const string StrongSwanVpn = "samples/variants/strongswan-vpn";
    private const string IcpEnd = "tunnel iks-icp-vpn ipsec between 10.73.32.5 and 192.168.20.8";

    private static Dictionary<string, string> Edited(string folder, string file, string line, string replacement)
    {
        var files = Samples.Files(folder);
        files[file].ShouldContain(line);
        files[file] = files[file].Replace(line, replacement, StringComparison.Ordinal);
        return files;
    }

    private static (NetworkImage Image, ForwardingEngine Engine, FlowResult Result) RunFlow(Dictionary<string, string> files, string flow)
    {
        var image = Lowering.ImageCompiler.Compile(Samples.Compile(files));
        var engine = new ForwardingEngine(image);
        var result = new FlowRunner(engine).Run(Enumerable.Range(0, image.Flows.Count).Single(f => image.String(image.Flows.Name[f]) == flow));
        return (image, engine, result);
    }

    [Fact]
    public void AnIpsecEndAtAWorkerThatRunsNoIpsec_IsReportedOnTheTunnelLine_AndTheTunnelIsDown()
    {
        // 192.168.20.13 is ICP worker-3's own address: the worker answers IKE with a port unreachable.
        var files = Edited(Sample, "vpn.netflow", IcpEnd, "tunnel iks-icp-vpn ipsec between 10.73.32.5 and 192.168.20.13");
        var errors = Samples.Compile(files).Diagnostics.Where(d => d.IsError).ToList();
        var diagnostic = errors.ShouldHaveSingleItem();
        diagnostic.Code.ShouldBe("NF3040");
        (diagnostic.Location.Path, diagnostic.Location.Start.Line).ShouldBe(("vpn.netflow", 11));
        diagnostic.Message.ShouldContain("192.168.20.13 of IPsec tunnel 'iks-icp-vpn' is held by 'ibm-cloud.vcs.icp.worker-3', which does not run");

        var (_, engine, result) = RunFlow(files, "iks-web-to-icp-web");
        result.Forward.End.Kind.ShouldBe(EndKind.TunnelDown);
        engine.Story(result.Forward).ShouldNotContain("decap:Ipsec");
    }

    [Fact]
    public void AnIpsecEndDestinationNattedToAVm_IsReportedOnTheTunnelLine_AndTheTunnelIsDown()
    {
        // 10.73.40.10 is the ESG's address that its DNAT sends to the ICP master VM, which runs no IPsec.
        var files = Edited(StrongSwanVpn, "strongswan-vpn.netflow", "and vcs.esg.uplink-private", "and 10.73.40.10");
        var diagnostic = Samples.Compile(files).Diagnostics.Where(d => d.IsError).ShouldHaveSingleItem();
        diagnostic.Code.ShouldBe("NF3040");
        diagnostic.Location.Path.ShouldBe("strongswan-vpn.netflow");
        diagnostic.Message.ShouldContain("held by 'ibm-cloud.vcs.esg' and translated by its destination NAT to 'ibm-cloud.vcs.icp.master'");

        var (_, engine, result) = RunFlow(files, "iks-web-to-vcs-db");
        result.Forward.End.Kind.ShouldBe(EndKind.TunnelDown);
        engine.Story(result.Forward).ShouldNotContain("decap:Ipsec");
    }

    [Theory]
    [InlineData("and 192.168.20.8", "and 192.168.20.9", "192.168.20.9")]
    [InlineData("between 10.73.32.5", "between 10.73.32.6", "10.73.32.6")]
    public void AnIpsecEndNobodyHolds_IsOneDiagnosticOnTheTunnelLine_AndTheTunnelIsDownNotALoop(string line, string typo, string address)
    {
        var files = Samples.Files(Sample);
        files["vpn.netflow"] = files["vpn.netflow"].Replace(IcpEnd, IcpEnd.Replace(line, typo, StringComparison.Ordinal), StringComparison.Ordinal);
        var compilation = Samples.Compile(files);
        var diagnostic = compilation.Diagnostics.Where(d => d.IsError).ShouldHaveSingleItem();
        diagnostic.Code.ShouldBe("NF3041");
        (diagnostic.Location.Path, diagnostic.Location.Start.Line).ShouldBe(("vpn.netflow", 11));
        diagnostic.Message.ShouldContain($"{address} of IPsec tunnel 'iks-icp-vpn' is held by no device");
        // No NF3001 for the routes into the tunnel on either side, no loop: the network's checks see one fault only.
        Checker.CheckNetwork(compilation).Diagnostics.Where(d => d.IsError).Select(d => d.Code).ShouldBe(["NF3041"]);

        var (_, _, result) = RunFlow(files, "iks-web-to-icp-web");
        result.Disposition.ShouldBe(Disposition.NeighborUnreachable);
        result.Forward.End.Kind.ShouldBe(EndKind.TunnelDown);
    }

    [Fact]
    public void AnL2TunnelWhoseEndsCannotReachEachOther_CarriesNothing_AsTheCheckSays()
    {
        // Without the BCR's route to the enterprise network the HCX tunnel never comes up (check: NF3002), so the
        // forward packet does not cross it either.
        var files = Edited(Sample, "ibm-cloud-network.netflow", "    route on-prem.corp-net via xcr \"The enterprise network, across the WAN\"\n", "");
        var compilation = Samples.Compile(files);
        Checker.CheckNetwork(compilation).Diagnostics.Where(d => d.Code == "NF3002").ShouldHaveSingleItem().Message.ShouldContain("'hcx-l2'");

        var engine = new ForwardingEngine(Lowering.ImageCompiler.Compile(compilation));
        var (forward, _) = new FlowRunner(engine).Trace(engine.FindDevice("on-prem.enterprise-user"), FlowDestinationKind.Address, "", 0xAC103214u, Protocol.Tcp, 5432);
        forward.Disposition.ShouldBe(Disposition.NeighborUnreachable);
        forward.End.Kind.ShouldBe(EndKind.TunnelDown);
        engine.Story(forward).ShouldNotContain("encap:L2");
    }

    [Fact]
    public void AVmOnTheStretchedNetworkOnAHostOutsideTheVxlanTransport_IsReported_AndNotReached()
    {
        var files = Edited(Sample, "vcenter.netflow", "between esxi-1.private and esxi-2.private and esxi-3.private", "between esxi-1.private and esxi-3.private");
        Samples.Compile(files).Diagnostics.Where(d => d.Code == "NF3023").ShouldContain(d => d.Message.StartsWith("'ibm-cloud.vcs.stretched-db'"));

        var (_, engine, result) = RunFlow(files, "enterprise-user-to-stretched-vm");
        result.Forward.End.Kind.ShouldBe(EndKind.NoVxlanTransport);
        result.Forward.End.Device.ShouldBe(engine.FindDevice("ibm-cloud.vcs.esxi-2"));
    }
}
