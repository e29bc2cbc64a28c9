namespace Netflow.Fuzz.Tests;

/// <summary>
/// The fuzz target over its seed corpus and over every input AFL++ ever found to crash or hang it
/// (tests/Netflow.Fuzz/findings, one file per finding, named after what it broke): each must now end without an
/// exception. This is the fuzz target itself, uninstrumented, so a finding replays here exactly as it failed there.
/// </summary>
public sealed class FuzzFindingTests
{
    private static string Folder(string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Dsl.sln"))) directory = directory.Parent;
        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Dsl.sln not found"), "tests", "Netflow.Fuzz", name);
    }

    public static TheoryData<string> Inputs()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "corpus", "findings" })
        {
            if (!Directory.Exists(Folder(folder))) continue;
            foreach (var file in Directory.EnumerateFiles(Folder(folder)).Order(StringComparer.Ordinal)) data.Add($"{folder}/{Path.GetFileName(file)}");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void TheTarget_EndsWithoutAnException(string input)
    {
        var bytes = File.ReadAllBytes(Folder(input));
        Should.NotThrow(() => FuzzTarget.Run(bytes));
    }

    [Fact]
    public void TheCorpus_HasTheSamplesSeeds() => Inputs().Count.ShouldBeGreaterThan(40);
}
