namespace Netflow.Language.Diagnostics;

/// <summary>
/// Every diagnostic Netflow reports. Codes are grouped by phase: NF00xx syntax, NF01xx overlays, NF1xxx names and kinds,
/// NF2xxx address plan, NF3xxx routing, NF4xxx flows, NF5xxx C# code. Each has an entry in docs/diagnostics.md and a
/// sample in samples/broken, and is reported only through its typed method on <see cref="DiagnosticBag"/> (NF5xxx, which
/// the analyzer reports at C# locations: <see cref="CSharpCodeMessages"/>), which fills its format.
/// </summary>
public static class DiagnosticDescriptors
{
    private static DiagnosticDescriptor Error(DiagnosticPhase phase, string code, string title, string format) => new(code, phase, DiagnosticSeverity.Error, title, format);
    private static DiagnosticDescriptor Warning(DiagnosticPhase phase, string code, string title, string format) => new(code, phase, DiagnosticSeverity.Warning, title, format);

    // NF0xxx: syntax
    public static readonly DiagnosticDescriptor InvalidCharacter = Error(DiagnosticPhase.Syntax, "NF0001", "Invalid character",
        "{0} cannot appear in a .netflow file outside a comment or a string; remove it.");
    public static readonly DiagnosticDescriptor UnterminatedString = Error(DiagnosticPhase.Syntax, "NF0002", "Unterminated string",
        "This string has no closing quote; add '\"' before the end of the line.");
    public static readonly DiagnosticDescriptor UnterminatedComment = Error(DiagnosticPhase.Syntax, "NF0003", "Unterminated block comment",
        "This block comment is never closed; add '*/' where it should end.");
    public static readonly DiagnosticDescriptor InvalidAddress = Error(DiagnosticPhase.Syntax, "NF0004", "Invalid IPv4 address",
        "'{0}' is not a valid IPv4 address: {1}.");
    public static readonly DiagnosticDescriptor InvalidPrefixLength = Error(DiagnosticPhase.Syntax, "NF0005", "Invalid prefix length",
        "'{0}' is not a valid prefix: an IPv4 prefix length is between 0 and 32.");
    public static readonly DiagnosticDescriptor NumberOutOfRange = Error(DiagnosticPhase.Syntax, "NF0006", "Number out of range",
        "{0} is out of range: {1} is between {2} and {3}.");
    public static readonly DiagnosticDescriptor UnexpectedToken = Error(DiagnosticPhase.Syntax, "NF0007", "Unexpected token",
        "Expected {0}, but found {1}{2}");
    public static readonly DiagnosticDescriptor MissingCloseBrace = Error(DiagnosticPhase.Syntax, "NF0008", "Block never closed",
        "The block opened here is never closed; add '}}' where the block ends.");
    public static readonly DiagnosticDescriptor UnexpectedCloseBrace = Error(DiagnosticPhase.Syntax, "NF0009", "Unmatched closing brace",
        "This '}}' closes no block; remove it, or add the '{{' it belongs to.");
    public static readonly DiagnosticDescriptor NestingTooDeep = Error(DiagnosticPhase.Syntax, "NF0010", "Blocks nested too deep",
        "Blocks nest more than {0} deep here, so this block's content is skipped; flatten the declarations.");
    public static readonly DiagnosticDescriptor MisplacedDeclaration = Error(DiagnosticPhase.Syntax, "NF0011", "Declaration in the wrong place",
        "'{0}' cannot be declared {1}; {2}.");
    public static readonly DiagnosticDescriptor TooManyErrors = Error(DiagnosticPhase.Syntax, "NF0012", "Too many errors",
        "This file has more than {0} errors, so no more are reported for it; fix these and check again.");
    public static readonly DiagnosticDescriptor UnknownDeclaration = Error(DiagnosticPhase.Syntax, "NF0013", "Unknown declaration",
        "'{0}' does not start a declaration{1}");
    public static readonly DiagnosticDescriptor UnexpectedBlock = Error(DiagnosticPhase.Syntax, "NF0014", "Block not allowed",
        "{0} declaration has no block; remove the braces and write its content on the line.");
    public static readonly DiagnosticDescriptor InvalidSuppression = Warning(DiagnosticPhase.Syntax, "NF0015", "Suppression that suppresses nothing",
        "'{0}' {1}; a netflow-disable-next directive silences warnings only.");
    public static readonly DiagnosticDescriptor FileTooLargeForAnalyzer = Warning(DiagnosticPhase.Syntax, "NF0016", "File too large for the analyzer",
        "This file has {0} characters, more than the {1} the build checks in a .netflow file, so the build checked none of this project's .netflow files and generated no API for them; run 'netflow check' on them, split the file, or raise NetflowAnalyzerMaxFileLength.");
    public static readonly DiagnosticDescriptor IcmpPort = Error(DiagnosticPhase.Syntax, "NF0017", "Port with ICMP",
        "ICMP has no ports, so '{0}' cannot be served; write 'serves icmp' alone, or serve the port on tcp or udp.");

