using Netflow.Language.Diagnostics;

namespace Netflow.Cli.Output;

internal static class DiagnosticSummary
{
    public static string Describe(IReadOnlyList<Diagnostic> diagnostics, int fileCount)
    {
        var errors = diagnostics.Count(d => d.IsError);
        var warnings = diagnostics.Count - errors;
        var files = Plural(fileCount, "file");
        return errors + warnings == 0
            ? $"No problems in {files}."
            : $"{Plural(errors, "error")}, {Plural(warnings, "warning")} in {files}.";
    }

    private static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
