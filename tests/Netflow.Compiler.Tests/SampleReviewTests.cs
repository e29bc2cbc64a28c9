using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;

namespace Netflow.Compiler.Tests;

/// <summary>
/// Wrong verdicts a reviewer found by editing one line of the reference sample: each edit must change the verdict as
/// it would in a real network.
/// </summary>
public sealed class SampleReviewTests
{
    private const string Sample = "samples/ibm-cloud-hybrid";

    private static Dictionary<string, string> Edited(string file, string line, string replacement)
    {
        var files = Samples.Files(Sample);
        files[file].ShouldContain(line);
        files[file] = files[file].Replace(line, replacement, StringComparison.Ordinal);
        return files;
    }

    private const string ClientAndResolver = """
range lan 10.0.0.0/24
segment lan-seg vlan 10 ranges lan
range far 10.0.9.0/24
segment far-seg vlan 11 ranges far
router r {
  interface a 10.0.0.1 on lan-seg
  interface b 10.0.9.1 on far-seg
}
client pc {
  interface eth0 10.0.0.10 on lan-seg
  route default via r
  resolver ns
}
dns-server ns {
  interface eth0 10.0.9.53 on far-seg
  route default via r
  record www.example.com 10.0.9.80
}
""";

    private static (ForwardingEngine Engine, Trace Trace) Lookup(string network, string hostName)
    {
        var compilation = Samples.Compile(new() { ["net.netflow"] = network });
        var engine = new ForwardingEngine(Lowering.ImageCompiler.Compile(compilation));
        var (trace, reply) = new FlowRunner(engine).Trace(engine.FindDevice("pc"), FlowDestinationKind.HostName, hostName, 0, Protocol.Tcp, 80);
        reply.ShouldBeNull();
        return (engine, trace);
    }

    [Fact]
    public void Nxdomain_IsTheAnswerToAQueryPacket_SentToTheResolverAndBack()
    {
        var (engine, trace) = Lookup(ClientAndResolver, "nope.example.com");

        trace.End.Kind.ShouldBe(EndKind.NoDnsRecord);
        trace.End.Device.ShouldBe(engine.FindDevice("ns"));
        var query = trace.DnsQuery.ShouldNotBeNull();
        query.Start.Protocol.ShouldBe(Protocol.Udp);
        query.Start.DestinationPort.ShouldBe(53);
        query.Disposition.ShouldBe(Disposition.Accepted);
        query.LastDevice.ShouldBe(engine.FindDevice("ns"));
        var answer = trace.DnsAnswer.ShouldNotBeNull();
        answer.Disposition.ShouldBe(Disposition.Accepted);
        answer.LastDevice.ShouldBe(engine.FindDevice("pc"));
        answer.Final.ShouldBe(query.Start.Reply());
    }

    [Fact]
    public void ANameLookedUpAtAnUnreachableResolver_FailsAtTheQuery_NotAsNxdomain()
    {
        // The router loses its way to the resolver's subnet: the query dies there, so nothing can say the name is absent.
        var (engine, trace) = Lookup(ClientAndResolver.Replace("  interface b 10.0.9.1 on far-seg\n", "", StringComparison.Ordinal), "nope.example.com");

        trace.End.Kind.ShouldBe(EndKind.DnsUnreachable);
        trace.Disposition.ShouldBe(Disposition.NoRoute);
        trace.DnsQuery.ShouldNotBeNull().LastDevice.ShouldBe(engine.FindDevice("r"));
        trace.DnsAnswer.ShouldBeNull();
    }

    [Fact]
    public void AClientThatNamesAResolver_AsksIt_AndGetsNxdomainWhenItLacksTheRecord()
    {
        // The ICP master asks the public DNS for the database's private name: public DNS has no such record (NXDOMAIN,
        // an answer that comes back through the ESG's outbound SNAT); the client never falls back to a server it did
        // not name.
        var files = Samples.Files(Sample);
        files["icp.netflow"] = files["icp.netflow"].Replace("        route default via esg\n      }\n\n      # ---- Worker nodes",
            "        route default via esg\n        resolver internet.public-dns\n      }\n\n      # ---- Worker nodes", StringComparison.Ordinal);
        files["icp.netflow"].ShouldContain("resolver internet.public-dns");
        var compilation = Samples.Compile(files);
        var engine = new ForwardingEngine(Lowering.ImageCompiler.Compile(compilation));
        var (trace, _) = new FlowRunner(engine).Trace(engine.FindDevice("ibm-cloud.vcs.icp.master"), FlowDestinationKind.HostName, "db.vcs.example.com", 0, Protocol.Tcp, 5432);
        trace.End.Kind.ShouldBe(EndKind.NoDnsRecord);
        trace.End.Device.ShouldBe(engine.FindDevice("internet.public-dns"));
        trace.DnsQuery.ShouldNotBeNull().LastDevice.ShouldBe(engine.FindDevice("internet.public-dns"));
        trace.DnsAnswer.ShouldNotBeNull().LastDevice.ShouldBe(engine.FindDevice("ibm-cloud.vcs.icp.master"));
        trace.AllSteps().ShouldNotContain(p => p.Step.Kind == StepKind.DnsResolved);
    }