    // NF01xx: overlays (a variant folder's edits of the network it varies; docs/language.md, "Variants")
    public static readonly DiagnosticDescriptor UnknownBase = Error(DiagnosticPhase.Overlays, "NF0101", "Unknown base network",
        "The network this variant varies cannot be read: {0}; write the path of its folder, relative to the variant's folder, as the one line of 'variant-of'.");
    public static readonly DiagnosticDescriptor NothingToEdit = Error(DiagnosticPhase.Overlays, "NF0102", "Nothing to edit",
        "The base network has no {0} to {1}{2}");
    public static readonly DiagnosticDescriptor AmbiguousEdit = Error(DiagnosticPhase.Overlays, "NF0103", "Ambiguous edit",
        "'{0}' matches {1} declarations of the base network ({2}); an edit must name exactly one: {3}.");
    public static readonly DiagnosticDescriptor MalformedEdit = Error(DiagnosticPhase.Overlays, "NF0104", "Malformed overlay edit",
        "{0}.");

    // NF1xxx: names and kinds
    public static readonly DiagnosticDescriptor UnknownName = Error(DiagnosticPhase.Names, "NF1001", "Unknown name",
        "The name '{0}' does not exist {1}{2}");
    public static readonly DiagnosticDescriptor DuplicateName = Error(DiagnosticPhase.Names, "NF1002", "Duplicate name",
        "'{0}' is already declared {1}; rename one of the two declarations.");
    public static readonly DiagnosticDescriptor WrongKind = Error(DiagnosticPhase.Names, "NF1003", "Wrong kind of name",
        "'{0}' is {1}, but {2}{3}.");
    public static readonly DiagnosticDescriptor InvalidPlacement = Error(DiagnosticPhase.Names, "NF1004", "Invalid placement",
        "{0} cannot be placed on '{1}', which is {2}; {3}.");
    public static readonly DiagnosticDescriptor MissingPlacement = Error(DiagnosticPhase.Names, "NF1005", "Missing placement",
        "The {0} '{1}' must say where it runs: add 'on {2}' to its declaration.");
    public static readonly DiagnosticDescriptor PlacementAcrossSites = Error(DiagnosticPhase.Names, "NF1006", "Placement outside the device's site",
        "The {0} '{1}' of {2} cannot run on '{3}' of {4}: {5}; place it on {6}.");
    public static readonly DiagnosticDescriptor AcceptorWithoutAcceptance = Error(DiagnosticPhase.Names, "NF1010", "Accepting device for a flow that is not accepted",
        "'by' names the device that accepts the flow, but the flow expects '{0}'; write 'expect accepted by DEVICE', or drop 'by DEVICE'.");
    public static readonly DiagnosticDescriptor SegmentWithoutRanges = Error(DiagnosticPhase.Names, "NF1011", "Segment without address ranges",
        "Segment '{0}' has no address ranges, so the addresses on it have no subnet and its devices get no connected route for it: a packet to an address on it finds no route unless another route leads there; add 'ranges RANGE' with the range its addresses are in.");

