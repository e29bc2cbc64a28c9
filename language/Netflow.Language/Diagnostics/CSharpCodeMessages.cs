using System.Globalization;

namespace Netflow.Language.Diagnostics;

/// <summary>
/// The messages of the NF5xxx codes, one typed method per code. Netflow.Analyzers reports them at locations in C# code,
/// which the diagnostic bag (whose locations are in .netflow files) cannot hold.
/// </summary>
public static class CSharpCodeMessages
{
    /// <summary>NF5001, with the nearest of the declared flows' qualified names.</summary>
    public static string UnknownFlowInCode(string name, IEnumerable<string> flows) =>
        Format(DiagnosticDescriptors.UnknownFlowInCode, name, Spelling.Hint(name, flows));

    /// <summary>NF5002: the one device whose qualified name ends with the name (a device named without its site), else the nearest spelling.</summary>
    public static string UnknownDeviceInCode(string name, IReadOnlyCollection<string> devices) =>
        Format(DiagnosticDescriptors.UnknownDeviceInCode, name,
            devices.Where(d => d.EndsWith("." + name, StringComparison.Ordinal)).ToList() is [var qualified] ? $"; did you mean '{qualified}'?" : Spelling.Hint(name, devices));

    /// <summary>NF5003.</summary>
    public static string InvalidNetworkClass(string setting) => Format(DiagnosticDescriptors.InvalidNetworkClass, setting);

    private static string Format(DiagnosticDescriptor descriptor, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, descriptor.MessageFormat, args);
}
