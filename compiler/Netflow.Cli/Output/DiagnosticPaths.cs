using System.CommandLine;
using Netflow.Language.Diagnostics;

namespace Netflow.Cli.Output;

/// <summary>
/// How diagnostics name their files (<c>--paths</c>): as loaded (relative to the working directory when the file
/// is below it, otherwise absolute), or always absolute, which problem matchers (VS Code's <c>$msCompile</c>) and CI
/// annotations need to open a file whatever folder they run in.
/// </summary>
internal sealed class DiagnosticPaths(bool absolute)
{
    public const string Absolute = "absolute";
    public const string Relative = "relative";

    /// <summary>Absolute unless standard output is a terminal, where a person reads it, and CI is not set.</summary>
    public static string DefaultFor(TextWriter stdout, string? ci) => stdout is TerminalWriter && string.IsNullOrEmpty(ci) ? Relative : Absolute;

    /// <summary>The <c>--paths</c> option of a command whose diagnostics go to <paramref name="writer"/>.</summary>
    public static Option<string> CreateOption(TextWriter writer)
    {
        var option = new Option<string>("--paths")
        {
            Description = "How diagnostics name files: 'absolute', or 'relative' to the working directory when below it. " +
                "By default absolute when the output is not a terminal or CI is set (so that problem matchers and CI annotations can open them), relative on a terminal.",
            DefaultValueFactory = _ => DefaultFor(writer, Environment.GetEnvironmentVariable("CI")),
        };
        option.AcceptOnly(Absolute, Relative);
        return option;
    }

    /// <summary>What <paramref name="option"/> chose.</summary>
    public static DiagnosticPaths From(ParseResult parse, Option<string> option) => new(parse.GetValue(option) == Absolute);

    /// <summary>The default for diagnostics written to <paramref name="writer"/>, for commands without the option.</summary>
    public static DiagnosticPaths DefaultOf(TextWriter writer) => new(DefaultFor(writer, Environment.GetEnvironmentVariable("CI")) == Absolute);

    public string Of(string path) => absolute ? Path.GetFullPath(path) : path;

    /// <summary>The MSBuild form of <see cref="Diagnostic.ToString"/>, with the path spelled as chosen.</summary>
    public string Line(Diagnostic diagnostic)
    {
        var line = diagnostic.ToString();
        var path = diagnostic.Location.Path;
        return line.StartsWith(path, StringComparison.Ordinal) ? Of(path) + line[path.Length..] : line;
    }
}
