using Netflow.Language.Addressing;
using Netflow.Language.Diagnostics;
using Netflow.Language.Syntax;

namespace Netflow.Language.Binding;

internal sealed partial class Binder
{
    private void DeclareDevice(DeclarationSyntax declaration, DeviceHeader header, ScopeSymbol? scope)
    {
        var kind = header.Kind;
        var device = new DeviceSymbol(header.DeclaredName.Text, scope, Loc(header.DeclaredName), declaration, kind);
        if (!Declare(scope, device)) return;
        _model.Devices.Add(device);
        var tree = _tree;

        if (header.Host is { } hostToken)
        {
            _resolutions.Add(() => device.Host = BindPlacement(tree, device, scope, hostToken));
        }
        else if (Keywords.Of(kind).MustBePlaced)
        {
            diagnostics.ReportMissingPlacement(device, Keywords.Of(kind).Hosts[0]);
        }

        foreach (var member in declaration.Members)
        {
            switch (member.Header)
            {
                case InterfaceHeader iface:
                    DeclareInterface(member, iface, device);
                    break;
                case RouteHeader route:
                    _resolutions.Add(() => BindRoute(tree, device, route, member));
                    break;
                case BgpAsHeader bgp:
                    _resolutions.Add(() => BindBgp(tree, device, bgp, member));
                    break;
                case BgpPeerHeader peer:
                    _resolutions.Add(() =>
                    {
                        var expected = BindNumber(tree, peer.Asn, NumberRange.AsNumber);
                        var location = tree.Location(member.HeaderSpan);
                        var multihop = peer.Multihop is not null;
                        if (peer.Peer is { Kind: TokenKind.Address, Value: IpAddress address })
                        {
                            if (HolderOf(address, device) is { } holder) device.PeerList.Add(new BgpPeering(device, holder, expected, location) { Address = address, Multihop = multihop });
                            else diagnostics.ReportBgpPeerAddressHeldByNoDevice(tree.Location(peer.Peer.Span), device, address);
                        }
                        else if (Resolve<DeviceSymbol>(tree, device, peer.Peer, Needs.BgpPeer) is { } peerDevice)
                        {
                            if (ReferenceEquals(peerDevice, device))
                            {
                                diagnostics.ReportBgpPeerIsItself(tree.Location(peer.Peer.Span), device);
                                return;
                            }

                            device.PeerList.Add(new BgpPeering(device, peerDevice, expected, location) { Multihop = multihop });
                        }
                    });
                    break;
                case SnatHeader snat:
                    _resolutions.Add(() => BindSourceNat(tree, device, snat, member));
                    break;
                case DnatHeader dnat:
                    _resolutions.Add(() => BindDestinationNat(tree, device, dnat, member));
                    break;
                case RecordHeader record:
                    DeclareRecord(device, record);
                    break;
                case ServesHeader serves:
                    BindServes(tree, device, serves, member);
                    break;
                case ServiceTypeHeader type:
                    BindServiceType(tree, device, type, member);
                    break;
                case ClusterIpHeader clusterIp:
                    if (RequireService(tree, device, member))
                    {
                        device.ClusterIp = clusterIp.Address.Value as IpAddress?;
                        device.ClusterIpLocation = Loc(clusterIp.Address);
                    }
                    break;
                case PortHeader port:
                    _resolutions.Add(() => BindPort(tree, device, port, member));
                    break;
                case ResolverHeader resolver:
                    _resolutions.Add(() =>
                    {
                        var server = Resolve<DeviceSymbol>(tree, device, resolver.Server, Needs.Resolver);
                        if (server is not null && server.Kind != DeviceKind.DnsServer)
                        {
                            ReportWrongKind(tree, resolver.Server, server, Needs.Resolver);
                            server = null;
                        }
                        device.Resolver = server;
                    });
                    break;
            }
        }
    }

    private DeviceSymbol? BindPlacement(SyntaxTree tree, DeviceSymbol device, ScopeSymbol? scope, Syntax.SyntaxToken hostToken)
    {
        var host = Resolve<DeviceSymbol>(tree, scope, hostToken, Needs.Placement(device.KindName));
        if (host is null) return null;
        var allowed = Keywords.Of(device.Kind).Hosts;
        if (allowed.Contains(host.Kind))
        {
            if (Related(device.Site, host.Site)) return host;
            var suggestion = _model.Devices.FirstOrDefault(d => d.Kind == host.Kind && d.Site == device.Site);
            diagnostics.ReportPlacementAcrossSites(tree.Location(hostToken.Span), device, host, suggestion);
            return null;
        }
        diagnostics.ReportInvalidPlacement(tree.Location(hostToken.Span), device, hostToken.Text, host, allowed);
        return null;
    }

    /// <summary>
    /// Whether a device of one site may run on a host of the other: one site holds the other (the top level holds every
    /// site), so a pod runs on a worker of its own cluster and a VM on a host of its own vCenter or site.
    /// </summary>
    private static bool Related(SiteSymbol? a, SiteSymbol? b) => Holds(a, b) || Holds(b, a);

