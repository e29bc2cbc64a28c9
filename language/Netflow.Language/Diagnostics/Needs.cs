namespace Netflow.Language.Diagnostics;

/// <summary>
/// What a clause needs a name to be, in the words NF1003 says it with ("a tunnel stretches a segment"): each clause that
/// resolves a name passes one of these, so that the wording stays with the diagnostics.
/// </summary>
public sealed record Needs(string Words)
{
    public static readonly Needs FlowSource = new("a flow starts from a device");
    public static readonly Needs FlowAcceptor = new("a flow is accepted by a device");
    public static readonly Needs FlowDestination = new("a flow goes to a device, an interface, a host name, a URL or an address");
    public static readonly Needs StepWaypoint = new("a step passes a device (or names a fact such as dns, snat or vxlan)");
    public static readonly Needs SegmentRange = new("a segment carries ranges");
    public static readonly Needs TunnelEndpoint = new("a tunnel endpoint must be a device, an interface or an address");
    public static readonly Needs TunnelStretch = new("a tunnel stretches a segment");
    public static readonly Needs TunnelSelector = new("an IPsec end protects prefixes and ranges");
    public static readonly Needs BgpPeer = new("a BGP peer must be a device");
    public static readonly Needs BgpAdvertisement = new("BGP advertises prefixes and ranges");
    public static readonly Needs Resolver = new("a resolver must be a dns-server");
    public static readonly Needs InterfaceSegment = new("an interface attaches to a segment");
    public static readonly Needs RouteDestination = new("a route's destination must be a prefix, 'default' or a range");
    public static readonly Needs RouteNextHop = new("a route's next hop must be an address, a device, an interface or a tunnel");
    public static readonly Needs NatMatch = new("a NAT rule matches a prefix, a range or 'any'");
    public static readonly Needs SourceNatTarget = new("source NAT translates to an address, a range (a pool) or 'egress'");
    public static readonly Needs DestinationNatTarget = new("destination NAT translates to an address, a device or an interface");
    public static readonly Needs DnsRecordTarget = new("a DNS record names an address, a device or an interface");

    /// <summary>The argument of a step's fact word (<c>step dnat to X</c>).</summary>
    public static Needs StepArgument(string word) => new($"a '{word}' step names an address, a device or an interface");

    /// <summary>The host a device of <paramref name="kind"/> (its keyword) is placed on.</summary>
    public static Needs Placement(string kind) => new($"a {kind} is placed on a device");
}
