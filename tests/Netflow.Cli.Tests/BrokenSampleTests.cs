using Netflow.Compiler;
using Netflow.Language;
using Netflow.Language.Text;

namespace Netflow.Cli.Tests;

/// <summary>
/// Each file of samples/broken shows exactly the diagnostics of its .expected file, as 'netflow check' prints them
/// (flow verification included), and the code it is named after is among them. A folder there is a variant whose
/// overlay has the mistake; its .expected file names files relative to the repository root.
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

        var compilation = Compilation.Create(new SourceText(name, text));
        var actual = compilation.Diagnostics.Concat(FlowVerifier.Verify(compilation)).Select(d => d.ToString()).ToArray();

        actual.ShouldBe(expected);
        var code = " " + name.Substring(0, 6) + ":";
        actual.ShouldContain(line => line.Contains(code, StringComparison.Ordinal));
    }

    public static TheoryData<string> Variants()
    {
        var data = new TheoryData<string>();
        foreach (var folder in System.IO.Directory.EnumerateDirectories(Directory()).Where(VariantLoader.IsVariant).Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(folder));
        return data;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void BrokenVariant_ShowsExactlyItsExpectedDiagnostics(string name)
    {
        var root = Repository.Root();
        var expected = File.ReadAllLines(Path.Combine(Directory(), name + ".expected"));

        var compilation = Compilation.Create(SourceLoader.Load([Path.Combine(Directory(), name)]).Trees());
        var actual = compilation.Diagnostics.Concat(FlowVerifier.Verify(compilation))
            .Select(d => d.ToString().Replace(root + Path.DirectorySeparatorChar, "", StringComparison.Ordinal)).ToArray();

        actual.ShouldBe(expected);
        actual.ShouldAllBe(line => line.Contains(" " + name.Substring(0, 6) + ":", StringComparison.Ordinal));
    }
}
