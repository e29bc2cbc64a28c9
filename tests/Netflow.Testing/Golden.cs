using System.Text;
using Netflow.Language.Diagnostics;

namespace Netflow.Testing;

/// <summary>
/// Golden files: what a command prints for a sample, kept next to the sample as <c>NAME.golden</c> and compared
/// exactly. <c>NETFLOW_UPDATE_GOLDENS=1 dotnet test Dsl.sln</c> rewrites every golden file from what the code prints
/// now (review the diff before committing it); without it, as in CI, a difference fails the test.
/// </summary>
public static class Golden
{
    public const string UpdateVariable = "NETFLOW_UPDATE_GOLDENS";

    private static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) is "1" or "true";

    /// <summary>Compares <paramref name="actual"/> with the golden file (a path below the repository root), or rewrites it when updating.</summary>
    /// <exception cref="GoldenFileMismatchException">The golden file is missing or says something else.</exception>
    public static void Check(string goldenPath, string actual)
    {
        var path = Repository.Path(goldenPath);
        actual = actual.ReplaceLineEndings("\n");
        if (Updating)
        {
            File.WriteAllText(path, actual);
            return;
        }
        var regenerate = $"{UpdateVariable}=1 dotnet test Dsl.sln rewrites it from the current output (review the diff before committing)";
        if (!File.Exists(path)) throw new GoldenFileMismatchException($"The golden file {goldenPath} does not exist; {regenerate}.");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected == actual) return;
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        var line = 0;
        while (line < expectedLines.Length && line < actualLines.Length && expectedLines[line] == actualLines[line]) line++;
        throw new GoldenFileMismatchException(
            $"The output differs from {goldenPath} at line {line + 1}:\n" +
            $"  golden: {(line < expectedLines.Length ? expectedLines[line] : "(end of file)")}\n" +
            $"  actual: {(line < actualLines.Length ? actualLines[line] : "(end of output)")}\n" +
            $"If the new output is right, {regenerate}.");
    }

    /// <summary>Text with the repository root taken out of every path in it, so that goldens do not depend on the checkout.</summary>
    public static string WithoutRoot(string text) => text.Replace(Repository.Root + System.IO.Path.DirectorySeparatorChar, "", StringComparison.Ordinal);

    /// <summary>
    /// Diagnostics shown in their source, as Bicep's baselines do: each file with a diagnostic (read from where its
    /// location says it is written), its lines numbered, and under the line where a diagnostic starts a marker line
    /// whose carets cover the span from its start to its end (one caret for an empty span; a span that goes on to a
    /// later line is marked to the end of the line and says where it ends), then the diagnostic. Lines more than two
    /// away from every diagnostic are left out ("...").
    /// </summary>
    public static string Annotate(IEnumerable<Diagnostic> diagnostics)
    {
        var list = diagnostics.ToList();
        if (list.Count == 0) return "No diagnostics.\n";
        var text = new StringBuilder();
        foreach (var file in list.GroupBy(d => d.Location.Path))
        {
            var lines = File.ReadAllLines(System.IO.Path.Combine(Repository.Root, file.Key));
            var marked = file.ToLookup(d => d.Location.Start.Line);
            var shown = Enumerable.Range(0, lines.Length).Where(i => marked.Any(m => Math.Abs(m.Key - i) <= 2)).ToList();
            text.Append(WithoutRoot(file.Key)).Append('\n');
            var previous = -1;
            foreach (var i in shown)
            {
                if (previous >= 0 && i > previous + 1) text.Append("     ...\n");
                text.Append($"{i + 1,4} | {lines[i]}".TrimEnd()).Append('\n');
                foreach (var diagnostic in marked[i]) text.Append("     | ").Append(Marker(lines[i], diagnostic)).Append('\n');
                previous = i;
            }
        }
        return text.ToString();
    }

    private static string Marker(string line, Diagnostic diagnostic)
    {
        var (start, end) = (diagnostic.Location.Start, diagnostic.Location.End);
        var from = Math.Min(start.Character, line.Length);
        var to = end.Line == start.Line ? Math.Min(end.Character, line.Length) : line.Length;
        // Keep tabs so that the carets stand under the characters they mark.
        var indent = new string([.. line[..from].Select(c => c == '\t' ? '\t' : ' ')]);
        var carets = new string('^', Math.Max(1, to - from));
        var continues = end.Line == start.Line ? "" : $" (to {end})";
        var severity = diagnostic.IsError ? "error" : "warning";
        return $"{indent}{carets}{continues} {severity} {diagnostic.Code}: {WithoutRoot(diagnostic.Message)}";
    }
}

/// <summary>A test's output does not match its golden file.</summary>
public sealed class GoldenFileMismatchException(string message) : Exception(message);
