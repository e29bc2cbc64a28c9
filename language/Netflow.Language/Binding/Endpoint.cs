using Netflow.Language.Addressing;
using Netflow.Language.Text;

namespace Netflow.Language.Binding;

/// <summary>Something a clause points at: a literal address, or a declared device, interface or tunnel; with an optional port.</summary>
public sealed record Endpoint(IpAddress? Address, Symbol? Symbol, int? Port, SourceLocation Location)
{
    public override string ToString() => (Address?.ToString() ?? Symbol?.QualifiedName ?? "?") + (Port is { } p ? $":{p}" : "");
}
