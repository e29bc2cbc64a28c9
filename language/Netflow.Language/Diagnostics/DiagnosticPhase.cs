namespace Netflow.Language.Diagnostics;

/// <summary>
/// The phase that reports a diagnostic. Codes are numbered by phase (docs/diagnostics.md), but the phase is stated on
/// each descriptor, never read back from its code.
/// </summary>
public enum DiagnosticPhase
{
    /// <summary>NF00xx: characters, tokens and declarations.</summary>
    Syntax,

    /// <summary>NF01xx: a variant's edits of the network it varies.</summary>
    Overlays,

    /// <summary>NF1xxx: names and kinds.</summary>
    Names,

    /// <summary>NF2xxx: the address plan.</summary>
    AddressPlan,

    /// <summary>NF3xxx: routing.</summary>
    Routing,

    /// <summary>NF4xxx: flows.</summary>
    Flows,

    /// <summary>NF5xxx: C# code of a project with .netflow files (Netflow.Analyzers only).</summary>
    CSharp,
}
