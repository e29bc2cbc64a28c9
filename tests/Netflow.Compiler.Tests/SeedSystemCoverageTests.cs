using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;

namespace Netflow.Compiler.Tests;

/// <summary>
/// Every system the source document describes (S1 to S9) is executed by a flow of the reference sample or of one of its
/// variants (issue 8, "The samples"): the flow passes with its reply, and its trace goes through the device and the rule
/// that make up the system. A sample edit that leaves a system unused fails here.
/// </summary>
public sealed class SeedSystemCoverageTests
{
    private const string Base = "samples/ibm-cloud-hybrid";

    private sealed record Run(NetworkImage Image, ForwardingEngine Engine, FlowResult Result)
    {
        public int Device(string name)
        {
            var device = Engine.FindDevice(name);
            device.ShouldBeGreaterThanOrEqualTo(0, name);
            return device;
        }

        /// <summary>The steps of a kind at a device, in the trace and its DNS query (or in the reply).</summary>
        public IEnumerable<TraceStep> At(string device, StepKind kind, bool reply = false)
        {
            var trace = reply ? Result.Reply! : Result.Forward;
            var traces = trace.DnsQuery is { } query && !reply ? new[] { query, trace } : [trace];
            var row = Device(device);
            return traces.SelectMany(t => t.AllSteps()).Where(p => p.Hop.Device == row && p.Step.Kind == kind).Select(p => p.Step);
        }

        /// <summary>The FORWARDED steps at a device of the main trace, by the origin of the route that decided them.</summary>
        public IEnumerable<TraceStep> ForwardedBy(string device, RouteOrigin origin) =>
            At(device, StepKind.Forwarded).Where(s => s.Row >= 0 && Image.Routes.Origin[s.Row] == origin);

        public string LearnedFrom(TraceStep forwarded) => Engine.DeviceName(Image.Routes.LearnedFrom[forwarded.Row]);

        public string Tunnel(TraceStep encapsulated) => Image.String(Image.Tunnels.Name[encapsulated.Row]);

        public bool TranslatesSourceTo(string device, uint address) =>
            At(device, StepKind.SourceNat).Any(s => !s.Session && s.After!.Value.Source == address);
    }

    private static readonly Dictionary<string, (NetworkImage Image, ForwardingEngine Engine, IReadOnlyList<FlowResult> Results)> Networks = new();

    private static Run Flow(string sample, string flow)
    {
        lock (Networks)
        {
            if (!Networks.TryGetValue(sample, out var run)) Networks[sample] = run = Samples.Run(Samples.Files(sample));
            var result = run.Flow(flow);
            result.Failures.ShouldBeEmpty($"{sample}: {flow}");
            result.Disposition.ShouldBe(Disposition.Accepted);
            result.Reply.ShouldNotBeNull().Disposition.ShouldBe(Disposition.Accepted);
            return new Run(run.Image, run.Engine, result);
        }
    }

    private static uint A(string address) => Netflow.Language.Addressing.IpAddress.TryParseV4(address, out var a, out _) ? a.ToV4() : throw new ArgumentException(address);

    private static void AcceptedBy(Run run, string device) => run.Result.Forward.End.Device.ShouldBe(run.Device(device));

    [Fact]
    public void S1_IcpOnTheVCenterServerInstance_ThroughItsEsgDlrAndVxlan()
    {
        var run = Flow(Base, "icp-web-to-vcs-db");
        run.ForwardedBy("ibm-cloud.vcs.esg", RouteOrigin.Static).ShouldNotBeEmpty();
        run.At("ibm-cloud.vcs.dlr", StepKind.Forwarded).ShouldNotBeEmpty();
        run.At("ibm-cloud.vcs.esxi-1", StepKind.Encapsulated).ShouldContain(s => s.Encapsulation == TunnelKind.Vxlan);
        AcceptedBy(run, "ibm-cloud.vcs.db");
    }

    [Fact]
    public void S2_TheEsgsOutboundSnat_ToAnInternetAddress()
    {
        var run = Flow(Base, "icp-node-to-internet");
        run.TranslatesSourceTo("ibm-cloud.vcs.esg", A("203.0.113.34")).ShouldBeTrue();
        AcceptedBy(run, "internet.registry");
    }

    [Fact]
    public void S3_TheEsgsPrivateReach_ToDnsAndNtp()
    {
        var run = Flow(Base, "icp-node-to-ntp");
        // Both the DNS query and the NTP request leave through the ESG's private address.
        run.At("ibm-cloud.vcs.esg", StepKind.SourceNat).Count(s => !s.Session && s.After!.Value.Source == A("10.73.40.2")).ShouldBe(2);
        run.Result.Forward.DnsQuery!.End.Device.ShouldBe(run.Device("ibm-cloud.private-dns"));
        AcceptedBy(run, "ibm-cloud.ntp");
    }

