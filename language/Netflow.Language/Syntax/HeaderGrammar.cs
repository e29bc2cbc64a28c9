using Netflow.Language.Binding;
using Pidgin;
using P = Pidgin.Parser;
using static Pidgin.Parser<Netflow.Language.Syntax.SyntaxToken>;

namespace Netflow.Language.Syntax;

/// <summary>
/// The Pidgin grammar of declaration headers, one parser per keyword, built once. Each parser sees the tokens of one
/// line only (the <see cref="Parser"/> has already split the file into lines and blocks), so a mistake can never run
/// into the next declaration, and no rule recurses. Vocabulary words come from <see cref="Keywords"/> and reach the
/// syntax as the members they stand for (<see cref="KeywordSyntax{T}"/>), so that nothing after the grammar reads their text.
/// </summary>
internal static class HeaderGrammar
{
    /// <summary>The words each labelled choice accepts, so a misspelt word can get a "did you mean".</summary>
    public static readonly Dictionary<string, string[]> WordsByLabel = [];

    private static readonly Parser<SyntaxToken, SyntaxToken> Name = Kind(TokenKind.Name, "a name");
    private static readonly Parser<SyntaxToken, SyntaxToken> Address = Kind(TokenKind.Address, "an IPv4 address");
    private static readonly Parser<SyntaxToken, SyntaxToken> Prefix = Kind(TokenKind.Prefix, "a prefix such as 10.0.0.0/8");
    private static readonly Parser<SyntaxToken, SyntaxToken> Number = Kind(TokenKind.Number, "a number");
    private static readonly Parser<SyntaxToken, SyntaxToken> Description = Kind(TokenKind.String, "a description in quotes");
    private static readonly Parser<SyntaxToken, SyntaxToken> Comma = Kind(TokenKind.Comma, "','");
    private static readonly Parser<SyntaxToken, SyntaxToken> AddressOrName = Address.Or(Name);
    private static readonly Parser<SyntaxToken, SyntaxToken> PrefixOrName = Prefix.Or(Name);

    private static readonly Parser<SyntaxToken, MatchSyntax> Match =
        PrefixOrName.Map(t => new MatchSyntax(t, t.IsWord("default") ? MatchWord.Default : t.IsWord("any") ? MatchWord.Any : MatchWord.None));

    private static readonly Parser<SyntaxToken, SyntaxToken?> Port =
        Optional(Word("port").Then(Number).Or(Kind(TokenKind.Colon, "':'").Then(Number)));

    private static readonly Parser<SyntaxToken, EndpointSyntax> Endpoint =
        P.Map((target, port) => new EndpointSyntax(target, port), AddressOrName, Port);

    private static readonly Parser<SyntaxToken, KeywordSyntax<Protocol>> AProtocol = Words("a protocol", Keywords.Protocols);

    private static readonly Parser<SyntaxToken, KeywordSyntax<Protocol>?> Protocol = Optional(AProtocol);

    private static readonly Parser<SyntaxToken, HeaderSyntax> Site =
        P.Map((k, n) => (HeaderSyntax)new SiteHeader(k, n), Word("site"), Name);

    private static readonly Parser<SyntaxToken, HeaderSyntax> Range =
        P.Map((k, n, p, o) => (HeaderSyntax)new RangeHeader(k, n, p, o),
            Word("range"), Name, Prefix, Optional(Words("an origin", Keywords.Origins)));

    private static readonly Parser<SyntaxToken, HeaderSyntax> Segment =
        P.Map((k, n, kind, id, ranges) => (HeaderSyntax)new SegmentHeader(k, n, kind, id, ranges),
            Word("segment"), Name, Words("a segment kind", Keywords.SegmentKinds), Optional(Number),
            List(Word("ranges").Then(Name.SeparatedAtLeastOnce(Comma))));

    // The description may also come before 'on': 'vm web "Web server" on esxi-1' reads naturally too.
    private static readonly Parser<SyntaxToken, HeaderSyntax> Device =
        P.Map((k, n, description, host) => (HeaderSyntax)new DeviceHeader(k.Token, k.Value, n, host) { Description = description },
            Words("a device kind", Keywords.DeviceKinds), Name, Optional(Description), Optional(Word("on").Then(Name)));

    private static readonly Parser<SyntaxToken, HeaderSyntax> Interface =
        P.Map((k, n, addresses, segment, shared) => (HeaderSyntax)new InterfaceHeader(k, n, addresses, segment, shared),
            Word("interface"), Name, Address.SeparatedAtLeastOnce(Comma).Map(a => (IReadOnlyList<SyntaxToken>)a.ToArray()),
            Optional(Word("on").Then(Name)), Optional(Word("shared")));

