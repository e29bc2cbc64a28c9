using Netflow.Runtime.Image;

namespace Netflow.Compiler.Tests;

/// <summary>
/// The five documented flows of the source document, each branch a flow of its own, come out of the runtime step by
/// step as the document writes them.
/// </summary>
public sealed class ReferenceFlowTests
{
    private static readonly (NetworkImage Image, Runtime.Engine.ForwardingEngine Engine, IReadOnlyList<Runtime.Engine.FlowResult> Results) Run =
        Samples.Run(Samples.Files("samples/ibm-cloud-hybrid"));

    [Fact]
    public void EveryDeclaredFlow_HoldsWithItsReply()
    {
        Run.Results.Count.ShouldBe(15);
        foreach (var result in Run.Results)
        {
            result.Failures.ShouldBeEmpty(Run.Image.String(Run.Image.Flows.Name[result.Flow]));
            result.Disposition.ShouldBe(Disposition.Accepted);
            result.Reply!.Disposition.ShouldBe(Disposition.Accepted);
        }
    }

    [Fact]
    public void EveryDeclaredFlow_NamesTheWorkloadThatMustAcceptIt_AndThatWorkloadDoes()
    {
        var flows = Run.Image.Flows;
        foreach (var result in Run.Results)
        {
            var acceptor = flows.AcceptedBy[result.Flow];
            acceptor.ShouldBeGreaterThanOrEqualTo(0, Run.Image.String(flows.Name[result.Flow]));
            result.Forward.LastDevice.ShouldBe(acceptor);
        }
    }

    [Fact]
    public void Flow1_SameWorker_ResolvesToTheAlbAndUsesKubeProxyWithoutIpInIp()
    {
        var story = Run.Engine.Story(Run.Flow("internet-to-iks-web-same-worker").Forward);
        story.ShouldBe([
            "internet.user", "dns:203.0.113.18", "ibm-cloud.public-network", "ibm-cloud.fcr",
            // kube-proxy translates the load balancer's address once, straight to the ALB's pod, and masquerades the
            // external traffic to the node (externalTrafficPolicy Cluster).
            "ibm-cloud.iks.worker-1", "dnat:172.30.1.2", "snat:10.73.30.10",
            // The ALB accepts the connection and opens a new one of its own to the web pod.
            "ibm-cloud.iks.alb", "proxy:172.30.1.2:49152 → 172.30.1.10:8080 tcp", "ibm-cloud.iks.worker-1", "ibm-cloud.iks.web-1",
        ]);
    }

    [Fact]
    public void Flow1_IpInIp_OnlyWhenTheWorkersAreOnDifferentSubnets()
    {
        Run.Engine.Story(Run.Flow("internet-to-iks-web-same-subnet").Forward).ShouldNotContain("encap:IpInIp");
        var other = Run.Engine.Story(Run.Flow("internet-to-iks-web-other-subnet").Forward);
        other.ShouldContain("encap:IpInIp");
        other.IndexOf("encap:IpInIp").ShouldBeLessThan(other.IndexOf("ibm-cloud.iks.worker-3"));
    }

    [Fact]
    public void Flow2_VxlanOnlyWhenEsgAndAlbAreOnDifferentHosts_AndIpInIpRidesInVxlan()
    {
        Run.Engine.Story(Run.Flow("internet-to-icp-web-same-host-same-worker").Forward).ShouldNotContain("encap:Vxlan");
        var otherHost = Run.Engine.Story(Run.Flow("internet-to-icp-web-other-host-same-worker").Forward);
        otherHost[otherHost.IndexOf("dns:203.0.113.36")..].ShouldContain("encap:Vxlan");
        var nested = Run.Engine.Story(Run.Flow("internet-to-icp-web-same-host-other-worker").Forward);
        var ipip = nested.IndexOf("encap:IpInIp");
        ipip.ShouldBeGreaterThan(0);
        nested.IndexOf("encap:Vxlan").ShouldBeGreaterThan(ipip);
        nested.IndexOf("decap:Vxlan").ShouldBeLessThan(nested.IndexOf("decap:IpInIp"));
    }