    [Theory]
    [InlineData("iks-web-to-vcs-db", "ibm-cloud.vcs.db", "ibm-cloud.vcs.esg")]
    // The proxy vIP is translated twice on the way (the ESG, kube-proxy) and proxied by the Ingress: the web pod accepts it.
    [InlineData("iks-worker-to-icp-proxy", "ibm-cloud.vcs.icp.web-1", "ibm-cloud.vcs.icp.alb-1")]
    public void AFlowThatNamesItsAcceptor_FailsWhenAnotherDeviceAcceptsIt(string flow, string acceptor, string other)
    {
        Samples.Run(Samples.Files(Sample)).Flow(flow).Failures.ShouldBeEmpty();
        var files = Samples.Files(Sample);
        var at = files["flows.netflow"].IndexOf($"flow {flow} ", StringComparison.Ordinal);
        var line = $"  expect accepted by {acceptor}\n";
        files["flows.netflow"].IndexOf(line, at, StringComparison.Ordinal).ShouldBeGreaterThan(at);
        files["flows.netflow"] = files["flows.netflow"][..at] + files["flows.netflow"][at..].ReplaceFirst(line, $"  expect accepted by {other}\n");

        var run = Samples.Run(files);
        var result = run.Flow(flow);

        result.Disposition.ShouldBe(Disposition.Accepted);
        var failure = result.Failures.OfType<AcceptedByAnother>().ShouldHaveSingleItem();
        failure.Device.ShouldBe(run.Engine.FindDevice(acceptor));
        failure.Expected.ShouldBe(run.Engine.FindDevice(other));
    }

    [Theory]
    [InlineData("iks.netflow", "pod web-3 on worker-3", "pod web-3 on vcs.icp.worker-3", "ibm-cloud.vcs.icp.worker-3")]
    [InlineData("vcenter.netflow", "vm db on esxi-2", "vm db on on-prem.vsphere-1", "on-prem.vsphere-1")]
    public void ADeviceMustRunOnAHostOfItsOwnSite(string file, string line, string replacement, string host)
    {
        var compilation = Samples.Compile(Edited(file, line, replacement));
        var diagnostic = compilation.Diagnostics.Where(d => d.IsError).ShouldHaveSingleItem();
        diagnostic.Code.ShouldBe("NF1006");
        diagnostic.Location.Path.ShouldBe(file);
        diagnostic.Message.ShouldContain($"'{host}'");
    }

    // The NSX VXLAN transport without esxi-2, the host of the database VM and of an ICP worker.
    private static Dictionary<string, string> WithoutEsxi2InTheTransport() => Edited("vcenter.netflow",
        "tunnel nsx-vxlan vxlan between esxi-1.private and esxi-2.private and esxi-3.private",
        "tunnel nsx-vxlan vxlan between esxi-1.private and esxi-3.private");

    [Fact]
    public void AHostOutsideTheVxlanTransport_IsReported()
    {
        // esxi-2, the database VM's host, has no VTEP: NSX cannot deliver the logical switch's frames there.
        var compilation = Samples.Compile(WithoutEsxi2InTheTransport());
        // The database VM, the ICP worker that shares esxi-2, and the VM on the stretched network (an NSX logical
        // switch on this side), each once.
        var errors = compilation.Diagnostics.Where(d => d.IsError).ToList();
        errors.Select(d => d.Code).ShouldBe(["NF3023", "NF3023", "NF3023"]);
        errors.ShouldAllBe(d => d.Message.Contains("'ibm-cloud.vcs.esxi-2'"));
        errors.Select(d => d.Message[..d.Message.IndexOf(' ')])
            .ShouldBe(["'ibm-cloud.vcs.icp.worker-2'", "'ibm-cloud.vcs.db'", "'ibm-cloud.vcs.stretched-db'"], ignoreOrder: true);
    }

    [Fact]
    public void AFrameForAHostOutsideTheVxlanTransport_IsNotDelivered()
    {
        var image = Lowering.ImageCompiler.Compile(Samples.Compile(WithoutEsxi2InTheTransport()));
        var engine = new ForwardingEngine(image);
        var result = new FlowRunner(engine).Run(Enumerable.Range(0, image.Flows.Count).Single(f => image.String(image.Flows.Name[f]) == "iks-web-to-vcs-db"));
        result.Disposition.ShouldBe(Disposition.NeighborUnreachable);
        result.Forward.End.Kind.ShouldBe(EndKind.NoVxlanTransport);
        result.Forward.End.Device.ShouldBe(engine.FindDevice("ibm-cloud.vcs.esxi-2"));
        engine.Story(result.Forward).ShouldNotContain("encap:Vxlan");
    }
}

internal static class StringEdits
{
    public static string ReplaceFirst(this string text, string old, string replacement)
    {
        var at = text.IndexOf(old, StringComparison.Ordinal);
        return at < 0 ? text : text[..at] + replacement + text[(at + old.Length)..];
    }
}
