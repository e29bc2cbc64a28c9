using Netflow.Language.Diagnostics;

namespace Netflow.Cli.Output;

/// <summary>
/// How diagnostics name their files (<c>check --paths</c>): as loaded (relative to the working directory when the file
/// is below it, otherwise absolute), or always absolute, which problem matchers (VS Code's <c>$msCompile</c>) and CI
/// annotations need to open a file whatever folder they run in.
/// </summary>
internal sealed class DiagnosticPaths(bool absolute)
{
    public const string Absolute = "absolute";
    public const string Relative = "relative";

    /// <summary>Absolute unless standard output is a terminal, where a person reads it, and CI is not set.</summary>
    public static string DefaultFor(TextWriter stdout, string? ci) => stdout is TerminalWriter && string.IsNullOrEmpty(ci) ? Relative : Absolute;

    public string Of(string path) => absolute ? Path.GetFullPath(path) : path;

    /// <summary>The MSBuild form of <see cref="Diagnostic.ToString"/>, with the path spelled as chosen.</summary>
    public string Line(Diagnostic diagnostic)
    {
        var line = diagnostic.ToString();
        var path = diagnostic.Location.Path;
        return line.StartsWith(path, StringComparison.Ordinal) ? Of(path) + line[path.Length..] : line;
    }
}
