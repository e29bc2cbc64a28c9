using Netflow.Compiler;
using Netflow.Language;
using Netflow.Language.Diagnostics;
using Netflow.Language.Text;
using Netflow.Testing;

namespace Netflow.Cli.Tests;

/// <summary>
/// Each sample of samples/broken shows exactly the diagnostics of its golden file, in its source (flow verification
/// included), and the code it is named after is among them. A file NAME.netflow has NAME.check.golden; a folder there
/// is a variant whose overlay has the mistake, with check.golden inside it.
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
        var path = Path.Combine(Directory(), name);

        var actual = Checker.Check([new SourceText(path, File.ReadAllText(path))]).Diagnostics;

        Golden.Check($"samples/broken/{Path.GetFileNameWithoutExtension(name)}.check.golden", Golden.Annotate(actual));
        actual.ShouldContain(d => d.Code == name.Substring(0, 6));
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
        var actual = Check(Path.Combine(Directory(), name));

        Golden.Check($"samples/broken/{name}/check.golden", Golden.Annotate(actual));
        actual.ShouldNotBeEmpty();
        actual.ShouldAllBe(d => d.Code == name.Substring(0, 6));
    }

    /// <summary>What 'netflow check' reports for a folder: the compilation's diagnostics and the flows that do not hold.</summary>
    internal static IReadOnlyList<Diagnostic> Check(string folder)
    {
        return Checker.Check(SourceLoader.Load([folder]).Trees()).Diagnostics;
    }
}
