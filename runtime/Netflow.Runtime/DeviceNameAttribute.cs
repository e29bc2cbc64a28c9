namespace Netflow.Runtime;

/// <summary>
/// The string passed to this parameter is the qualified name of a device. Netflow.Analyzers checks string constants
/// passed to it against the project's .netflow files (NF5002).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class DeviceNameAttribute : Attribute;
