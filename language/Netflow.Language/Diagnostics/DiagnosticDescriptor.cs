namespace Netflow.Language.Diagnostics;

/// <summary>
/// What a diagnostic code means: its stable code (NFnnnn), severity, a short title and a message format that says how to
/// fix the problem. Codes never change meaning once published; the help link points at the code's entry in the docs.
/// </summary>
public sealed record DiagnosticDescriptor(string Code, DiagnosticSeverity Severity, string Title, string MessageFormat)
{
    /// <summary>
    /// Where help links point unless a user says otherwise (the analyzer's NetflowHelpBaseUrl property, the command's
    /// --help-base-url): absolute, so that IDEs can open them and SARIF consumers accept them.
    /// </summary>
    public const string DefaultHelpBase = "https://github.com/netflow-lang/netflow/blob/main/docs/diagnostics.md";

    public string HelpUri => HelpUriAt(DefaultHelpBase);

    /// <summary>This code's section of docs/diagnostics.md at <paramref name="helpBase"/>.</summary>
    public string HelpUriAt(string helpBase) => $"{helpBase}#{Code.ToLowerInvariant()}";

    /// <summary>The phase a code belongs to, from its first digit (NF0xxx syntax, NF1xxx names and kinds, ..., NF5xxx C# code).</summary>
    public string Category => Code[2] switch
    {
        '0' => "Syntax",
        '1' => "Names",
        '2' => "AddressPlan",
        '3' => "Routing",
        '5' => "CSharp",
        _ => "Flows",
    };
}
