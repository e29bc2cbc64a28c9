using Netflow.Language.Syntax;
using Netflow.Language.Text;

namespace Netflow.Language.Binding;

/// <summary>A tunnel (or, with more than two endpoints, a full mesh of them) of one encapsulation kind.</summary>
public sealed class TunnelSymbol(string name, ScopeSymbol? scope, SourceLocation location, DeclarationSyntax declaration)
    : Symbol(name, scope, location, declaration)
{
    internal readonly List<Endpoint> EndpointList = [];

    internal readonly Dictionary<Endpoint, IReadOnlyList<AddressMatch>> ProtectingByEnd = new(ReferenceEqualityComparer.Instance);

    public TunnelKind Kind { get; internal set; }
    public IReadOnlyList<Endpoint> Endpoints => EndpointList;

    /// <summary>
    /// What an IPsec end declares it protects (<c>protecting</c>): its gateway's local traffic selectors, as strongSwan's
    /// local.subnet; empty when the end declares none (then it protects any address).
    /// </summary>
    public IReadOnlyList<AddressMatch> Protecting(Endpoint end) => ProtectingByEnd.GetValueOrDefault(end) ?? [];
    public TunnelMode Mode { get; internal set; } = TunnelMode.Always;

    /// <summary>For an <c>l2</c> tunnel, the segment it stretches.</summary>
    public SegmentSymbol? Stretches { get; internal set; }

    public override string KindName => "tunnel";
}
