using Netflow.Language.Addressing;
using Netflow.Language.Text;

namespace Netflow.Language.Binding;

/// <summary>A set of addresses a clause matches: a prefix, a named range, or <c>any</c> (both null).</summary>
public sealed record AddressMatch(IpPrefix? Prefix, RangeSymbol? Range, SourceLocation Location)
{
    public bool IsAny => Prefix is null;

    public override string ToString() => Range?.QualifiedName ?? Prefix?.ToString() ?? "any";
}
