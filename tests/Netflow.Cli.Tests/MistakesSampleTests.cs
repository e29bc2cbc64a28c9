using Netflow.Compiler;
using Netflow.Language;

namespace Netflow.Cli.Tests;

/// <summary>samples/mistakes, a variant of the reference architecture, shows exactly its five planted mistakes.</summary>
public sealed class MistakesSampleTests
{
    [Fact]
    public void MistakesSample_ReportsExactlyItsFiveMistakes()
    {
        var root = Repository.Root();
        var directory = Path.Combine(root, "samples", "mistakes");
        var expected = File.ReadAllLines(Path.Combine(directory, "expected.txt"));

        var actual = Compilation.Create(SourceLoader.Load([directory]).Trees()).Diagnostics;

        actual.Select(d => d.ToString().Replace(root + Path.DirectorySeparatorChar, "", StringComparison.Ordinal)).ShouldBe(expected);
        actual.Select(d => d.Code).Order().ShouldBe(["NF2008", "NF2009", "NF3001", "NF3004", "NF3006"]);
        // Each is reported at the line just below its "# MISTAKE:" comment.
        foreach (var diagnostic in actual)
        {
            var lines = File.ReadAllLines(Path.Combine(root, diagnostic.Location.Path));
            lines[diagnostic.Location.Start.Line - 1].TrimStart().ShouldStartWith("# MISTAKE:");
        }
    }
}
