namespace Netflow.Cli.Tests;

/// <summary>
/// Why a route was not learned (found by a network architect's review): the sample's workers share AS 64512, so each
/// drops the others' pod blocks that the BCR passes on (AS path 65100 64512), as every BGP implementation does without
/// allowas-in. Without worker-2's static route to worker-1's block that decides the packet's way, and the trace says so.
/// </summary>
public sealed class RefusedRouteNoteTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netflow-refused-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private const string Note = "Note: ibm-cloud.iks.worker-2 has no BGP route to 172.30.1.10: it refused 172.30.1.0/24 from ibm-cloud.bcr, whose AS path "
        + "65100 64512 already holds its own AS 64512 (BGP drops such a path to prevent loops, unless told allowas-in), so the packet went by its default route instead.";

    /// <summary>The sample without worker-2's static route to worker-1's pod block.</summary>
    private string WithoutWorkerTwosRouteToWorkerOne()
    {
        var sample = Path.Combine(Repository.Root(), "samples", "ibm-cloud-hybrid");
        foreach (var file in Directory.EnumerateFiles(sample, "*.netflow")) File.Copy(file, Path.Combine(_directory, Path.GetFileName(file)));
        var iks = Path.Combine(_directory, "iks.netflow");
        var text = File.ReadAllText(iks);
        const string route = "      route pods-worker-1 via worker-1.private \"Same subnet: routed directly\"\n";
        var at = text.IndexOf(route, text.IndexOf("worker worker-2", StringComparison.Ordinal), StringComparison.Ordinal);
        at.ShouldBeGreaterThan(0);
        File.WriteAllText(iks, text.Remove(at, route.Length));
        return _directory;
    }

    [Fact]
    public void ATraceThatTakesALessSpecificRoute_SaysWhichPathTheHopRefusedForItsAsLoop()
    {
        var (exit, output, _) = Repository.Netflow("trace", WithoutWorkerTwosRouteToWorkerOne(), "--from", "iks.web-2", "--to", "172.30.1.10:8080");

        exit.ShouldBe(1);
        output.ShouldContain(Note);
        output.ShouldContain($"{Note}  [{Path.Combine(_directory, "iks.netflow")}(41,31)]");
        output.TrimEnd().ShouldEndWith("Not accepted: NO_ROUTE.");
    }

    [Fact]
    public void AFailedFlow_SaysSoToo_AndItsNF4005PointsAtTheRefusedAdvertisement()
    {
        var network = WithoutWorkerTwosRouteToWorkerOne();

        var (_, flows, _) = Repository.Netflow("flows", network);
        var (_, check, _) = Repository.Netflow("check", network, "--format", "json");

        flows.ShouldContain("  " + Note.Replace("172.30.1.10", "172.30.1.2", StringComparison.Ordinal));
        using var json = System.Text.Json.JsonDocument.Parse(check);
        var related = json.RootElement.GetProperty("diagnostics").EnumerateArray().Where(d => d.GetProperty("code").GetString() == "NF4005")
            .SelectMany(d => d.GetProperty("related").EnumerateArray()).Select(r => r.GetProperty("message").GetString()).ToList();
        related.ShouldContain("'ibm-cloud.iks.worker-2' refused 172.30.1.0/24 from 'ibm-cloud.bcr': its AS path 65100 64512 holds its own AS 64512 "
            + "(BGP's loop prevention), so it has no BGP route there");
    }

    [Fact]
    public void TheSamplesTraces_HaveNoNote_WhereTheStaticRouteIsAsSpecificAsTheRefusedPath()
    {
        var sample = Path.Combine(Repository.Root(), "samples", "ibm-cloud-hybrid");

        var (exit, output, _) = Repository.Netflow("trace", sample, "--from", "iks.web-2", "--to", "172.30.1.10:8080");

        exit.ShouldBe(0);
        output.ShouldNotContain("Note:");
    }
}
