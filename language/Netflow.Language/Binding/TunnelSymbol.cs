using Netflow.Language.Syntax;
using Netflow.Language.Text;

namespace Netflow.Language.Binding;

/// <summary>A tunnel (or, with more than two endpoints, a full mesh of them) of one encapsulation kind.</summary>
public sealed class TunnelSymbol(string name, ScopeSymbol? scope, SourceLocation location, DeclarationSyntax declaration)
    : Symbol(name, scope, location, declaration)
{
    internal readonly List<Endpoint> EndpointList = [];

    public TunnelKind Kind { get; internal set; }
    public IReadOnlyList<Endpoint> Endpoints => EndpointList;
    public TunnelMode Mode { get; internal set; } = TunnelMode.Always;

    /// <summary>For an <c>l2</c> tunnel, the segment it stretches.</summary>
    public SegmentSymbol? Stretches { get; internal set; }

    public override string KindName => "tunnel";
}
