using Netflow.Language.Addressing;
using Netflow.Language.Diagnostics;
using Netflow.Language.Syntax;
using Netflow.Language.Text;

namespace Netflow.Language.Binding;

/// <summary>
/// Turns the syntax trees of a compilation into symbols. Two passes, as in a C# compiler: the first declares every
/// name in its scope (so order and file boundaries do not matter), the second resolves every reference, checking that
/// it names the right kind of thing. Sites of the same name in the same scope merge, like partial classes, so one site
/// can be described across several files.
/// </summary>
internal sealed partial class Binder(DiagnosticBag diagnostics)
{
    private readonly Dictionary<string, Symbol> _globals = new(StringComparer.Ordinal);
    private readonly List<Action> _resolutions = [];
    private readonly List<Symbol> _allSymbols = [];
    private readonly Dictionary<string, (string HostName, SyntaxToken Target, DeviceSymbol Server, SourceLocation Location)> _recordSyntax =
        new(StringComparer.OrdinalIgnoreCase);
    private readonly NetworkModelBuilder _model = new();

    /// <summary>Every symbol's qualified name, for "did you mean" hints; built once, when the first hint is needed.</summary>
    private string[]? _qualifiedNames;
    private SyntaxTree _tree = null!;

    public NetworkModel Bind(IReadOnlyList<SyntaxTree> trees, CancellationToken cancellation = default)
    {
        foreach (var tree in trees)
        {
            cancellation.ThrowIfCancellationRequested();
            _tree = tree;
            DeclareSiteLevel(tree.Declarations, scope: null, parentRange: null, segment: null);
        }
        for (var i = 0; i < _resolutions.Count; i++)
        {
            if (i % 1024 == 0) cancellation.ThrowIfCancellationRequested();
            _resolutions[i]();
        }
        return _model.Build(_globals);
    }

    private SourceLocation Loc(SyntaxToken token) => _tree.Location(token.Span);

    // ---- Pass 1: declarations ------------------------------------------------------------------------------------

    private void DeclareSiteLevel(IReadOnlyList<DeclarationSyntax> declarations, ScopeSymbol? scope, RangeSymbol? parentRange, SegmentSymbol? segment)
    {
        foreach (var declaration in declarations)
        {
            // Inside a range or a segment only ranges stand; the parser reported anything else there.
            if (parentRange is not null || segment is not null)
            {
                if (declaration.Header is RangeHeader nested) DeclareRange(declaration, nested, scope, parentRange, segment);
                continue;
            }
            switch (declaration.Header)
            {
                case SiteHeader site:
                    DeclareSite(declaration, site, scope);
                    break;
                case RangeHeader range:
                    DeclareRange(declaration, range, scope, parentRange: null, segment: null);
                    break;
                case SegmentHeader seg:
                    DeclareSegment(declaration, seg, scope);
                    break;
                case DeviceHeader device:
                    DeclareDevice(declaration, device, scope);
                    break;
                case TunnelHeader tunnel:
                    DeclareTunnel(declaration, tunnel, scope);
                    break;
                case FlowHeader flow:
                    DeclareFlow(declaration, flow, scope);
                    break;
                // Anything else is misplaced and was reported by the parser.
            }
        }
    }

    private bool Declare(ScopeSymbol? scope, Symbol symbol)
    {
        var members = scope is null ? _globals : null;
        var declared = members is not null ? Scopes.TryDeclare(members, symbol, out var existing) : scope!.TryDeclare(symbol, out existing);
        if (declared)
        {
            _allSymbols.Add(symbol);
            return true;
        }
        diagnostics.ReportDuplicateName(symbol, existing, scope);
        return false;
    }

    private void DeclareSite(DeclarationSyntax declaration, SiteHeader header, ScopeSymbol? scope)
    {
        var name = header.DeclaredName.Text;
        var existing = scope is null ? _globals.GetValueOrDefault(name) : scope.Members.GetValueOrDefault(name);
        var site = existing as SiteSymbol;
        if (site is null)
        {
            site = new SiteSymbol(name, scope, Loc(header.DeclaredName), declaration);
            if (!Declare(scope, site)) return;
            _model.Sites.Add(site);
        }
        DeclareSiteLevel(declaration.Members, site, parentRange: null, segment: null);
    }

    private void DeclareRange(DeclarationSyntax declaration, RangeHeader header, ScopeSymbol? scope, RangeSymbol? parentRange, SegmentSymbol? segment)
    {
        var range = new RangeSymbol(header.DeclaredName.Text, scope, Loc(header.DeclaredName), declaration)
        {
            Prefix = BindPrefix(_tree, header.Prefix),
            Parent = parentRange,
            Segment = segment,
            Origin = header.Origin is { } origin ? origin.Value : parentRange?.Origin ?? RangeOrigin.Enterprise,
        };
        if (Declare(scope, range))
        {
            _model.Ranges.Add(range);
            segment?.RangeList.Add(range);
        }
        else
        {
            // A duplicate was reported; its nested ranges belong to the declaration that stands, if it is a range.
            range = Lookup(scope, range.Name) as RangeSymbol;
        }
        DeclareSiteLevel(declaration.Members, scope, range, segment);
    }