    // NF2xxx: address plan
    public static readonly DiagnosticDescriptor AddressOutsideSegment = Error(DiagnosticPhase.AddressPlan, "NF2001", "Interface address outside its segment",
        "The address {0} of interface '{1}' is outside every range of segment '{2}' ({3}); use an address inside them, or attach the interface to the segment that carries {0}.");
    public static readonly DiagnosticDescriptor HostBitsSet = Error(DiagnosticPhase.AddressPlan, "NF2002", "Host bits set in a prefix",
        "{0} has host bits set; write the network prefix {1}, or use a longer prefix length.");
    public static readonly DiagnosticDescriptor NetworkOrBroadcastAddress = Error(DiagnosticPhase.AddressPlan, "NF2003", "Network or broadcast address on an interface",
        "{0} is the {1} address of {2} (range '{3}'), which no host can use; pick an address from {4} to {5}.");
    public static readonly DiagnosticDescriptor NestedRangeOutsideParent = Error(DiagnosticPhase.AddressPlan, "NF2004", "Nested range outside its parent",
        "Range '{0}' ({1}) is declared inside '{2}' ({3}) but is not part of it; fix the prefix, or move the declaration out of '{2}'.");
    public static readonly DiagnosticDescriptor UnusedRange = Warning(DiagnosticPhase.AddressPlan, "NF2005", "Unused range",
        "Range '{0}' ({1}) is declared but nothing uses it: no segment carries it, no route, NAT or BGP names it and no address lies in it; use it or remove it.");
    public static readonly DiagnosticDescriptor PodAddressOutsidePodRange = Error(DiagnosticPhase.AddressPlan, "NF2006", "Pod address outside the cluster's pod range",
        "The pod '{0}' has the address {1}, which is outside every cluster-pod range of its cluster ({2}); Calico assigns pod addresses from the pod range only.");

    public static readonly DiagnosticDescriptor OverlappingRanges = Error(DiagnosticPhase.AddressPlan, "NF2007", "Overlapping ranges in one address space",
        "Range '{0}' ({1}) overlaps '{2}' ({3}) in the same address space ({4}), and neither is declared inside the other; packets to the overlap would reach either. Renumber one, or declare the smaller inside the larger if it is carved out of it.");
    public static readonly DiagnosticDescriptor EnterpriseOverlapsProvider = Error(DiagnosticPhase.AddressPlan, "NF2008", "BYOIP range overlaps a provider range",
        "The enterprise (BYOIP) range '{0}' ({1}) overlaps the provider range '{2}' ({3}); a bring-your-own range must not clash with any provider subnet, or the provider's routers send the overlap elsewhere. Pick an enterprise prefix outside {3}.");
    public static readonly DiagnosticDescriptor ClusterRangeOverlap = Error(DiagnosticPhase.AddressPlan, "NF2009", "Cluster range overlaps an address its workers talk to",
        "The {0} range '{1}' ({2}) overlaps {3}, which exchanges traffic with the workers of '{4}'{5}; inside the cluster the route for {2} would swallow that traffic. Renumber one of them.");
    public static readonly DiagnosticDescriptor DuplicateAddress = Error(DiagnosticPhase.AddressPlan, "NF2010", "Duplicate address",
        "The address {0} {1} is also held by '{2}' in the same address space{3}; {4}.");
    public static readonly DiagnosticDescriptor SpecialPurposeAddress = Error(DiagnosticPhase.AddressPlan, "NF2011", "Special-purpose address used as an ordinary one",
        "{0} is {1}; use an ordinary unicast address.");
    public static readonly DiagnosticDescriptor SegmentAcrossSites = Error(DiagnosticPhase.AddressPlan, "NF2012", "Segment joins devices of different sites",
        "Interface '{0}' of site '{1}' is on segment '{2}', which belongs to {3}; a segment is one L2 domain in one place, and no frame crosses between sites unless an L2 stretch carries it. {4}");
    public static readonly DiagnosticDescriptor DestinationNatCycle = Error(DiagnosticPhase.AddressPlan, "NF2020", "Destination NAT that chains in a cycle or too long",
        "The destination NAT rules of '{0}' chain {1}: {2}; a device translates a connection's destination once, by the first rule that matches, and no rule translates the result again, so the packet goes on to {3}. Translate straight to the final address and port, never to one that a rule of '{0}' matches.");
    public static readonly DiagnosticDescriptor ServiceMisdeclared = Error(DiagnosticPhase.AddressPlan, "NF2021", "Service declared inconsistently",
        "{0}");
    public static readonly DiagnosticDescriptor LoadBalancerAddressUnattracted = Warning(DiagnosticPhase.AddressPlan, "NF2022", "Load-balancer address that nothing attracts",
        "Nothing attracts the load-balancer address {0} of the service '{1}': no device holds it and no route sends it to a worker of the cluster, so its packets never meet kube-proxy's rules for it. Hold it on an interface of the worker that announces it ('interface vip {0} on SEGMENT', as IKS's load balancer does), or route it to a worker.");
    public static readonly DiagnosticDescriptor ServiceOutsideCluster = Error(DiagnosticPhase.AddressPlan, "NF2023", "Service outside every cluster",
        "The service '{0}' is declared outside every Kubernetes cluster, so no kube-proxy installs it and nothing translates its addresses: a Service exists in exactly one cluster, and only that cluster's workers install it. {1}");
    public static readonly DiagnosticDescriptor ClusterIpOutsideServiceRange = Error(DiagnosticPhase.AddressPlan, "NF2024", "Cluster IP outside the cluster's service range",
        "The cluster IP {0} of the service '{1}' is {2} the service range of {3} ({4}), so the API server refuses it (\"provided IP is not in the valid range\"); choose an unused address inside {4} other than its network and broadcast addresses.");
    public static readonly DiagnosticDescriptor ClusterIpAlreadyAllocated = Error(DiagnosticPhase.AddressPlan, "NF2025", "Cluster IP given to two services",
        "The cluster IP {0} of the service '{1}' is already the cluster IP of '{2}' in {3}, so the API server refuses the second service (\"provided IP is already allocated\"); give each service of a cluster its own cluster IP.");

