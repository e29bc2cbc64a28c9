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
}
