using Netflow.Language.Addressing;
using Netflow.Language.Syntax;
using Netflow.Language.Text;

namespace Netflow.Language.Binding;

/// <summary>An L2 broadcast domain (VLAN, VXLAN logical switch, subnet, stretched network, link) and the ranges it carries.</summary>
public sealed class SegmentSymbol(string name, ScopeSymbol? scope, SourceLocation location, DeclarationSyntax declaration)
    : Symbol(name, scope, location, declaration)
{
    internal readonly List<RangeSymbol> RangeList = [];

    public SegmentKind Kind { get; internal set; }

    /// <summary>VLAN id or VXLAN network identifier, when given.</summary>
    public int? Id { get; internal set; }

    public IReadOnlyList<RangeSymbol> Ranges => RangeList;

    /// <summary>The subnet of an address on this segment: the innermost of its ranges that holds it, or null.</summary>
    public RangeSymbol? SubnetOf(IpAddress address) =>
        RangeList.Where(r => r.Prefix is { } p && p.Contains(address)).MaxBy(r => r.Prefix!.Value.Length);

    public override string KindName => "segment";
}
