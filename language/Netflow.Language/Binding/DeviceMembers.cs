using Netflow.Language.Addressing;
using Netflow.Language.Text;

namespace Netflow.Language.Binding;

// What a device's block configures. Each carries the location of the line that declared it, so that lowering, traces
// and diagnostics can point back at it.

/// <summary><c>route DESTINATION via NEXT-HOP</c>, or a null route when <see cref="Drop"/>.</summary>
public sealed record RouteDeclaration(DeviceSymbol Device, AddressMatch Destination, Endpoint? NextHop, bool Drop, SourceLocation Location);

/// <summary><c>bgp as N advertises ...</c>: the device's AS number and what it originates.</summary>
public sealed record BgpSpeaker(long Asn, IReadOnlyList<AddressMatch> Advertised, SourceLocation Location);

/// <summary>
/// <c>bgp peer DEVICE|ADDRESS [as NUMBER] [multihop]</c>: <see cref="ExpectedAsn"/> is the AS this end expects the peer in, if it says;
/// <see cref="Address"/> the neighbour address when the line names one (the peer is the device that holds it).
/// </summary>
public sealed record BgpPeering(DeviceSymbol Device, DeviceSymbol Peer, long? ExpectedAsn, SourceLocation Location)
{
    public IpAddress? Address { get; init; }

    /// <summary>
    /// <c>multihop</c>: this end sends the session's packets with a TTL that crosses routers and does not require its eBGP
    /// neighbour on a connected network (FRR's <c>ebgp-multihop</c>); iBGP needs no such word.
    /// </summary>
    public bool Multihop { get; init; }
}

/// <summary>
/// <c>snat MATCH [toward MATCH] [except MATCH] as TARGET</c>: the target is an address, a range used as a pool, or the egress interface's
/// address (<see cref="ToEgress"/>).
/// </summary>
public sealed record SourceNat(DeviceSymbol Device, AddressMatch Match, AddressMatch? Toward, IpAddress? ToAddress, RangeSymbol? ToPool, bool ToEgress, SourceLocation Location)
{
    /// <summary><c>except MATCH</c>: destinations inside <see cref="Toward"/> that the rule leaves alone.</summary>
    public AddressMatch? Except { get; init; }

    /// <summary>Where the target after <c>as</c> is written.</summary>
    public required SourceLocation TargetLocation { get; init; }
}

/// <summary><c>dnat ADDRESS [port N] [PROTOCOL] to TARGET, ...</c>: several targets are load-balanced.</summary>
public sealed record DestinationNat(DeviceSymbol Device, IpAddress? Match, int? Port, Protocol? Protocol, IReadOnlyList<Endpoint> Targets, SourceLocation Location);

/// <summary>
/// <c>port N [PROTOCOL] to ENDPOINT, ... [node-port N]</c> in a service: kube-proxy sends connections to the service's
/// cluster IP, external address or node port on this port to one of the endpoints (on the port an endpoint names, else
/// on the same port).
/// </summary>
public sealed record ServicePort(DeviceSymbol Service, int Port, Protocol? Protocol, IReadOnlyList<Endpoint> Targets, int? NodePort, SourceLocation Location);

/// <summary>
/// <c>proxy port N [PROTOCOL] to ENDPOINT, ...</c>: the device accepts connections on the port and opens a new connection
/// of its own to one of the endpoints (an ALB or Ingress, an nginx).
/// </summary>
public sealed record ProxyRule(DeviceSymbol Device, int Port, Protocol? Protocol, IReadOnlyList<Endpoint> Targets, SourceLocation Location);

/// <summary><c>serves PROTOCOL [PORT, ...]</c>: one protocol and port (null: every port) the device listens on.</summary>
public sealed record ServedPort(DeviceSymbol Device, Protocol Protocol, int? Port, SourceLocation Location);

/// <summary><c>record HOST-NAME ADDRESS</c> on a DNS server.</summary>
public sealed record DnsRecord(DeviceSymbol Server, string HostName, Endpoint Target, SourceLocation Location);