    private static readonly Parser<SyntaxToken, HeaderSyntax> Route =
        P.Map((k, destination, target) => (HeaderSyntax)new RouteHeader(k, destination, target.NextHop, target.Drop),
            Word("route"), Match,
            Word("via").Then(AddressOrName).Map(h => (NextHop: (SyntaxToken?)h, Drop: (SyntaxToken?)null))
                .Or(Word("drop").Map(d => (NextHop: (SyntaxToken?)null, Drop: (SyntaxToken?)d))));

    private static readonly Parser<SyntaxToken, HeaderSyntax> Bgp =
        Word("bgp").Then(k =>
            P.Map((asn, advertised) => (HeaderSyntax)new BgpAsHeader(k, asn, advertised),
                    Word("as").Then(Number), List(Word("advertises").Then(Match.SeparatedAtLeastOnce(Comma))))
                .Or(Word("peer").Then(P.Map((peer, asn, multihop) => (HeaderSyntax)new BgpPeerHeader(k, peer, asn) { Multihop = multihop },
                    AddressOrName, Optional(Word("as").Then(Number)), Optional(Word("multihop"))))));

    private static readonly Parser<SyntaxToken, HeaderSyntax> Snat =
        P.Map((k, match, toward, except, target) => (HeaderSyntax)new SnatHeader(k, match, toward, target) { Except = except },
            Word("snat"), Match, Optional(Word("toward").Then(Match)), Optional(Word("except").Then(Match)),
            Word("as").Then(AddressOrName));

    // Declared before its users: static fields initialise in order.
    private static readonly Parser<SyntaxToken, IReadOnlyList<EndpointSyntax>> Targets =
        Word("to").Then(Endpoint.SeparatedAtLeastOnce(Comma)).Map(t => (IReadOnlyList<EndpointSyntax>)t.ToArray());

    private static readonly Parser<SyntaxToken, HeaderSyntax> Dnat =
        P.Map((k, match, protocol, targets) => (HeaderSyntax)new DnatHeader(k, match, protocol, targets),
            Word("dnat"), P.Map((a, p) => new EndpointSyntax(a, p), Address, Port), Protocol,
            Targets);

    private static readonly Parser<SyntaxToken, HeaderSyntax> ServiceType =
        P.Map((k, type, address) => (HeaderSyntax)new ServiceTypeHeader(k, type, address),
            Word("type"), Words("a service type", Keywords.ServiceTypes), Optional(Address));

    private static readonly Parser<SyntaxToken, HeaderSyntax> ClusterIp =
        P.Map((k, address) => (HeaderSyntax)new ClusterIpHeader(k, address), Word("cluster-ip"), Address);

    private static readonly Parser<SyntaxToken, HeaderSyntax> ServicePort =
        P.Map((k, port, protocol, targets, nodePort) => (HeaderSyntax)new PortHeader(k, port, protocol, targets, nodePort),
            Word("port"), Number, Protocol, Targets, Optional(Word("node-port").Then(Number)));

    private static readonly Parser<SyntaxToken, HeaderSyntax> Proxy =
        P.Map((k, port, protocol, targets) => (HeaderSyntax)new PortHeader(k, port, protocol, targets, null),
            Word("proxy"), Word("port").Then(Number), Protocol, Targets);

    private static readonly Parser<SyntaxToken, HeaderSyntax> Tunnel =
        P.Map((k, n, kind, first, rest, mode, stretching) =>
                (HeaderSyntax)new TunnelHeader(k, n, kind, [first, .. rest], mode, stretching),
            Word("tunnel"), Name, Words("a tunnel kind", Keywords.TunnelKinds), Word("between").Then(AddressOrName),
            Word("and").Then(AddressOrName).AtLeastOnce(),
            Optional(Word("mode").Then(Words("a tunnel mode", Keywords.TunnelModes))), Optional(Word("stretching").Then(Name)));

    private static readonly Parser<SyntaxToken, HeaderSyntax> Record =
        P.Map((k, host, target) => (HeaderSyntax)new RecordHeader(k, host, target), Word("record"), Name, AddressOrName);

    private static readonly Parser<SyntaxToken, HeaderSyntax> Resolver =
        P.Map((k, server) => (HeaderSyntax)new ResolverHeader(k, server), Word("resolver"), Name);

    private static readonly Parser<SyntaxToken, HeaderSyntax> Serves =
        P.Map((k, protocol, ports) => (HeaderSyntax)new ServesHeader(k, protocol, ports),
            Word("serves"), AProtocol, List(Number.SeparatedAtLeastOnce(Comma)));

    private static readonly Parser<SyntaxToken, HeaderSyntax> Flow =
        P.Map((k, n) => (HeaderSyntax)new FlowHeader(k, n), Word("flow"), Name);

    private static readonly Parser<SyntaxToken, HeaderSyntax> From =
        P.Map((k, source) => (HeaderSyntax)new FromHeader(k, source), Word("from"), Name);

    private static readonly Parser<SyntaxToken, HeaderSyntax> To =
        P.Map((k, destination, protocol) => (HeaderSyntax)new ToHeader(k, destination, protocol),
            Word("to"), P.Map((t, p) => new EndpointSyntax(t, p), Kind(TokenKind.Url, "a URL").Or(AddressOrName), Port), Protocol);

