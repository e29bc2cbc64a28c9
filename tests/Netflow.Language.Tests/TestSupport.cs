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
    public static string RepositoryRoot() => global::Netflow.Testing.Repository.Root;
}
