using Netflow.Testing;

namespace Netflow.Cli.Tests;

/// <summary>
/// The integration methods of the source document, and two failure cases, as variants of the reference architecture:
/// 'netflow flows' prints exactly each variant's golden output.
/// </summary>
public sealed class VariantTests
{
    public static TheoryData<string> Variants()
    {
        var data = new TheoryData<string>();
        foreach (var directory in Directory.EnumerateDirectories(Path.Combine(Repository.Root(), "samples", "variants")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(directory));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Flows_PrintExactlyTheGoldenOutput(string variant)
    {
        var directory = Path.Combine(Repository.Root(), "samples", "variants", variant);

        var (exit, output, _) = Repository.Netflow("flows", directory);

        Golden.Check($"samples/variants/{variant}/flows.golden", Golden.WithoutRoot(output));
        // A network with errors fails the command even when its flows hold (routing-loop: its flow expects the LOOP).
        exit.ShouldBe(variant is "no-vrouter-snat" or "routing-loop" ? 1 : 0);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Check_ShowsExactlyTheGoldenDiagnostics(string variant)
    {
        var diagnostics = BrokenSampleTests.Check(Path.Combine(Repository.Root(), "samples", "variants", variant));

        Golden.Check($"samples/variants/{variant}/check.golden", Golden.Annotate(diagnostics));
    }

    [Fact]
    public void WithoutTheVRoutersSnat_Flow3FailsBecauseTheReplyCannotReturn()
    {
        var (_, output, _) = Repository.Netflow("flows", Path.Combine(Repository.Root(), "samples", "variants", "no-vrouter-snat"));
        output.ShouldContain("FAIL iks-web-to-vcs-db");
        output.ShouldContain("NO_ROUTE: ibm-cloud.public-network has no route to 172.30.1.10");
        output.ShouldContain("the reply does not get back to ibm-cloud.iks.web-1");
    }

    [Fact]
    public void ARoutingLoop_EndsInLoopAndCheckReportsIt()
    {
        var directory = Path.Combine(Repository.Root(), "samples", "variants", "routing-loop");
        Repository.Netflow("flows", directory).Out.ShouldContain("→ LOOP: the packet is back at ibm-cloud.bcr unchanged");
        var (exit, output, _) = Repository.Netflow("check", directory);
        exit.ShouldBe(1);
        output.ShouldContain("error NF3004");
    }

    [Fact]
    public void TwoVariantsThatVaryEachOther_AreReportedAsTheCycle_NotAsEditsOfAnEmptyBase()
    {
        var root = Directory.CreateTempSubdirectory("netflow-variant-cycle-").FullName;
        try
        {
            foreach (var (name, other) in new[] { ("v2", "v3"), ("v3", "v2") })
            {
                Directory.CreateDirectory(Path.Combine(root, name));
                File.WriteAllText(Path.Combine(root, name, "variant-of"), $"../{other}\n");
                File.WriteAllText(Path.Combine(root, name, "edit.netflow"), "site s {\n  remove r\n}\n");
            }

            var (exit, output, _) = Repository.Netflow("check", Path.Combine(root, "v2"));

            exit.ShouldBe(1);
            output.ShouldContain("error NF0101");
            output.ShouldContain("'../v2' is this variant or one that varies it");
            output.ShouldNotContain("NF0102");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
