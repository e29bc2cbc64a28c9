using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;

namespace Netflow.Compiler.Tests;

/// <summary>When a flow cannot hold, the runtime says where the packet went and why it stopped.</summary>
public sealed class FailureTests
{
    [Fact]
    public void WithoutTheVRoutersSnat_TheReplyCannotReturn()
    {
        var files = Samples.Files("samples/ibm-cloud-hybrid");
        // The vRouter no longer hides the pods behind the worker, and nobody outside the cluster learns the pod ranges.
        files["iks.netflow"] = string.Join('\n', files["iks.netflow"].Split('\n')
            .Where(l => !l.TrimStart().StartsWith("snat pods", StringComparison.Ordinal))
            .Select(l => l.TrimStart().StartsWith("bgp as 64512", StringComparison.Ordinal) ? "      bgp as 64512" : l));
        // By address: without the pod routes, the pod's DNS query to the private resolver could not return either.
        files["flows.netflow"] = files["flows.netflow"].Replace("to db.vcs.example.com port 5432 tcp\n  expect accepted by ibm-cloud.vcs.db\n  step dns answers 192.168.10.20 \"DNS is used to resolve the request to the IP address of the database.\"",
            "to 192.168.10.20 port 5432 tcp", StringComparison.Ordinal);
        files["flows.netflow"].ShouldContain("to 192.168.10.20 port 5432 tcp");
        var run = Samples.Run(files);

        var result = run.Flow("iks-web-to-vcs-db");

        result.Passed.ShouldBeFalse();
        result.Forward.Disposition.ShouldBe(Disposition.Accepted);
        result.Reply!.Disposition.ShouldBe(Disposition.NoRoute);
        Netflow.Runtime.Rendering.TraceWords.Reason(run.Image, result.Reply).ShouldContain("no route to 172.30.1.10");
        result.Failures.ShouldContain(f => f is ReplyLost);
    }

    [Fact]
    public void ARoutingLoop_EndsInLoop()
    {
        var files = Samples.Files("samples/ibm-cloud-hybrid");
        // The ESG sends the database network back to the BCR, which sends it to the ESG.
        files["vcenter.netflow"] = files["vcenter.netflow"].Replace("      route db-net via dlr", "      route db-net via bcr", StringComparison.Ordinal);
        var compilation = Samples.Compile(files);
        // The forwarding checks run on the compiled image, with the engine: 'check' and the trace agree.
        var check = Checker.Check(compilation);
        check.Diagnostics.ShouldContain(d => d.Code == "NF3004");
        var image = check.Image!;
        var engine = new ForwardingEngine(image);

        var result = new FlowRunner(engine).Run(Enumerable.Range(0, image.Flows.Count).Single(f => image.String(image.Flows.Name[f]) == "iks-web-to-vcs-db"));

        result.Forward.Disposition.ShouldBe(Disposition.Loop);
        result.Failures.OfType<WrongDisposition>().ShouldHaveSingleItem().Trace.Disposition.ShouldBe(Disposition.Loop);
    }

    [Fact]
    public void CheckReportsAFailedFlowAtTheFlow_WithTheFailingExpectation()
    {
        var files = Samples.Files("samples/ibm-cloud-hybrid");
        files["flows.netflow"] = files["flows.netflow"].Replace("step snat to ibm-cloud.iks.worker-1", "step snat to ibm-cloud.iks.worker-2", StringComparison.Ordinal);
        var compilation = Samples.Compile(files);

        var diagnostic = Checker.Check(compilation).Diagnostics.ShouldHaveSingleItem();

        diagnostic.Code.ShouldBe("NF4005");
        diagnostic.Message.ShouldContain("Flow 'iks-web-to-vcs-db' does not hold: expected a source NAT to 10.73.30.11");
        diagnostic.RelatedLocations[0].Location.Path.ShouldBe("flows.netflow");
        diagnostic.RelatedLocations[0].Message.ShouldBe("the expectation that does not hold");
    }
}

/// <summary>NF4005 points at where the packet (or its reply) stopped and names the tunnels it took (issue 8).</summary>
public sealed class FlowDiagnosticTests
{
    [Fact]
    public void AFailedReply_PointsAtTheDeviceWhereTheReplyStopped()
    {
        var result = Checker.Check(Samples.Compile(Samples.Files("samples/variants/no-vrouter-snat")));

        var diagnostic = result.Diagnostics.Single(d => d.Code == "NF4005");
        var stop = diagnostic.RelatedLocations.Single(r => r.Message.StartsWith("where the reply stopped", StringComparison.Ordinal));
        stop.Message.ShouldStartWith("where the reply stopped, at ibm-cloud.public-network: ");
        stop.Message.ShouldContain("no route to 172.30.1.10");
        stop.Location.Path.ShouldBe("ibm-cloud-network.netflow");
        var line = Samples.Files("samples/variants/no-vrouter-snat")["ibm-cloud-network.netflow"].Split('\n')[stop.Location.Start.Line];
        line.ShouldContain("router public-network");
    }

    [Fact]
    public void TheSummaryOfAFailedFlow_NamesTheTunnelsOnTheWay()
    {
        var files = Samples.Files("samples/ibm-cloud-hybrid");
        const string Destination = "to ibm-cloud.vcs.icp.web-2 port 8080 tcp\n";
        var file = files.Single(f => f.Value.Contains(Destination, StringComparison.Ordinal)).Key;
        files[file] = files[file].Replace(Destination, Destination + "  step ibm-cloud.fcr\n", StringComparison.Ordinal);

        var diagnostic = Checker.Check(Samples.Compile(files)).Diagnostics.Single(d => d.Code == "NF4005");

        diagnostic.Message.ShouldContain("ibm-cloud.iks.strongswan (into IPsec tunnel ibm-cloud.iks-icp-vpn) → ");
    }
}
