namespace Netflow.Language.Diagnostics;

public enum DiagnosticSeverity
{
    Warning,
    Error,
}
