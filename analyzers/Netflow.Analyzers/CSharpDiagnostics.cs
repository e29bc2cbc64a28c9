using System.Globalization;
using Microsoft.CodeAnalysis;
using NetflowDescriptors = Netflow.Language.Diagnostics.DiagnosticDescriptors;
using NetflowDescriptor = Netflow.Language.Diagnostics.DiagnosticDescriptor;

namespace Netflow.Analyzers;

/// <summary>The NF5xxx codes, about C# code rather than .netflow files, as Roslyn descriptors.</summary>
internal static class CSharpDiagnostics
{
    public const string Category = "CSharp";

    public static readonly DiagnosticDescriptor UnknownFlow = Of(NetflowDescriptors.UnknownFlowInCode);
    public static readonly DiagnosticDescriptor UnknownDevice = Of(NetflowDescriptors.UnknownDeviceInCode);
    public static readonly DiagnosticDescriptor InvalidNetworkClass = Of(NetflowDescriptors.InvalidNetworkClass);

    /// <summary>A diagnostic with the Netflow descriptor's message (the Roslyn descriptor's format is just "{0}").</summary>
    public static Diagnostic Create(DiagnosticDescriptor descriptor, Location location, params object?[] args) =>
        Diagnostic.Create(descriptor, location, string.Format(CultureInfo.InvariantCulture, Language.Diagnostics.DiagnosticDescriptors.Find(descriptor.Id)!.MessageFormat, args));

    private static DiagnosticDescriptor Of(NetflowDescriptor descriptor) => NetflowAnalyzer.ToRoslyn(descriptor, NetflowDescriptor.DefaultHelpBase);
}
