using Netflow.Language.Binding;

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

/// <summary>
/// A line that is no declaration: one that did not parse (and whose keyword and name could not be salvaged), a keyword
/// the language does not know, a declaration where it is not allowed after a reported error, or a <c>{</c> with nothing
/// before it (then <see cref="HeaderSyntax.Keyword"/> is itself missing). <see cref="Expected"/> is the missing token
/// where the parser stopped. The parser reported the line once; nothing binds it, and its block is parsed for its own
/// errors but not bound.
/// </summary>
public sealed record IncompleteHeader(SyntaxToken Keyword, IReadOnlyList<SyntaxToken> Tokens, SyntaxToken Expected) : HeaderSyntax(Keyword);

public sealed record SiteHeader(SyntaxToken Keyword, SyntaxToken DeclaredName) : HeaderSyntax(Keyword)
{
    public override SyntaxToken? Name => DeclaredName;
}

/// <summary><c>range NAME PREFIX [ORIGIN]</c></summary>
public sealed record RangeHeader(SyntaxToken Keyword, SyntaxToken DeclaredName, SyntaxToken Prefix, KeywordSyntax<RangeOrigin>? Origin) : HeaderSyntax(Keyword)
{
    public override SyntaxToken? Name => DeclaredName;
}

/// <summary><c>segment NAME KIND [ID] [ranges R, ...]</c></summary>
public sealed record SegmentHeader(SyntaxToken Keyword, SyntaxToken DeclaredName, KeywordSyntax<SegmentKind> SegmentKind, SyntaxToken? Id, IReadOnlyList<SyntaxToken> Ranges) : HeaderSyntax(Keyword)
{
    public override SyntaxToken? Name => DeclaredName;
}

/// <summary><c>KIND NAME [on HOST]</c>: the keyword is the device kind.</summary>
public sealed record DeviceHeader(SyntaxToken Keyword, DeviceKind Kind, SyntaxToken DeclaredName, SyntaxToken? Host) : HeaderSyntax(Keyword)
{
    public override SyntaxToken? Name => DeclaredName;
}

/// <summary><c>interface NAME ADDRESS, ... [on SEGMENT] [shared]</c></summary>
public sealed record InterfaceHeader(SyntaxToken Keyword, SyntaxToken DeclaredName, IReadOnlyList<SyntaxToken> Addresses, SyntaxToken? Segment, SyntaxToken? Shared) : HeaderSyntax(Keyword)
{
    public override SyntaxToken? Name => DeclaredName;
}

/// <summary><c>route DESTINATION via NEXT-HOP</c> or <c>route DESTINATION drop</c>.</summary>
public sealed record RouteHeader(SyntaxToken Keyword, MatchSyntax Destination, SyntaxToken? NextHop, SyntaxToken? Drop) : HeaderSyntax(Keyword);

/// <summary><c>bgp as NUMBER [advertises ...]</c></summary>
public sealed record BgpAsHeader(SyntaxToken Keyword, SyntaxToken Asn, IReadOnlyList<MatchSyntax> Advertised) : HeaderSyntax(Keyword);

/// <summary>
/// <c>bgp peer DEVICE|ADDRESS [as NUMBER] [multihop]</c>: the AS number is the one this end expects the peer to have;
/// <c>multihop</c> lets an eBGP session reach a peer that is not on a connected network (FRR's <c>ebgp-multihop</c>).
/// </summary>
public sealed record BgpPeerHeader(SyntaxToken Keyword, SyntaxToken Peer, SyntaxToken? Asn) : HeaderSyntax(Keyword)
{
    public SyntaxToken? Multihop { get; init; }
}

/// <summary><c>snat MATCH [toward MATCH] as TARGET</c></summary>
public sealed record SnatHeader(SyntaxToken Keyword, MatchSyntax Match, MatchSyntax? Toward, SyntaxToken Target) : HeaderSyntax(Keyword)
{
    /// <summary><c>except MATCH</c>: destinations the rule leaves alone (Calico's natOutgoing skips the cluster's pools).</summary>
    public MatchSyntax? Except { get; init; }

    /// <summary><c>as egress</c>: the target is the egress interface's address, not a name.</summary>
    public bool ToEgress => Target.IsWord("egress");
}

/// <summary>What a match or destination says: a prefix or a name, or one of the words <c>default</c> and <c>any</c>.</summary>
public enum MatchWord { None, Default, Any }

/// <summary>A prefix, a range's name, <c>default</c> or <c>any</c>, with the word the grammar recognised.</summary>
public sealed record MatchSyntax(SyntaxToken Target, MatchWord Word);

/// <summary>A vocabulary word as the grammar read it: its token, and the member of the vocabulary it stands for.</summary>
public sealed record KeywordSyntax<T>(SyntaxToken Token, T Value)
    where T : struct, Enum;

