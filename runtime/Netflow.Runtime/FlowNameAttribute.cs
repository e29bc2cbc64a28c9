namespace Netflow.Runtime;

/// <summary>
/// The string passed to this parameter is the qualified name of a declared flow. Netflow.Analyzers checks string
/// constants passed to it against the project's .netflow files (NF5001).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FlowNameAttribute : Attribute;
