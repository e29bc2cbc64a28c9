namespace Netflow.Language.Syntax;

/// <summary>
/// The first line of a declaration: its keyword, its clauses and an optional description. One sealed record per kind of
/// declaration; the block, if any, belongs to the enclosing <see cref="DeclarationSyntax"/>.
/// </summary>
public abstract record HeaderSyntax(SyntaxToken Keyword)
{
    public SyntaxToken? Description { get; init; }

    /// <summary>The declared name, for declarations that declare one.</summary>
    public virtual SyntaxToken? Name => null;
}

public sealed record SiteHeader(SyntaxToken Keyword, SyntaxToken DeclaredName) : HeaderSyntax(Keyword)
{
    public override SyntaxToken? Name => DeclaredName;
}

/// <summary><c>range NAME PREFIX [ORIGIN]</c></summary>
public sealed record RangeHeader(SyntaxToken Keyword, SyntaxToken DeclaredName, SyntaxToken Prefix, SyntaxToken? Origin) : HeaderSyntax(Keyword)
{
    public override SyntaxToken? Name => DeclaredName;
}

/// <summary><c>segment NAME KIND [ID] [ranges R, ...]</c></summary>
public sealed record SegmentHeader(SyntaxToken Keyword, SyntaxToken DeclaredName, SyntaxToken SegmentKind, SyntaxToken? Id, IReadOnlyList<SyntaxToken> Ranges) : HeaderSyntax(Keyword)
{
    public override SyntaxToken? Name => DeclaredName;
}

/// <summary><c>KIND NAME [on HOST]</c>: the keyword is the device kind.</summary>
public sealed record DeviceHeader(SyntaxToken Keyword, SyntaxToken DeclaredName, SyntaxToken? Host) : HeaderSyntax(Keyword)
{
    public override SyntaxToken? Name => DeclaredName;
}

/// <summary><c>interface NAME ADDRESS, ... [on SEGMENT] [shared]</c></summary>
public sealed record InterfaceHeader(SyntaxToken Keyword, SyntaxToken DeclaredName, IReadOnlyList<SyntaxToken> Addresses, SyntaxToken? Segment, SyntaxToken? Shared) : HeaderSyntax(Keyword)
{
    public override SyntaxToken? Name => DeclaredName;
}

/// <summary><c>route DESTINATION via NEXT-HOP</c> or <c>route DESTINATION drop</c>.</summary>
public sealed record RouteHeader(SyntaxToken Keyword, SyntaxToken Destination, SyntaxToken? NextHop, SyntaxToken? Drop) : HeaderSyntax(Keyword);

/// <summary><c>bgp as NUMBER [advertises ...]</c></summary>
public sealed record BgpAsHeader(SyntaxToken Keyword, SyntaxToken Asn, IReadOnlyList<SyntaxToken> Advertised) : HeaderSyntax(Keyword);

/// <summary><c>bgp peer DEVICE [as NUMBER]</c>: the AS number is the one this end expects the peer to have.</summary>
public sealed record BgpPeerHeader(SyntaxToken Keyword, SyntaxToken Peer, SyntaxToken? Asn) : HeaderSyntax(Keyword);

/// <summary><c>snat MATCH [toward MATCH] as TARGET</c></summary>
public sealed record SnatHeader(SyntaxToken Keyword, SyntaxToken Match, SyntaxToken? Toward, SyntaxToken Target) : HeaderSyntax(Keyword)
{
    /// <summary><c>except MATCH</c>: destinations the rule leaves alone (Calico's natOutgoing skips the cluster's pools).</summary>
    public SyntaxToken? Except { get; init; }
}

/// <summary>An address or a name with an optional port, as in <c>dnat ... to web-1 port 8443</c>.</summary>
public sealed record EndpointSyntax(SyntaxToken Target, SyntaxToken? Port);

/// <summary><c>dnat ADDRESS [port N] [PROTOCOL] to ENDPOINT, ...</c></summary>
public sealed record DnatHeader(SyntaxToken Keyword, EndpointSyntax Match, SyntaxToken? Protocol, IReadOnlyList<EndpointSyntax> Targets) : HeaderSyntax(Keyword);

/// <summary><c>tunnel NAME KIND between A and B [and C ...] [mode M] [stretching SEGMENT]</c></summary>
public sealed record TunnelHeader(SyntaxToken Keyword, SyntaxToken DeclaredName, SyntaxToken TunnelKind, IReadOnlyList<SyntaxToken> Endpoints, SyntaxToken? Mode, SyntaxToken? Stretching) : HeaderSyntax(Keyword)
{
    public override SyntaxToken? Name => DeclaredName;
}

/// <summary><c>record HOST-NAME ADDRESS</c></summary>
public sealed record RecordHeader(SyntaxToken Keyword, SyntaxToken HostName, SyntaxToken Target) : HeaderSyntax(Keyword);

/// <summary><c>serves PROTOCOL [PORT, ...]</c>: what a device listens on.</summary>
public sealed record ServesHeader(SyntaxToken Keyword, SyntaxToken Protocol, IReadOnlyList<SyntaxToken> Ports) : HeaderSyntax(Keyword);

/// <summary><c>resolver DNS-SERVER</c></summary>
public sealed record ResolverHeader(SyntaxToken Keyword, SyntaxToken Server) : HeaderSyntax(Keyword);

public sealed record FlowHeader(SyntaxToken Keyword, SyntaxToken DeclaredName) : HeaderSyntax(Keyword)
{
    public override SyntaxToken? Name => DeclaredName;
}

/// <summary><c>from DEVICE</c></summary>
public sealed record FromHeader(SyntaxToken Keyword, SyntaxToken Source) : HeaderSyntax(Keyword);

/// <summary><c>to URL|HOST|DEVICE|ADDRESS [port N] [PROTOCOL]</c></summary>
public sealed record ToHeader(SyntaxToken Keyword, EndpointSyntax Destination, SyntaxToken? Protocol) : HeaderSyntax(Keyword);

/// <summary><c>expect DISPOSITION</c></summary>
public sealed record ExpectHeader(SyntaxToken Keyword, SyntaxToken Disposition) : HeaderSyntax(Keyword);

/// <summary><c>step WAYPOINT</c>: a fact word (<c>dns</c>, <c>snat</c>, ...) with its argument, or a device name.</summary>
public sealed record StepHeader(SyntaxToken Keyword, SyntaxToken Waypoint, SyntaxToken? Argument) : HeaderSyntax(Keyword);

/// <summary><c>never ENCAPSULATION</c></summary>
public sealed record NeverHeader(SyntaxToken Keyword, SyntaxToken Encapsulation) : HeaderSyntax(Keyword);