/// <summary>An address or a name with an optional port, as in <c>dnat ... to web-1 port 8443</c>.</summary>
public sealed record EndpointSyntax(SyntaxToken Target, SyntaxToken? Port);

/// <summary><c>dnat ADDRESS [port N] [PROTOCOL] to ENDPOINT, ...</c></summary>
public sealed record DnatHeader(SyntaxToken Keyword, EndpointSyntax Match, KeywordSyntax<Protocol>? Protocol, IReadOnlyList<EndpointSyntax> Targets) : HeaderSyntax(Keyword);

/// <summary><c>type SERVICE-TYPE [ADDRESS]</c> in a service: its type, and for a load balancer its external address.</summary>
public sealed record ServiceTypeHeader(SyntaxToken Keyword, KeywordSyntax<ServiceType> Type, SyntaxToken? Address) : HeaderSyntax(Keyword);

/// <summary><c>cluster-ip ADDRESS</c> in a service.</summary>
public sealed record ClusterIpHeader(SyntaxToken Keyword, SyntaxToken Address) : HeaderSyntax(Keyword);

/// <summary>
/// <c>port N [PROTOCOL] to ENDPOINT, ... [node-port N]</c> in a service, or <c>proxy port N [PROTOCOL] to ENDPOINT, ...</c>
/// on a device that terminates connections on that port and opens new ones to the endpoints (<see cref="IsProxy"/>).
/// </summary>
public sealed record PortHeader(SyntaxToken Keyword, SyntaxToken Port, KeywordSyntax<Protocol>? Protocol, IReadOnlyList<EndpointSyntax> Targets, SyntaxToken? NodePort) : HeaderSyntax(Keyword)
{
    public bool IsProxy => Keyword.IsWord("proxy");
}

/// <summary><c>tunnel NAME KIND between A and B [and C ...] [mode M] [stretching SEGMENT]</c></summary>
public sealed record TunnelHeader(SyntaxToken Keyword, SyntaxToken DeclaredName, KeywordSyntax<TunnelKind> TunnelKind, IReadOnlyList<SyntaxToken> Endpoints, KeywordSyntax<TunnelMode>? Mode, SyntaxToken? Stretching) : HeaderSyntax(Keyword)
{
    public override SyntaxToken? Name => DeclaredName;
}

/// <summary><c>record HOST-NAME ADDRESS</c></summary>
public sealed record RecordHeader(SyntaxToken Keyword, SyntaxToken HostName, SyntaxToken Target) : HeaderSyntax(Keyword);

/// <summary><c>serves PROTOCOL [PORT, ...]</c>: what a device listens on.</summary>
public sealed record ServesHeader(SyntaxToken Keyword, KeywordSyntax<Protocol> Protocol, IReadOnlyList<SyntaxToken> Ports) : HeaderSyntax(Keyword);

/// <summary><c>resolver DNS-SERVER</c></summary>
public sealed record ResolverHeader(SyntaxToken Keyword, SyntaxToken Server) : HeaderSyntax(Keyword);

public sealed record FlowHeader(SyntaxToken Keyword, SyntaxToken DeclaredName) : HeaderSyntax(Keyword)
{
    public override SyntaxToken? Name => DeclaredName;
}

/// <summary><c>from DEVICE</c></summary>
public sealed record FromHeader(SyntaxToken Keyword, SyntaxToken Source) : HeaderSyntax(Keyword);

/// <summary><c>to URL|HOST|DEVICE|ADDRESS [port N] [PROTOCOL]</c></summary>
public sealed record ToHeader(SyntaxToken Keyword, EndpointSyntax Destination, KeywordSyntax<Protocol>? Protocol) : HeaderSyntax(Keyword);

/// <summary><c>expect DISPOSITION [by DEVICE]</c>: <see cref="AcceptedBy"/> names the workload that must accept the flow.</summary>
public sealed record ExpectHeader(SyntaxToken Keyword, KeywordSyntax<Disposition> Disposition, SyntaxToken? AcceptedBy) : HeaderSyntax(Keyword);

/// <summary>
/// <c>step WAYPOINT</c>: a fact word (<c>dns</c>, <c>snat</c>, ...) with its argument, an encapsulation, or a device
/// name; <see cref="Kind"/> and <see cref="Encapsulation"/> say which, as the grammar read it.
/// </summary>
public sealed record StepHeader(SyntaxToken Keyword, SyntaxToken Waypoint, WaypointKind Kind, SyntaxToken? Argument) : HeaderSyntax(Keyword)
{
    public Encapsulation? Encapsulation { get; init; }
}

/// <summary><c>never ENCAPSULATION</c></summary>
public sealed record NeverHeader(SyntaxToken Keyword, KeywordSyntax<Encapsulation> Encapsulation) : HeaderSyntax(Keyword);