    // NF3xxx: routing
    public static readonly DiagnosticDescriptor UnreachableNextHop = Error(DiagnosticPhase.Routing, "NF3001", "Route to an unreachable next hop",
        "The route to {0} on '{1}' goes via {2}, but {3}; fix the next hop, attach the device to its segment, or add a route that reaches it.");
    public static readonly DiagnosticDescriptor TunnelEndpointsUnreachable = Error(DiagnosticPhase.Routing, "NF3002", "Tunnel endpoints cannot reach each other",
        "The endpoints '{0}' and '{1}' of tunnel '{2}' {3}. {4}");
    public static readonly DiagnosticDescriptor BgpSessionDown = Error(DiagnosticPhase.Routing, "NF3003", "BGP session cannot come up",
        "'{0}' and '{1}' are BGP peers, but their session cannot come up: {2}; so it carries no routes. {3}");
    public static readonly DiagnosticDescriptor ForwardingLoop = Error(DiagnosticPhase.Routing, "NF3004", "Forwarding loop",
        "Traffic to {0} loops: {1}. Change one of these routes so that the path ends at the destination.");
    public static readonly DiagnosticDescriptor BlackHole = Error(DiagnosticPhase.Routing, "NF3005", "Black hole",
        "The route to {0} on '{1}' hands traffic to '{2}', which has no route for {3}{4}; {5}.");
    public static readonly DiagnosticDescriptor ShadowedRoute = Warning(DiagnosticPhase.Routing, "NF3006", "Shadowed route",
        "The route to {0} on '{1}' is never used: more specific routes ({2}) cover all of it. Remove it, or the routes that shadow it.");
    public static readonly DiagnosticDescriptor DuplicateRoute = Warning(DiagnosticPhase.Routing, "NF3007", "Duplicate route",
        "The route to {0} on '{1}' repeats the one on line {2}; remove one of them.");
    public static readonly DiagnosticDescriptor UnreachableDevice = Warning(DiagnosticPhase.Routing, "NF3008", "Device nothing can reach",
        "Nothing can reach '{0}': it has addresses, but no interface on a segment, no host it runs on and no tunnel. Attach an interface to a segment, or remove the device.");
    public static readonly DiagnosticDescriptor DropAndForward = Warning(DiagnosticPhase.Routing, "NF3010", "Route both drops and forwards",
        "The route to {0} on '{1}' forwards traffic that the route on line {2} drops; as equal-cost paths, packets would be dropped or forwarded by their hash. Remove one of the two.");
    public static readonly DiagnosticDescriptor BgpPeerWithoutAs = Error(DiagnosticPhase.Routing, "NF3009", "BGP peer without an AS",
        "'{0}' and '{1}' are BGP peers, but '{2}' has no 'bgp as NUMBER' line; add one.");
    public static readonly DiagnosticDescriptor TunnelToItself = Error(DiagnosticPhase.Routing, "NF3011", "Tunnel from a device to itself",
        "This end of tunnel '{0}' is on '{1}', like another of its ends; a tunnel joins different devices, so end it on the device at the other side.");
    public static readonly DiagnosticDescriptor BgpSessionDeclaredOnOneSide = Error(DiagnosticPhase.Routing, "NF3012", "BGP session declared on one side only",
        "'{0}' declares a BGP session with '{1}', but '{1}' declares none with '{0}'; a session comes up only when both ends declare it, so it carries no routes. Add 'bgp peer {0}' to '{1}', or remove this line.");
    public static readonly DiagnosticDescriptor BgpPeerAsMismatch = Error(DiagnosticPhase.Routing, "NF3013", "BGP peer in another AS than expected",
        "'{0}' expects its BGP peer '{1}' in AS {2}, but '{1}' is in AS {3}; the session does not come up, so it carries no routes. Correct the AS number on this line or on '{1}'.");
    public static readonly DiagnosticDescriptor BgpPeerAddressHeldByNoDevice = Error(DiagnosticPhase.Routing, "NF3030", "BGP peer address held by no device",
        "'{0}' names {1} as its BGP peer, but no other device holds {1}; name an address of the peer's interface, or the peer device.");
    public static readonly DiagnosticDescriptor SecondBgpAs = Error(DiagnosticPhase.Routing, "NF3031", "Second 'bgp as' line on one device",
        "'{0}' already has a 'bgp as' line (AS {1}); a BGP speaker has one local AS. Move what this line advertises into the first one, and delete this one.");
    public static readonly DiagnosticDescriptor BgpPeerNeedsAddress = Error(DiagnosticPhase.Routing, "NF3032", "BGP peer named by a device it shares no segment with",
        "'{0}' names '{1}' as its BGP peer, but the two share no segment, so the line does not say which address of '{1}' the neighbour is (a BGP speaker is configured with its neighbour's address); write 'bgp peer ADDRESS' with the address of '{1}' the session is to reach ({2}). The line declares no session.");
    public static readonly DiagnosticDescriptor BgpPeerIsItself = Error(DiagnosticPhase.Routing, "NF3033", "BGP peer that is the device itself",
        "'{0}' names itself as its BGP peer; a BGP session runs between two speakers, so the line declares no session. Name the device (or an address of the device) at the other end of the session.");
    public static readonly DiagnosticDescriptor BgpPeerNotAdjacent = Error(DiagnosticPhase.Routing, "NF3034", "eBGP peer not on a connected network",
        "'{0}' and '{1}' are eBGP peers (AS {2} and AS {3}), but '{0}' reaches {4}, the address it has the neighbour at, {5}, not on a network the two share: an eBGP speaker sends its session's packets with TTL 1 and requires its neighbour on a connected network (FRR, BIRD and routers do, unless told ebgp-multihop), so the session does not come up and carries no routes. {6}");
    public static readonly DiagnosticDescriptor AdvertisedPrefixWithoutRoute = Warning(DiagnosticPhase.Routing, "NF3035", "Advertised prefix the speaker has no route for",
        "'{0}' advertises {1} over BGP, but it has no route for {2}, nor for any part of it: a speaker originates only what its routing table holds (FRR's 'network' with import-check, BIRD, routers), so it does not announce it and no peer learns it from '{0}'. Give '{0}' the route that holds it (a static route, or 'route {2} drop' to announce it as a summary), or remove it from the 'advertises' line.");
    public static readonly DiagnosticDescriptor TunnelEndWithoutIpsec = Error(DiagnosticPhase.Routing, "NF3040", "IPsec tunnel end at a device that does not run it",
        "The end {0} of IPsec tunnel '{1}' {2}, which does not run this tunnel's IPsec: it answers IKE (udp/500) with a port unreachable, so the tunnel never comes up and what its gateways route into it is dropped. Name the address of the VPN gateway that runs the tunnel (or of the load balancer or destination NAT in front of it), or the gateway itself.");
    public static readonly DiagnosticDescriptor TunnelEndHeldByNoDevice = Error(DiagnosticPhase.Routing, "NF3041", "IPsec tunnel end held by no device",
        "The end {0} of IPsec tunnel '{1}' is held by no device, so no gateway answers IKE there: the tunnel never comes up and what its gateways route into it is dropped. Correct the address, or give it to the VPN gateway (or to the load balancer or destination NAT in front of it).");
    public static readonly DiagnosticDescriptor RouteBeyondTrafficSelectors = Warning(DiagnosticPhase.Routing, "NF3042", "Route into an IPsec tunnel beyond its traffic selectors",
        "The route to {0} on '{1}' sends it into IPsec tunnel '{2}', but the far end {3} protects only {4}, so {5} is outside the tunnel's traffic selectors: what the route sends there matches no CHILD_SA and '{1}' drops it. Protect {0} at that end too, or route into the tunnel only what it protects.");
    public static readonly DiagnosticDescriptor TrafficSelectorsDoNotMeet = Error(DiagnosticPhase.Routing, "NF3043", "IPsec traffic selectors do not meet",
        "The end {0} of IPsec tunnel '{1}' protects {2}, but '{3}' at the other end routes {4} into the tunnel, none of it protected: the two gateways' traffic selectors have nothing in common, so IKE's responder refuses the CHILD_SA (TS_UNACCEPTABLE), the tunnel never comes up and what its gateways route into it is dropped. Protect at this end what the other gateway routes into the tunnel, or route into it what this end protects.");
    public static readonly DiagnosticDescriptor TrafficSelectorsOnTunnelWithoutIpsec = Error(DiagnosticPhase.Routing, "NF3044", "Traffic selectors on a tunnel that is not IPsec",
        "'protecting' declares an IPsec gateway's traffic selectors, but '{0}' is {1} tunnel, which has none: it carries everything routed into it. Remove the clause, or make the tunnel 'ipsec'.");
    public static readonly DiagnosticDescriptor GatewayHeldByNoDevice = Error(DiagnosticPhase.Routing, "NF3050", "Gateway held by no device",
        "The route to {0} on '{1}' goes via {2}, which lies in {3} on segment '{4}', but no device holds {2} there: its ARP request gets no answer and what the route carries is lost; correct the next hop, or declare the device that holds {2} on '{4}'.");
    public static readonly DiagnosticDescriptor HostOutsideVxlanTransport = Error(DiagnosticPhase.Routing, "NF3023", "Host outside the VXLAN transport",
        "'{0}' is on the VXLAN segment '{1}', but its host '{2}' is an endpoint of no VXLAN tunnel, so it cannot carry the segment and no frame reaches '{0}' from another host; add '{2}' to the endpoints of a VXLAN tunnel, or place '{0}' on a host that is one.");