    private static bool Holds(SiteSymbol? outer, SiteSymbol? inner)
    {
        for (var site = inner; ; site = Scopes.EnclosingSite(site.Scope))
        {
            if (site == outer) return true;
            if (site is null) return false;
        }
    }

    private void DeclareInterface(DeclarationSyntax declaration, InterfaceHeader header, DeviceSymbol device)
    {
        var iface = new InterfaceSymbol(header.DeclaredName.Text, device, Loc(header.DeclaredName), declaration)
        {
            Shared = header.Shared is not null,
        };
        if (!Declare(device, iface)) return;
        device.InterfaceList.Add(iface);
        foreach (var token in header.Addresses)
        {
            if (token.Value is IpAddress address) iface.AddressList.Add((address, Loc(token)));
        }
        if (header.Segment is { } segmentToken)
        {
            var tree = _tree;
            _resolutions.Add(() => iface.Segment = Resolve<SegmentSymbol>(tree, device, segmentToken, Needs.InterfaceSegment));
        }
    }

    private void BindRoute(SyntaxTree tree, DeviceSymbol device, RouteHeader header, DeclarationSyntax declaration)
    {
        var destination = BindMatch(tree, device, header.Destination, Needs.RouteDestination, allowAny: false);
        Endpoint? nextHop = null;
        if (header.NextHop is { } hop)
        {
            nextHop = BindEndpoint(tree, device, hop, null,
                Needs.RouteNextHop, allowTunnel: true);
            if (nextHop is null) return;
        }
        if (destination is null) return;
        device.RouteList.Add(new RouteDeclaration(device, destination, nextHop, header.Drop is not null, tree.Location(declaration.HeaderSpan)));
    }

    private void BindBgp(SyntaxTree tree, DeviceSymbol device, BgpAsHeader header, DeclarationSyntax declaration)
    {
        var advertised = new List<AddressMatch>();
        foreach (var written in header.Advertised)
        {
            if (BindMatch(tree, device, written, Needs.BgpAdvertisement, allowAny: false) is { } match) advertised.Add(match);
        }
        if (device.Bgp is { } first)
        {
            diagnostics.ReportSecondBgpAs(tree.Location(declaration.HeaderSpan), device, first);
            return;
        }
        if (BindNumber(tree, header.Asn, NumberRange.AsNumber) is { } asn)
        {
            device.Bgp = new BgpSpeaker(asn, advertised, tree.Location(declaration.HeaderSpan));
        }
    }

    private void BindSourceNat(SyntaxTree tree, DeviceSymbol device, SnatHeader header, DeclarationSyntax declaration)
    {
        var needs = Needs.NatMatch;
        var match = BindMatch(tree, device, header.Match, needs, allowAny: true);
        var toward = header.Toward is { } t ? BindMatch(tree, device, t, needs, allowAny: true) : null;
        var except = header.Except is { } e ? BindMatch(tree, device, e, needs, allowAny: false) : null;
        IpAddress? toAddress = null;
        RangeSymbol? pool = null;
        var egress = header.ToEgress;
        if (header.Target.Kind == TokenKind.Address)
        {
            if (header.Target.Value is not IpAddress address) return;
            toAddress = address;
        }
        else if (!egress)
        {
            pool = Resolve<RangeSymbol>(tree, device, header.Target, Needs.SourceNatTarget);
            if (pool is null) return;
        }
        if (match is null || (header.Toward is not null && toward is null) || (header.Except is not null && except is null)) return;
        device.SourceNatList.Add(new SourceNat(device, match, toward, toAddress, pool, egress, tree.Location(declaration.HeaderSpan))
        {
            Except = except,
            TargetLocation = tree.Location(header.Target.Span),
        });
    }

    private void BindDestinationNat(SyntaxTree tree, DeviceSymbol device, DnatHeader header, DeclarationSyntax declaration)
    {
        var targets = new List<Endpoint>();
        foreach (var target in header.Targets)
        {
            var bound = BindEndpoint(tree, device, target.Target, target.Port, Needs.DestinationNatTarget);
            if (bound is not null) targets.Add(bound);
        }
        var protocol = header.Protocol?.Value;
        device.DestinationNatList.Add(new DestinationNat(device, header.Match.Target.Value as IpAddress?, BindPort(tree, header.Match.Port),
            protocol, targets, tree.Location(declaration.HeaderSpan)));
    }

    /// <summary>A service's own lines (<c>type</c>, <c>cluster-ip</c>, <c>port</c>) on another device are NF2021.</summary>
    private bool RequireService(SyntaxTree tree, DeviceSymbol device, DeclarationSyntax declaration)
    {
        if (device.Kind == DeviceKind.Service) return true;
        diagnostics.ReportServiceMisdeclared(tree.Location(declaration.HeaderSpan), device, ServiceProblem.NotAService);
        return false;
    }