    private void DeclareSegment(DeclarationSyntax declaration, SegmentHeader header, ScopeSymbol? scope)
    {
        var segment = new SegmentSymbol(header.DeclaredName.Text, scope, Loc(header.DeclaredName), declaration)
        {
            Kind = header.SegmentKind.Value,
        };
        segment.Id = segment.Kind switch
        {
            SegmentKind.Vlan => (int?)BindNumber(_tree, header.Id, NumberRange.VlanId),
            SegmentKind.Vxlan => (int?)BindNumber(_tree, header.Id, NumberRange.VxlanId),
            _ => (int?)BindNumber(_tree, header.Id, NumberRange.SegmentId),
        };
        if (!Declare(scope, segment)) return;
        _model.Segments.Add(segment);
        var tree = _tree;
        foreach (var rangeToken in header.Ranges)
        {
            _resolutions.Add(() =>
            {
                if (Resolve<RangeSymbol>(tree, scope, rangeToken, Needs.SegmentRange) is { } range) segment.RangeList.Add(range);
            });
        }
        DeclareSiteLevel(declaration.Members, scope, parentRange: null, segment);
        // Without a range its addresses have no subnet: no connected route for it (the model requires one or more ranges).
        if (header.Ranges.Count == 0 && segment.RangeList.Count == 0) diagnostics.ReportSegmentWithoutRanges(segment);
    }

    private void DeclareTunnel(DeclarationSyntax declaration, TunnelHeader header, ScopeSymbol? scope)
    {
        var tunnel = new TunnelSymbol(header.DeclaredName.Text, scope, Loc(header.DeclaredName), declaration)
        {
            Kind = header.TunnelKind.Value,
            Mode = header.Mode?.Value ?? TunnelMode.Always,
        };
        if (!Declare(scope, tunnel)) return;
        _model.Tunnels.Add(tunnel);
        var tree = _tree;
        _resolutions.Add(() =>
        {
            foreach (var endpoint in header.Endpoints)
            {
                if (BindEndpoint(tree, scope, endpoint.Target, null, Needs.TunnelEndpoint) is not { } bound) continue;
                tunnel.EndpointList.Add(bound);
                if (endpoint.Protecting.Count == 0) continue;
                if (tunnel.Kind != TunnelKind.Ipsec)
                {
                    diagnostics.ReportTrafficSelectorsOnTunnelWithoutIpsec(tunnel, tree.Location(endpoint.Protecting[0].Target.Span));
                    continue;
                }
                tunnel.ProtectingByEnd[bound] = [.. endpoint.Protecting.Select(m => BindMatch(tree, scope, m, Needs.TunnelSelector, allowAny: false)).OfType<AddressMatch>()];
            }
            if (header.Stretching is { } stretching)
            {
                tunnel.Stretches = Resolve<SegmentSymbol>(tree, scope, stretching, Needs.TunnelStretch);
            }
        });
    }

    // ---- Resolution helpers --------------------------------------------------------------------------------------

    /// <summary>Looks a dotted name up from a scope outwards; the first part binds in the innermost scope that has it.</summary>
    private Symbol? Lookup(ScopeSymbol? scope, string name)
    {
        if (!name.Contains('.'))
        {
            // The common case, a plain name: no splitting, no allocation.
            for (var s = scope; ; s = s.Scope)
            {
                var members = s?.Members ?? (IReadOnlyDictionary<string, Symbol>)_globals;
                if (members.TryGetValue(name, out var found)) return found;
                if (s is null) return null;
            }
        }
        var parts = name.Split('.');
        for (var s = scope; ; s = s.Scope)
        {
            var members = s?.Members ?? (IReadOnlyDictionary<string, Symbol>)_globals;
            if (members.TryGetValue(parts[0], out var symbol))
            {
                for (var i = 1; i < parts.Length; i++)
                {
                    if (symbol is not ScopeSymbol inner || !inner.Members.TryGetValue(parts[i], out symbol)) return null;
                }
                return symbol;
            }
            if (s is null) return null;
        }
    }

    private Symbol? ResolveAny(SyntaxTree tree, ScopeSymbol? scope, SyntaxToken token)
    {
        var symbol = Lookup(scope, token.Text);
        if (symbol is not null) return symbol;
        ReportUnknownName(tree, scope, token);
        return null;
    }

