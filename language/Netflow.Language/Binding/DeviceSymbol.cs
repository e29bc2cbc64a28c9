using Netflow.Language.Addressing;
using Netflow.Language.Syntax;
using Netflow.Language.Text;

namespace Netflow.Language.Binding;

/// <summary>A device of some kind, where it runs, and everything its block configures.</summary>
public sealed class DeviceSymbol(string name, ScopeSymbol? scope, SourceLocation location, DeclarationSyntax declaration, DeviceKind kind)
    : ScopeSymbol(name, scope, location, declaration)
{
    internal readonly List<InterfaceSymbol> InterfaceList = [];
    internal readonly List<RouteDeclaration> RouteList = [];
    internal readonly List<BgpPeering> PeerList = [];
    internal readonly List<SourceNat> SourceNatList = [];
    internal readonly List<DestinationNat> DestinationNatList = [];
    internal readonly List<DnsRecord> RecordList = [];
    internal readonly List<ServedPort> ServedList = [];
    internal readonly List<ServicePort> ServicePortList = [];
    internal readonly List<ProxyRule> ProxyList = [];

    public DeviceKind Kind { get; } = kind;

    /// <summary>The device this one runs on (<c>on HOST</c>): a VM's hypervisor, a pod's worker.</summary>
    public DeviceSymbol? Host { get; internal set; }

    public IReadOnlyList<InterfaceSymbol> Interfaces => InterfaceList;
    public IReadOnlyList<RouteDeclaration> Routes => RouteList;
    public BgpSpeaker? Bgp { get; internal set; }
    public IReadOnlyList<BgpPeering> Peers => PeerList;
    public IReadOnlyList<SourceNat> SourceNats => SourceNatList;
    public IReadOnlyList<DestinationNat> DestinationNats => DestinationNatList;
    public IReadOnlyList<DnsRecord> Records => RecordList;
    public DeviceSymbol? Resolver { get; internal set; }

    /// <summary>What the device's <c>serves</c> lines say it listens on.</summary>
    public IReadOnlyList<ServedPort> Serves => ServedList;

    /// <summary>A service's type (<c>type</c>; cluster-ip when it says none).</summary>
    public ServiceType ServiceType { get; internal set; }

    /// <summary>A load-balancer service's external address (<c>type load-balancer ADDRESS</c>).</summary>
    public IpAddress? LoadBalancerAddress { get; internal set; }

    /// <summary>Where the <c>type load-balancer ADDRESS</c> line is.</summary>
    public SourceLocation? LoadBalancerLocation { get; internal set; }

    /// <summary>A service's cluster IP (<c>cluster-ip ADDRESS</c>).</summary>
    public IpAddress? ClusterIp { get; internal set; }

    /// <summary>Where the address of the <c>cluster-ip</c> line is.</summary>
    public SourceLocation? ClusterIpLocation { get; internal set; }

    /// <summary>
    /// The address a service stands for, having no interface: its cluster IP, else its load-balancer address, else the address of its first
    /// <c>dnat</c> (null for other devices).
    /// </summary>
    public IpAddress? ServiceAddress => Kind != DeviceKind.Service ? null
        : ClusterIp ?? LoadBalancerAddress ?? DestinationNats.Select(n => n.Match).FirstOrDefault(a => a is not null);

    /// <summary>A service's ports, each to its endpoints.</summary>
    public IReadOnlyList<ServicePort> ServicePorts => ServicePortList;

    /// <summary>The ports the device proxies: it terminates the connection and opens a new one to an endpoint.</summary>
    public IReadOnlyList<ProxyRule> Proxies => ProxyList;

    /// <summary>The innermost enclosing site.</summary>
    public SiteSymbol? Site => Scopes.EnclosingSite(Scope);

    public override string KindName => Keywords.Spell(Kind);
}