    private void BindServiceType(SyntaxTree tree, DeviceSymbol device, ServiceTypeHeader header, DeclarationSyntax declaration)
    {
        if (!RequireService(tree, device, declaration)) return;
        var location = tree.Location(declaration.HeaderSpan);
        device.ServiceType = header.Type.Value;
        var address = header.Address?.Value as IpAddress?;
        if (header.Type.Value == ServiceType.LoadBalancer && address is null) diagnostics.ReportServiceMisdeclared(location, device, ServiceProblem.LoadBalancerWithoutAddress);
        else if (header.Type.Value != ServiceType.LoadBalancer && address is not null) diagnostics.ReportServiceMisdeclared(location, device, ServiceProblem.AddressWithoutLoadBalancer);
        device.LoadBalancerAddress = address;
        device.LoadBalancerLocation = location;
    }

    /// <summary>A service's <c>port</c> line, or a device's <c>proxy</c> line.</summary>
    private void BindPort(SyntaxTree tree, DeviceSymbol device, PortHeader header, DeclarationSyntax declaration)
    {
        var location = tree.Location(declaration.HeaderSpan);
        if (header.IsProxy && device.Kind == DeviceKind.Service)
        {
            diagnostics.ReportServiceMisdeclared(location, device, ServiceProblem.ProxyOnService);
            return;
        }
        if (!header.IsProxy && !RequireService(tree, device, declaration)) return;
        var targets = new List<Endpoint>();
        foreach (var target in header.Targets)
        {
            if (BindEndpoint(tree, device, target.Target, target.Port, Needs.DestinationNatTarget) is { } bound) targets.Add(bound);
        }
        if (BindPort(tree, header.Port) is not { } port || targets.Count != header.Targets.Count) return;
        var protocol = header.Protocol?.Value;
        if (header.IsProxy)
        {
            device.ProxyList.Add(new ProxyRule(device, port, protocol, targets, location));
            return;
        }
        var nodePort = BindPort(tree, header.NodePort);
        if (header.NodePort is not null && nodePort is null) return;
        if (device.ServiceType == ServiceType.NodePort && nodePort is null) diagnostics.ReportServiceMisdeclared(location, device, ServiceProblem.NodePortMissing);
        if (device.ServiceType == ServiceType.ClusterIp && device.ClusterIp is null) diagnostics.ReportServiceMisdeclared(location, device, ServiceProblem.ClusterIpMissing);
        device.ServicePortList.Add(new ServicePort(device, port, protocol, targets, nodePort, location));
    }

    private void BindServes(SyntaxTree tree, DeviceSymbol device, ServesHeader header, DeclarationSyntax declaration)
    {
        var protocol = header.Protocol.Value;
        var location = tree.Location(declaration.HeaderSpan);
        if (protocol == Protocol.Icmp)
        {
            foreach (var token in header.Ports) diagnostics.ReportIcmpPort(tree.Location(token.Span), token.Text);
        }
        if (header.Ports.Count == 0 || protocol == Protocol.Icmp)
        {
            device.ServedList.Add(new ServedPort(device, protocol, null, location));
            return;
        }
        foreach (var token in header.Ports)
        {
            if (BindPort(tree, token) is { } port) device.ServedList.Add(new ServedPort(device, protocol, port, location));
        }
    }

    private void DeclareRecord(DeviceSymbol device, RecordHeader header)
    {
        var hostName = header.HostName.Text;
        var location = Loc(header.HostName);
        // Several records for one name are round-robin DNS; flows take the first in declaration order.
        _recordSyntax.TryAdd(hostName, (hostName, header.Target, device, location));
        var tree = _tree;
        _resolutions.Add(() =>
        {
            if (BindEndpoint(tree, device, header.Target, null, Needs.DnsRecordTarget) is { } target)
            {
                var record = new DnsRecord(device, hostName, target, location);
                device.RecordList.Add(record);
                _model.Records.TryAdd(hostName, record);
            }
        });
    }

    /// <summary>Which devices hold each address, built when the first <c>bgp peer ADDRESS</c> line is bound (every interface is declared by then).</summary>
    private Dictionary<IpAddress, List<DeviceSymbol>>? _holders;

    /// <summary>The first device other than <paramref name="except"/> that holds an address (several may share a VIP), or null.</summary>
    private DeviceSymbol? HolderOf(IpAddress address, DeviceSymbol except)
    {
        if (_holders is null)
        {
            _holders = [];
            foreach (var device in _model.Devices)
            {
                foreach (var (held, _) in device.Interfaces.SelectMany(i => i.Addresses))
                {
                    if (!_holders.TryGetValue(held, out var list)) _holders[held] = list = [];
                    list.Add(device);
                }
            }
        }
        return _holders.GetValueOrDefault(address)?.FirstOrDefault(d => !ReferenceEquals(d, except));
    }
}