    [Theory]
    [InlineData("iks-worker-to-icp-console", "10.73.40.10", "ibm-cloud.vcs.icp.master")]
    [InlineData("iks-worker-to-icp-proxy", "10.73.40.11", "ibm-cloud.vcs.icp.web-1")]
    public void S4_TheIcpMasterAndProxyVips_FromThe10xNetworkThroughTheDnat(string flow, string vip, string workload)
    {
        var run = Flow(Base, flow);
        run.Result.Forward.Start.Source.ShouldBeInRange(A("10.0.0.0"), A("10.255.255.255"));
        run.At("ibm-cloud.vcs.esg", StepKind.DestinationNat).ShouldContain(s => !s.Session && s.Before!.Value.Destination == A(vip));
        AcceptedBy(run, workload);
    }

    [Fact]
    public void S5_CommonVlan_TheEsgIsTheBgpPeerOfTheWorkers()
    {
        var run = Flow("samples/variants/common-vlan-bgp", "iks-web-to-vcs-db");
        run.LearnedFrom(run.ForwardedBy("ibm-cloud.iks.worker-1", RouteOrigin.Bgp).ShouldHaveSingleItem()).ShouldBe("ibm-cloud.vcs.esg");
        // Straight to the ESG, its peer on the common VLAN, and straight back: the BCR is on neither path.
        run.Result.Forward.Hops.ShouldNotContain(h => h.Device == run.Device("ibm-cloud.bcr"));
        run.Result.Reply!.Hops.ShouldNotContain(h => h.Device == run.Device("ibm-cloud.bcr"));
        AcceptedBy(run, "ibm-cloud.vcs.db");
    }

    [Fact]
    public void S6_StrongSwanVpn_WithRoutesOnBothGateways()
    {
        var run = Flow("samples/variants/strongswan-vpn", "iks-web-to-vcs-db");
        run.Tunnel(run.At("ibm-cloud.iks.strongswan", StepKind.Encapsulated).ShouldHaveSingleItem()).ShouldBe("ibm-cloud.iks-vcs-vpn");
        run.At("ibm-cloud.vcs.esg", StepKind.Decapsulated).ShouldHaveSingleItem();
        // The reply enters the tunnel by the ESG's route of the IKS cluster ranges.
        run.Tunnel(run.At("ibm-cloud.vcs.esg", StepKind.Encapsulated, reply: true).ShouldHaveSingleItem()).ShouldBe("ibm-cloud.iks-vcs-vpn");
        AcceptedBy(run, "ibm-cloud.vcs.db");
    }

    [Fact]
    public void S7_StaticRoutesAndNat()
    {
        var run = Flow("samples/variants/static-routes-nat", "iks-web-to-vcs-db");
        run.ForwardedBy("ibm-cloud.iks.worker-1", RouteOrigin.Static).ShouldNotBeEmpty();
        run.ForwardedBy("ibm-cloud.bcr", RouteOrigin.Static).ShouldNotBeEmpty();
        run.TranslatesSourceTo("ibm-cloud.iks.worker-1", A("10.73.30.10")).ShouldBeTrue();
        run.Result.Forward.AllSteps().ShouldNotContain(p => p.Step.Kind == StepKind.Forwarded && p.Step.Row >= 0 && run.Image.Routes.Origin[p.Step.Row] == RouteOrigin.Bgp);
        AcceptedBy(run, "ibm-cloud.vcs.db");
    }

    [Fact]
    public void S8_BgpPeeringWithTheBcr()
    {
        var run = Flow(Base, "iks-web-to-vcs-db");
        run.LearnedFrom(run.ForwardedBy("ibm-cloud.iks.worker-1", RouteOrigin.Bgp).ShouldHaveSingleItem()).ShouldBe("ibm-cloud.bcr");
        run.LearnedFrom(run.ForwardedBy("ibm-cloud.bcr", RouteOrigin.Bgp).ShouldHaveSingleItem()).ShouldBe("ibm-cloud.vcs.esg");
        AcceptedBy(run, "ibm-cloud.vcs.db");
    }

    [Fact]
    public void S9_IksToIcpStrongSwan()
    {
        var run = Flow(Base, "iks-web-to-icp-web");
        run.Tunnel(run.At("ibm-cloud.iks.strongswan", StepKind.Encapsulated).ShouldHaveSingleItem()).ShouldBe("ibm-cloud.iks-icp-vpn");
        run.At("ibm-cloud.vcs.icp.strongswan", StepKind.Decapsulated).ShouldHaveSingleItem();
        run.Tunnel(run.At("ibm-cloud.vcs.icp.strongswan", StepKind.Encapsulated, reply: true).ShouldHaveSingleItem()).ShouldBe("ibm-cloud.iks-icp-vpn");
        AcceptedBy(run, "ibm-cloud.vcs.icp.web-2");
    }
}
