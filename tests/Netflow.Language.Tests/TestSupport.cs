using Netflow.Language;
using Netflow.Language.Diagnostics;
using Netflow.Language.Text;

namespace Netflow.Language.Tests;

internal static class TestSupport
{
    public static Compilation Compile(params string[] files) =>
        Compilation.Create(files.Select((text, i) => new SourceText($"file{i}.netflow", text)).ToArray());

    public static IReadOnlyList<Diagnostic> Diagnose(params string[] files) => Compile(files).Diagnostics;

    public static string[] Codes(params string[] files) => Diagnose(files).Select(d => d.Code).ToArray();

    /// <summary>The repository root, found from the test binaries by walking up to Dsl.sln.</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Dsl.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Dsl.sln not found above the test binaries.");
    }
}
