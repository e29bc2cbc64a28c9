using Microsoft.CodeAnalysis;
using NetflowDescriptors = Netflow.Language.Diagnostics.DiagnosticDescriptors;
using NetflowDescriptor = Netflow.Language.Diagnostics.DiagnosticDescriptor;

namespace Netflow.Analyzers;

/// <summary>The NF5xxx codes, about C# code rather than .netflow files, as Roslyn descriptors.</summary>
internal static class CSharpDiagnostics
{
    public static readonly DiagnosticDescriptor UnknownFlow = Of(NetflowDescriptors.UnknownFlowInCode);
    public static readonly DiagnosticDescriptor UnknownDevice = Of(NetflowDescriptors.UnknownDeviceInCode);
    public static readonly DiagnosticDescriptor InvalidNetworkClass = Of(NetflowDescriptors.InvalidNetworkClass);

    /// <summary>A diagnostic with a message of <c>CSharpCodeMessages</c> (the Roslyn descriptor's format is just "{0}").</summary>
    public static Diagnostic Create(DiagnosticDescriptor descriptor, Location location, string message) =>
        Diagnostic.Create(descriptor, location, Runtime.Rendering.Printable.Escape(message));

    private static DiagnosticDescriptor Of(NetflowDescriptor descriptor) => NetflowAnalyzer.ToRoslyn(descriptor, NetflowDescriptor.DefaultHelpBase);
}