    [Fact]
    public void Flow3_IksPodToDatabase_SnatToWorkerThenBcrEsgDlrVxlanDatabase()
    {
        var story = Run.Engine.Story(Run.Flow("iks-web-to-vcs-db").Forward);
        story.ShouldBe([
            "ibm-cloud.iks.web-1", "dns:192.168.10.20", "ibm-cloud.iks.worker-1", "snat:10.73.30.10",
            "ibm-cloud.bcr", "ibm-cloud.vcs.esxi-1", "ibm-cloud.vcs.esg", "ibm-cloud.vcs.dlr", "ibm-cloud.vcs.esxi-1", "encap:Vxlan",
            "ibm-cloud.vcs.esxi-2", "decap:Vxlan", "ibm-cloud.vcs.db",
        ]);
    }

    [Fact]
    public void Flow4_IcpPodToDatabase_SnatToWorkerThenEsgWithoutBcr()
    {
        var story = Run.Engine.Story(Run.Flow("icp-web-to-vcs-db").Forward);
        story.ShouldContain("snat:192.168.20.11");
        story.ShouldNotContain("ibm-cloud.bcr");
        story.IndexOf("ibm-cloud.vcs.esg").ShouldBeLessThan(story.IndexOf("ibm-cloud.vcs.dlr"));
        story[^1].ShouldBe("ibm-cloud.vcs.db");
    }

    [Fact]
    public void Flow5_EnterpriseUser_CrossesTheL2ConcentratorTunnelOverTheWan_ThenTheStretchedNetworksVxlan()
    {
        // The frames to and from a concentrator cross the switch of the vSphere host that runs it (the document's step 3).
        // Wrong answer 5: after the remote concentrator decapsulates, the frame goes onto the stretched network's VXLAN,
        // from the concentrator's host (esxi-3) to the VM's (esxi-2); it used to be handed to the VM directly.
        var story = Run.Engine.Story(Run.Flow("enterprise-user-to-stretched-vm").Forward);
        story.ShouldBe([
            "on-prem.enterprise-user", "dns:172.16.50.20", "on-prem.corp-router", "on-prem.vsphere-1", "on-prem.hcx-l2c", "encap:L2",
            "on-prem.vsphere-1", "on-prem.corp-router", "ibm-cloud.xcr", "ibm-cloud.bcr", "ibm-cloud.vcs.esxi-3", "ibm-cloud.vcs.hcx-l2c",
            "decap:L2", "ibm-cloud.vcs.esxi-3", "encap:Vxlan", "ibm-cloud.vcs.esxi-2", "decap:Vxlan", "ibm-cloud.vcs.stretched-db",
        ]);
    }

    [Fact]
    public void EveryStep_PointsAtTheDeclarationThatCausedIt()
    {
        var trace = Run.Flow("iks-web-to-vcs-db").Forward;
        var snat = trace.AllSteps().Single(p => p.Step.Kind == Runtime.Engine.StepKind.SourceNat).Step;
        Run.Image.Location(snat.SourceRow).ShouldStartWith("iks.netflow(");
        var line = File.ReadAllLines(Path.Combine(Samples.Root(), "samples/ibm-cloud-hybrid/iks.netflow"))[Run.Image.Sources.Line[snat.SourceRow] - 1];
        line.TrimStart().ShouldStartWith("snat pods toward vcs.vm-network");
    }
}

public sealed class EngineBatchTests
{
    [Fact]
    public void ExecuteBatch_GivesTheSameDispositionsAsOneByOne()
    {
        var run = Samples.Run(Samples.Files("samples/ibm-cloud-hybrid"));
        var engine = run.Engine;
        var user = engine.FindDevice("internet.user");
        var pod = engine.FindDevice("ibm-cloud.iks.web-1");
        var packets = new (int, Runtime.Engine.PacketHeader)[]
        {
            (user, new(engine.PrimaryAddress(user), 0xCB007112u, Protocol.Tcp, 49152, 443)),      // the ALB's public address
            (pod, new(engine.PrimaryAddress(pod), 0xC0A80A14u, Protocol.Tcp, 49152, 5432)),      // the database
            (user, new(engine.PrimaryAddress(user), 0xC6120001u, Protocol.Tcp, 49152, 80)),      // 198.18.0.1: nobody routes it
        };
        var dispositions = new Disposition[packets.Length];

        engine.ExecuteBatch(packets, dispositions);

        dispositions.ShouldBe([Disposition.Accepted, Disposition.Accepted, Disposition.NoRoute]);
        for (var i = 0; i < packets.Length; i++)
        {
            engine.Execute(packets[i].Item1, packets[i].Item2, new Runtime.Engine.NatSessions()).Disposition.ShouldBe(dispositions[i]);
        }
    }
}