    // NF4xxx: flows
    public static readonly DiagnosticDescriptor FlowMissingSource = Error(DiagnosticPhase.Flows, "NF4001", "Flow without a source",
        "Flow '{0}' has no source; add a line 'from DEVICE' to its block.");
    public static readonly DiagnosticDescriptor FlowMissingDestination = Error(DiagnosticPhase.Flows, "NF4002", "Flow without a destination",
        "Flow '{0}' has no destination; add a line 'to URL|HOST|DEVICE|ADDRESS' to its block.");
    public static readonly DiagnosticDescriptor DuplicateFlowClause = Error(DiagnosticPhase.Flows, "NF4003", "Flow clause given twice",
        "Flow '{0}' already has {1} line; a flow has one source, one destination and one expected disposition.");
    public static readonly DiagnosticDescriptor UnknownHostName = Error(DiagnosticPhase.Flows, "NF4004", "Host name without a DNS record",
        "No DNS record names '{0}'; add 'record {0} ADDRESS' to a dns-server, or name a declared device{1}");

    public static readonly DiagnosticDescriptor FlowDoesNotHold = Error(DiagnosticPhase.Flows, "NF4005", "Flow expectation does not hold",
        "Flow '{0}' does not hold: {1}. The packet went {2}. Fix the routes, NAT or tunnels on the way, or the flow's expectations.");
    public static readonly DiagnosticDescriptor FlowEndpointWithoutAddress = Error(DiagnosticPhase.Flows, "NF4006", "Flow to or from a device without an address",
        "Flow '{0}' {1} '{2}', which has no address, so its packets would carry 0.0.0.0; {3}.");
    public static readonly DiagnosticDescriptor DestinationNatLoop = Error(DiagnosticPhase.Flows, "NF4007", "Forwarding loop through destination NAT",
        "Traffic to {0} loops through destination NAT: {1}. Each translation sends the packet to where another one sends it back; remove one of these rules or change its target.");

