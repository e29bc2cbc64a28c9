namespace Netflow.Language.Diagnostics;

/// <summary>
/// What a diagnostic code means: its stable code (NFnnnn), severity, a short title and a message format that says how to
/// fix the problem. Codes never change meaning once published; the help link points at the code's entry in the docs.
/// </summary>
public sealed record DiagnosticDescriptor(string Code, DiagnosticSeverity Severity, string Title, string MessageFormat)
{
    /// <summary>Relative to the repository root, so the link works in any clone and any hosting.</summary>
    public const string HelpBase = "docs/diagnostics.md";

    public string HelpUri => $"{HelpBase}#{Code.ToLowerInvariant()}";

    /// <summary>The phase a code belongs to, from its first digit (NF0xxx syntax, NF1xxx names and kinds, ...).</summary>
    public string Category => Code[2] switch
    {
        '0' => "Syntax",
        '1' => "Names",
        '2' => "AddressPlan",
        '3' => "Routing",
        _ => "Flows",
    };
}
