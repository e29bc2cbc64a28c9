namespace Netflow.Language.Diagnostics;

/// <summary>
/// What a diagnostic code means: its stable code (NFnnnn), the phase that reports it, severity, a short title and a
/// message format that says how to fix the problem. Only the bag's typed method for the code fills the format
/// (<see cref="DiagnosticBag"/>). Codes never change meaning once published; the help link points at the code's entry
/// in the docs.
/// </summary>
public sealed record DiagnosticDescriptor(string Code, DiagnosticPhase Phase, DiagnosticSeverity Severity, string Title, string MessageFormat)
{
    /// <summary>
    /// Where help links point unless a user says otherwise (the analyzer's NetflowHelpBaseUrl property, the command's
    /// --help-base-url): absolute, so that IDEs can open them and SARIF consumers accept them.
    /// </summary>
    public const string DefaultHelpBase = "https://github.com/netflow-lang/netflow/blob/main/docs/diagnostics.md";

    public string HelpUri => HelpUriAt(DefaultHelpBase);

    /// <summary>This code's section of docs/diagnostics.md at <paramref name="helpBase"/>.</summary>
    public string HelpUriAt(string helpBase) => $"{helpBase}#{Code.ToLowerInvariant()}";

    /// <summary>
    /// Whether this error leaves the model incomplete (a syntax, overlay or name error), so that nothing can be
    /// compiled or executed on it. The cap's own NF0012 does not: what it stands for has been counted already.
    /// </summary>
    public bool Blocks => Severity == DiagnosticSeverity.Error && Phase is DiagnosticPhase.Syntax or DiagnosticPhase.Overlays or DiagnosticPhase.Names
        && !ReferenceEquals(this, DiagnosticDescriptors.TooManyErrors);
}