    private static readonly Parser<SyntaxToken, HeaderSyntax> Expect =
        P.Map((k, disposition, by) => (HeaderSyntax)new ExpectHeader(k, disposition, by), Word("expect"), Words("a disposition", Keywords.Dispositions),
            Optional(Word("by").Then(Name)));

    private static readonly Parser<SyntaxToken, HeaderSyntax> Step =
        Word("step").Then(k => P.OneOf(
            P.Map((w, a) => StepOf(k, w, a), Word("dns"), Optional(Word("answers").Then(AddressOrName))),
            P.Map((w, a) => StepOf(k, w, a), Word("snat").Or(Word("dnat")).Or(Word("proxy")), Optional(Word("to").Then(AddressOrName))),
            P.Map((w, a) => StepOf(k, w, a), Word("bgp"), Optional(Word("from").Then(Name))),
            Name.Map(w => StepOf(k, w, null))));

    /// <summary>A step's waypoint read once: a fact word, an encapsulation, or else the name of a device.</summary>
    private static HeaderSyntax StepOf(SyntaxToken keyword, SyntaxToken waypoint, SyntaxToken? argument) =>
        Keywords.StepFacts.TryGetValue(waypoint.Text, out var fact) ? new StepHeader(keyword, waypoint, fact, argument)
        : Keywords.Encapsulations.TryGetValue(waypoint.Text, out var encapsulation)
            ? new StepHeader(keyword, waypoint, WaypointKind.Encapsulation, argument) { Encapsulation = encapsulation }
        : new StepHeader(keyword, waypoint, WaypointKind.Device, argument);

    private static readonly Parser<SyntaxToken, HeaderSyntax> Never =
        P.Map((k, e) => (HeaderSyntax)new NeverHeader(k, e), Word("never"), Words("an encapsulation", Keywords.Encapsulations));

    /// <summary>The header parser for each declaration keyword; device kinds share one.</summary>
    public static readonly IReadOnlyDictionary<string, Parser<SyntaxToken, HeaderSyntax>> ByKeyword = BuildKeywordTable();

    private static Dictionary<string, Parser<SyntaxToken, HeaderSyntax>> BuildKeywordTable()
    {
        var table = new Dictionary<string, Parser<SyntaxToken, HeaderSyntax>>(StringComparer.Ordinal)
        {
            ["site"] = Site, ["range"] = Range, ["segment"] = Segment, ["interface"] = Interface, ["route"] = Route,
            ["bgp"] = Bgp, ["snat"] = Snat, ["dnat"] = Dnat, ["tunnel"] = Tunnel, ["record"] = Record,
            ["resolver"] = Resolver, ["serves"] = Serves, ["flow"] = Flow, ["from"] = From, ["to"] = To, ["expect"] = Expect,
            ["step"] = Step, ["never"] = Never, ["type"] = ServiceType, ["cluster-ip"] = ClusterIp, ["port"] = ServicePort, ["proxy"] = Proxy,
        };
        foreach (var kind in Keywords.DeviceKinds.Keys) table[kind] = Device;
        // Every header may end with a description; nothing else may follow it on the line.
        return table.ToDictionary(
            entry => entry.Key,
            entry => P.Map((header, description) => description is null || header.Description is not null ? header : header with { Description = description },
                entry.Value, Optional(Description)).Before(End.Labelled("the end of the line")),
            StringComparer.Ordinal);
    }

    private static Parser<SyntaxToken, SyntaxToken> Kind(TokenKind kind, string label) =>
        Token(t => t.Kind == kind).Labelled(label);

    private static Parser<SyntaxToken, SyntaxToken> Word(string word) =>
        Token(t => t.IsWord(word)).Labelled($"'{word}'");

    /// <summary>One word of a vocabulary, read as the member it stands for.</summary>
    private static Parser<SyntaxToken, KeywordSyntax<T>> Words<T>(string label, IReadOnlyDictionary<string, T> vocabulary)
        where T : struct, Enum
    {
        string[] words = [.. vocabulary.Keys];
        var full = $"{label} ({string.Join(", ", words)})";
        WordsByLabel[full] = words;
        return Token(t => t.Kind == TokenKind.Name && vocabulary.ContainsKey(t.Text)).Map(t => new KeywordSyntax<T>(t, vocabulary[t.Text])).Labelled(full);
    }

    private static Parser<SyntaxToken, T?> Optional<T>(Parser<SyntaxToken, T> parser)
        where T : class =>
        parser.Map(t => (T?)t).Or(Return<T?>(null));

    private static Parser<SyntaxToken, IReadOnlyList<T>> List<T>(Parser<SyntaxToken, IEnumerable<T>> parser) =>
        parser.Map(items => (IReadOnlyList<T>)items.ToArray()).Or(Return<IReadOnlyList<T>>([]));
}