    private void ReportUnknownName(SyntaxTree tree, ScopeSymbol? scope, SyntaxToken token)
    {
        // Past the cap the bag skips the costly "did you mean", so the candidates are only listed when enumerated.
        diagnostics.ReportUnknownName(tree.Location(token.Span), token.Text, scope, VisibleNames(scope).Concat(QualifiedNames()));
    }

    private IEnumerable<string> QualifiedNames()
    {
        _qualifiedNames ??= [.. _allSymbols.Select(s => s.QualifiedName)];
        foreach (var name in _qualifiedNames) yield return name;
    }

    private IEnumerable<string> VisibleNames(ScopeSymbol? scope)
    {
        for (var s = scope; s is not null; s = s.Scope)
        {
            foreach (var name in s.Members.Keys) yield return name;
        }
        foreach (var name in _globals.Keys) yield return name;
    }

    private T? Resolve<T>(SyntaxTree tree, ScopeSymbol? scope, SyntaxToken token, Needs needs) where T : Symbol
    {
        var symbol = ResolveAny(tree, scope, token);
        if (symbol is null or T) return symbol as T;
        ReportWrongKind(tree, token, symbol, needs, Hidden<T>(symbol, token.Text));
        return null;
    }

    /// <summary>A symbol of the wanted kind that the found one hides: the same name, declared further out.</summary>
    private T? Hidden<T>(Symbol found, string name) where T : Symbol
    {
        for (var s = found.Scope; s is not null; s = s.Scope)
        {
            if (Lookup(s.Scope, name) is T hidden) return hidden;
        }
        return null;
    }

    private void ReportWrongKind(SyntaxTree tree, SyntaxToken token, Symbol symbol, Needs needs, Symbol? hidden = null) =>
        diagnostics.ReportWrongKind(tree.Location(token.Span), token.Text, symbol, needs, hidden);

    /// <summary>An address literal, or a name of a device, an interface (or a tunnel, where allowed).</summary>
    private Endpoint? BindEndpoint(SyntaxTree tree, ScopeSymbol? scope, SyntaxToken token, SyntaxToken? port, Needs needs, bool allowTunnel = false)
    {
        var portNumber = BindPort(tree, port);
        var location = tree.Location(port is null ? token.Span : token.Span.Cover(port.Span));
        if (token.Kind == TokenKind.Address)
        {
            return token.Value is IpAddress address ? new Endpoint(address, null, portNumber, location) : null;
        }
        var symbol = ResolveAny(tree, scope, token);
        if (symbol is null) return null;
        if (symbol is DeviceSymbol or InterfaceSymbol || (allowTunnel && symbol is TunnelSymbol))
        {
            return new Endpoint(null, symbol, portNumber, location);
        }
        ReportWrongKind(tree, token, symbol, needs);
        return null;
    }

    private int? BindPort(SyntaxTree tree, SyntaxToken? port) => (int?)BindNumber(tree, port, NumberRange.Port);

    /// <summary>A number literal checked against the range its clause allows (NF0006); null when invalid.</summary>
    private long? BindNumber(SyntaxTree tree, SyntaxToken? token, NumberRange range)
    {
        if (token?.Value is not long number) return null;
        if (range.Contains(number)) return number;
        diagnostics.ReportNumberOutOfRange(tree.Location(token.Span), token.Text, range);
        return null;
    }

    /// <summary>A prefix literal, checked for host bits (NF2002). Null when invalid.</summary>
    private IpPrefix? BindPrefix(SyntaxTree tree, SyntaxToken token)
    {
        if (token.Value is not IpPrefix prefix) return null;
        if (prefix.HasHostBits)
        {
            diagnostics.ReportHostBitsSet(tree.Location(token.Span), prefix);
        }
        return prefix.Canonical;
    }

    /// <summary>A prefix, <c>default</c>, <c>any</c> (when allowed) or the name of a range.</summary>
    private AddressMatch? BindMatch(SyntaxTree tree, ScopeSymbol? scope, MatchSyntax match, Needs needs, bool allowAny)
    {
        var token = match.Target;
        var location = tree.Location(token.Span);
        if (token.Kind == TokenKind.Prefix)
        {
            var prefix = BindPrefix(tree, token);
            return prefix is null ? null : new AddressMatch(prefix, null, location);
        }
        if (match.Word == MatchWord.Default) return new AddressMatch(IpPrefix.DefaultV4, null, location);
        if (allowAny && match.Word == MatchWord.Any) return new AddressMatch(null, null, location);
        var range = Resolve<RangeSymbol>(tree, scope, token, needs);
        return range?.Prefix is { } rangePrefix ? new AddressMatch(rangePrefix, range, location) : null;
    }
}
