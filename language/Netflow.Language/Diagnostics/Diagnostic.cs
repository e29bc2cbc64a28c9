using Netflow.Language.Text;

namespace Netflow.Language.Diagnostics;

/// <summary>One problem found in a compilation, at a primary location, with any related locations.</summary>
public sealed record Diagnostic(
    DiagnosticDescriptor Descriptor,
    SourceLocation Location,
    string Message,
    IReadOnlyList<RelatedLocation> RelatedLocations)
{
    public string Code => Descriptor.Code;
    public DiagnosticSeverity Severity => Descriptor.Severity;
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>The MSBuild canonical form: <c>path(line,col): error NF1234: message</c>.</summary>
    public override string ToString() =>
        $"{Location.Path}({Location.Start}): {(IsError ? "error" : "warning")} {Code}: {Message}";
}
