using Netflow.Testing;

namespace Netflow.Cli.Tests;

/// <summary>samples/mistakes, a variant of the reference architecture, shows exactly its five planted mistakes.</summary>
public sealed class MistakesSampleTests
{
    [Fact]
    public void MistakesSample_ReportsExactlyItsFiveMistakes()
    {
        var root = Repository.Root();

        var actual = BrokenSampleTests.Check(Path.Combine(root, "samples", "mistakes"));

        Golden.Check("samples/mistakes/check.golden", Golden.Annotate(actual));
        actual.Select(d => d.Code).Order().ShouldBe(["NF2008", "NF2009", "NF3001", "NF3004", "NF3006"]);
        // Each is reported at the line just below its "# MISTAKE:" comment.
        foreach (var diagnostic in actual)
        {
            var lines = File.ReadAllLines(Path.Combine(root, diagnostic.Location.Path));
            lines[diagnostic.Location.Start.Line - 1].TrimStart().ShouldStartWith("# MISTAKE:");
        }
    }
}
