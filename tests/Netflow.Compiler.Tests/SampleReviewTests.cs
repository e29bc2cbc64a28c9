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

    [Fact]
    public void AClientThatNamesAResolver_AsksIt_AndGetsNxdomainWhenItLacksTheRecord()
    {
        // web-1 asks the public DNS for the database's private name: public DNS has no such record (NXDOMAIN); the
        // client never falls back to the private server it did not name.
        var files = Samples.Files(Sample);
        var iks = files["iks.netflow"];
        var at = iks.IndexOf("pod web-1", StringComparison.Ordinal);
        var resolver = iks.IndexOf("resolver ibm-cloud.private-dns", at, StringComparison.Ordinal);
        files["iks.netflow"] = iks[..resolver] + "resolver internet.public-dns" + iks[(resolver + "resolver ibm-cloud.private-dns".Length)..];
        var run = Samples.Run(files);
        var result = run.Flow("iks-web-to-vcs-db");
        result.Failures.ShouldNotBeEmpty();
        result.Forward.End.Kind.ShouldBe(EndKind.NoDnsRecord);
        result.Forward.End.Device.ShouldBe(run.Engine.FindDevice("internet.public-dns"));
        result.Forward.AllSteps().ShouldNotContain(p => p.Step.Kind == StepKind.DnsResolved);
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
        // The database VM, and the ICP worker that shares esxi-2, each once.
        var errors = compilation.Diagnostics.Where(d => d.IsError).ToList();
        errors.Select(d => d.Code).ShouldBe(["NF3023", "NF3023"]);
        errors.ShouldAllBe(d => d.Message.Contains("'ibm-cloud.vcs.esxi-2'"));
        errors.Select(d => d.Message[..d.Message.IndexOf(' ')]).ShouldBe(["'ibm-cloud.vcs.icp.worker-2'", "'ibm-cloud.vcs.db'"], ignoreOrder: true);
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
