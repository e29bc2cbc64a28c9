using Netflow.Language.Addressing;
using Netflow.Language.Binding;
using Netflow.Language.Routing;
using Netflow.Language.Text;
using L = Netflow.Language.Binding;
using R = Netflow.Runtime.Image;

namespace Netflow.Compiler.Lowering;

/// <summary>
/// What the image states that the model leaves implicit: the address an endpoint stands for, where a tunnel ends, who
/// installs a service's NAT, what a device listens on, what a route does with a packet. <see cref="ImageCompiler"/>
/// puts these values into rows; this class decides them.
/// </summary>
internal sealed class LoweringRules(Topology topology)
{
    /// <summary>The address an endpoint stands for, and the device that holds it.</summary>
    public (uint? Address, DeviceSymbol? Device) Resolve(Endpoint endpoint)
    {
        switch (endpoint.Symbol)
        {
            case InterfaceSymbol iface when iface.Addresses.Count > 0:
                return (iface.Addresses[0].Address.ToV4(), iface.Device);
            case DeviceSymbol { Kind: L.DeviceKind.Service } service:
                // A service has no interface: it stands for its cluster IP, the address of its first dnat.
                return (service.DestinationNats.Select(n => n.Match).OfType<IpAddress>().Select(a => (uint?)a.ToV4()).FirstOrDefault(), service);
            case DeviceSymbol device:
                var address = device.Interfaces.SelectMany(i => i.Addresses).Select(a => (IpAddress?)a.Address).FirstOrDefault();
                return (address?.ToV4(), device);
        }
        if (endpoint.Address is { } literal) return (literal.ToV4(), topology.Owners(literal).FirstOrDefault()?.Device);
        return (null, null);
    }

    /// <summary>The address a flow goes to: the one written, or the one its device or interface stands for (0 for a host name).</summary>
    public uint Address(FlowDestination destination) => destination switch
    {
        { Address: { } a } => a.ToV4(),
        { Symbol: { } symbol } => Resolve(new Endpoint(null, symbol, null, destination.Location)).Address ?? 0,
        _ => 0,
    };

    /// <summary>The device a tunnel end is on and its underlay address: the one written, the interface's, or the device's first on a segment.</summary>
    public (DeviceSymbol Device, IpAddress Address)? TunnelEnd(Endpoint endpoint)
    {
        var device = topology.DeviceOf(endpoint);
        var address = endpoint.Address
            ?? (endpoint.Symbol as InterfaceSymbol)?.Addresses.Select(a => (IpAddress?)a.Address).FirstOrDefault()
            ?? device?.Interfaces.Where(i => i.Segment is not null).SelectMany(i => i.Addresses).Select(a => (IpAddress?)a.Address).FirstOrDefault();
        return device is null || address is null ? null : (device, address.Value);
    }

    /// <summary>
    /// Whether kube-proxy masquerades what a service's rule for this address translates: an address outside the cluster's
    /// service ranges is external traffic (a load balancer's, a node's), which externalTrafficPolicy Cluster source-NATs
    /// to the node; a cluster IP it only translates.
    /// </summary>
    public bool Masquerades(DeviceSymbol device, IpAddress match) => device.Kind == L.DeviceKind.Service
        && !topology.Model.Ranges.Any(r => r.Origin == RangeOrigin.ClusterService && r.Prefix is { } p && p.Contains(match));

    /// <summary>The devices a destination NAT is installed on: a service's on every worker of its cluster (what kube-proxy does), any other on its device.</summary>
    public IReadOnlyList<DeviceSymbol> Installers(DeviceSymbol device) => device.Kind == L.DeviceKind.Service
        ? [.. topology.Model.Devices.Where(d => d.Kind == L.DeviceKind.Worker && d.IsInside(device.Scope))]
        : [device];

    /// <summary>
    /// What each device listens on: its <c>serves</c> lines, then its kind's defaults: ICMP echo everywhere; DNS on a
    /// DNS server; IKE and NAT-T on a VPN gateway and on every IPsec tunnel endpoint; BGP on a BGP speaker; and a
    /// workload (VM, pod, client) that declares no service serves every port, so that a small network needs no lines.
    /// </summary>
    public IEnumerable<(DeviceSymbol Device, R.Protocol Protocol, int Port, SourceLocation At)> Listeners()
    {
        var ipsecGateways = topology.Model.Tunnels.Where(t => t.Kind == L.TunnelKind.Ipsec)
            .SelectMany(t => t.Endpoints.Select(topology.DeviceOf)).OfType<DeviceSymbol>().ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var device in topology.Model.Devices)
        {
            var at = device.Location;
            foreach (var served in device.Serves) yield return (device, served.Protocol.ToRuntime(), served.Port ?? -1, served.Location);
            if (device.Serves.Count == 0 && device.Kind is L.DeviceKind.Vm or L.DeviceKind.Pod or L.DeviceKind.Client) yield return (device, R.Protocol.Any, -1, at);
            yield return (device, R.Protocol.Icmp, -1, at);
            if (device.Kind == L.DeviceKind.DnsServer)
            {
                yield return (device, R.Protocol.Udp, 53, at);
                yield return (device, R.Protocol.Tcp, 53, at);
            }
            if (device.Kind == L.DeviceKind.VpnGateway || ipsecGateways.Contains(device))
            {
                yield return (device, R.Protocol.Udp, 500, at);
                yield return (device, R.Protocol.Udp, 4500, at);
            }
            if (device.Bgp is { } bgp) yield return (device, R.Protocol.Tcp, 179, bgp.Location);
        }
    }

    /// <summary>What a route does with a packet it matches.</summary>
    public static R.RouteAction Action(RouteEntry entry) => entry.Source switch
    {
        RouteSource.Local => R.RouteAction.Local,
        RouteSource.Connected => R.RouteAction.Connected,
        RouteSource.Guest => R.RouteAction.Guest,
        _ when entry.Drop => R.RouteAction.Drop,
        // 'route P via OWN-INTERFACE': whoever holds the destination on that segment.
        _ when entry is { NextHop: null, Tunnel: null, OutInterface: not null, NextHopAddress: null } => R.RouteAction.Connected,
        _ => R.RouteAction.Forward,
    };

    /// <summary>What a source NAT rule translates to; a pool translates to its first host address (the network itself for a /31 or /32).</summary>
    public static (R.SourceNatTarget Target, uint Address) Target(SourceNat nat) =>
        nat.ToEgress ? (R.SourceNatTarget.Egress, 0)
        : nat.ToPool is { } pool ? (R.SourceNatTarget.Pool, pool.Prefix is { } p ? p.Network.ToV4() + (p.Length >= 31 ? 0u : 1u) : 0)
        : (R.SourceNatTarget.Address, nat.ToAddress?.ToV4() ?? 0);
}
