using Netflow.Compiler;
using Netflow.Language.Text;

namespace Netflow.Cli.Tests;

/// <summary>
/// Each file of samples/broken shows exactly the diagnostics of its .expected file, as 'netflow check' prints them
/// (flow verification included), and the code it is named after is among them.
/// </summary>
public sealed class BrokenSampleTests
{
    private static string Directory() => Path.Combine(Repository.Root(), "samples", "broken");

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory(), "*.netflow").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void BrokenSample_ShowsExactlyItsExpectedDiagnostics(string name)
    {
        var text = File.ReadAllText(Path.Combine(Directory(), name));
        var expected = File.ReadAllLines(Path.Combine(Directory(), Path.ChangeExtension(name, ".expected")));

        var actual = Checker.Check([new SourceText(name, text)]).Diagnostics.Select(d => d.ToString()).ToArray();

        actual.ShouldBe(expected);
        var code = " " + name.Substring(0, 6) + ":";
        actual.ShouldContain(line => line.Contains(code, StringComparison.Ordinal));
    }
}