    // NF5xxx: C# code of a project with .netflow files, reported by Netflow.Analyzers only, through CSharpCodeMessages
    public static readonly DiagnosticDescriptor UnknownFlowInCode = Warning(DiagnosticPhase.CSharp, "NF5001", "Unknown flow name in C# code",
        "No flow called '{0}' is declared in this project's .netflow files{1}");
    public static readonly DiagnosticDescriptor UnknownDeviceInCode = Warning(DiagnosticPhase.CSharp, "NF5002", "Unknown device name in C# code",
        "No device called '{0}' is declared in this project's .netflow files{1}");
    public static readonly DiagnosticDescriptor InvalidNetworkClass = Error(DiagnosticPhase.CSharp, "NF5003", "Generated class name is not a C# name",
        "NetflowNetworkClass is '{0}', which is not a C# type name; write a class name, optionally after its namespace (MyApp.Topology).");

    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
    [
        InvalidCharacter, UnterminatedString, UnterminatedComment, InvalidAddress, InvalidPrefixLength, NumberOutOfRange,
        UnexpectedToken, MissingCloseBrace, UnexpectedCloseBrace, NestingTooDeep, MisplacedDeclaration, TooManyErrors,
        UnknownDeclaration, UnexpectedBlock, InvalidSuppression, FileTooLargeForAnalyzer, IcmpPort,
        UnknownBase, NothingToEdit, AmbiguousEdit, MalformedEdit,
        UnknownName, DuplicateName, WrongKind, InvalidPlacement, MissingPlacement, PlacementAcrossSites, AcceptorWithoutAcceptance, SegmentWithoutRanges,
        AddressOutsideSegment, HostBitsSet, NetworkOrBroadcastAddress, NestedRangeOutsideParent, UnusedRange, PodAddressOutsidePodRange,
        OverlappingRanges, EnterpriseOverlapsProvider, ClusterRangeOverlap, DuplicateAddress, SpecialPurposeAddress, SegmentAcrossSites,
        DestinationNatCycle, ServiceMisdeclared, LoadBalancerAddressUnattracted, ServiceOutsideCluster, ClusterIpOutsideServiceRange, ClusterIpAlreadyAllocated,
        UnreachableNextHop, TunnelEndpointsUnreachable, BgpSessionDown, ForwardingLoop, BlackHole, ShadowedRoute, DuplicateRoute,
        UnreachableDevice, BgpPeerWithoutAs, DropAndForward, TunnelToItself, BgpSessionDeclaredOnOneSide, BgpPeerAsMismatch, HostOutsideVxlanTransport,
        BgpPeerAddressHeldByNoDevice, SecondBgpAs, BgpPeerNeedsAddress, BgpPeerIsItself, BgpPeerNotAdjacent, AdvertisedPrefixWithoutRoute,
        TunnelEndWithoutIpsec, TunnelEndHeldByNoDevice,
        RouteBeyondTrafficSelectors, TrafficSelectorsDoNotMeet, TrafficSelectorsOnTunnelWithoutIpsec,
        GatewayHeldByNoDevice,
        FlowMissingSource, FlowMissingDestination, DuplicateFlowClause, UnknownHostName, FlowDoesNotHold, FlowEndpointWithoutAddress, DestinationNatLoop,
        UnknownFlowInCode, UnknownDeviceInCode, InvalidNetworkClass,
    ];

    public static DiagnosticDescriptor? Find(string code) => All.FirstOrDefault(d => d.Code == code);
}
