using Netflow.Language.Addressing;
using Netflow.Language.Syntax;
using Netflow.Language.Text;

namespace Netflow.Language.Binding;

/// <summary>A named prefix with an origin; <see cref="Parent"/> is the range it is declared inside, if any.</summary>
public sealed class RangeSymbol(string name, ScopeSymbol? scope, SourceLocation location, DeclarationSyntax declaration)
    : Symbol(name, scope, location, declaration)
{
    /// <summary>Null when the prefix literal was invalid (already reported).</summary>
    public IpPrefix? Prefix { get; internal set; }
    public RangeOrigin Origin { get; internal set; } = RangeOrigin.Enterprise;
    public RangeSymbol? Parent { get; internal set; }

    /// <summary>The segment whose block declares this range, if any.</summary>
    public SegmentSymbol? Segment { get; internal set; }

    public override string KindName => "range";
}
