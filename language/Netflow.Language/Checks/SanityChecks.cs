using Netflow.Language.Addressing;
using Netflow.Language.Binding;
using Netflow.Language.Diagnostics;
using Netflow.Language.Routing;

namespace Netflow.Language.Checks;

/// <summary>
/// Declarations that are well formed but cannot mean anything on a real network, which the rest of the pipeline would
/// otherwise execute as if they did: special-purpose IPv4 addresses used as ordinary ones (NF2011), a tunnel whose ends
/// are on one device (NF3011), an IPsec tunnel end where no gateway of it answers IKE (NF3040, NF3041), and a flow from or to a device without an address (NF4006, which would run from or to
/// 0.0.0.0).
/// </summary>
internal sealed class SanityChecks(Topology topology, DiagnosticBag diagnostics)
{
    private static readonly IpPrefix Loopback = new(IpAddress.V4(0x7F00_0000), 8);

    public void Check()
    {
        var model = topology.Model;
        foreach (var range in model.Ranges)
        {
            if (range.Prefix is { } prefix) CheckPrefix(prefix, range.Location);
        }
        foreach (var device in model.Devices) CheckDevice(device);
        foreach (var tunnel in model.Tunnels) CheckTunnel(tunnel);
        foreach (var flow in model.Flows) CheckFlow(flow);
    }

    private void CheckDevice(DeviceSymbol device)
    {
        foreach (var iface in device.Interfaces)
        {
            foreach (var (address, location) in iface.Addresses) CheckAddress(address, location);
        }
        foreach (var route in device.Routes)
        {
            CheckMatch(route.Destination);
            CheckEndpoint(route.NextHop);
        }
        foreach (var advertised in device.Bgp?.Advertised ?? []) CheckMatch(advertised);
        foreach (var nat in device.SourceNats)
        {
            CheckMatch(nat.Match);
            CheckMatch(nat.Toward);
            if (nat.ToAddress is { } address) CheckAddress(address, nat.Location);
        }
        foreach (var nat in device.DestinationNats)
        {
            if (nat.Match is { } address) CheckAddress(address, nat.Location);
            foreach (var target in nat.Targets) CheckEndpoint(target);
        }
        foreach (var record in device.Records) CheckEndpoint(record.Target);
    }

    private void CheckTunnel(TunnelSymbol tunnel)
    {
        foreach (var endpoint in tunnel.Endpoints) CheckEndpoint(endpoint);
        if (tunnel.Kind == TunnelKind.Ipsec) CheckIpsecEnds(tunnel);
        var ends = tunnel.Endpoints.Select(e => (Endpoint: e, Device: topology.DeviceOf(e))).Where(e => e.Device is not null).ToList();
        for (var i = 1; i < ends.Count; i++)
        {
            var first = ends.Take(i).FirstOrDefault(e => ReferenceEquals(e.Device, ends[i].Device));
            if (first.Device is null) continue;
            diagnostics.ReportTunnelToItself(ends[i].Endpoint.Location, tunnel, first.Device, first.Endpoint.Location);
            return;
        }
    }

    /// <summary>Each end of an IPsec tunnel leads to a device that runs the tunnel's IPsec (NF3040), and to a device at all (NF3041).</summary>
    private void CheckIpsecEnds(TunnelSymbol tunnel)
    {
        foreach (var end in tunnel.Endpoints)
        {
            if (topology.DeviceOf(end) is not null) continue;
            if (topology.HolderOf(end) is { } device)
            {
                var holder = end.Address is { } address && topology.Owners(address) is [var first, ..] ? first.Device : device;
                diagnostics.ReportTunnelEndWithoutIpsec(tunnel, end, holder, device);
            }
            else if (end.Address is not null) diagnostics.ReportTunnelEndHeldByNoDevice(tunnel, end);
        }
    }

    private void CheckFlow(FlowSymbol flow)
    {
        if (flow.Source is { } source && !HasAddress(source) && !HasOwnErrors(flow))
        {
            diagnostics.ReportFlowEndpointWithoutAddress(flow.Location, flow, source, isDestination: false);
        }
        foreach (var step in flow.Steps) CheckEndpoint(step.Argument);
        if (flow.Destination is not { } destination) return;
        if (destination.Address is { } address) CheckAddress(address, destination.Location);
        Symbol? unaddressed = destination.Symbol switch
        {
            DeviceSymbol device when !HasAddress(device) && device.ServiceAddress is null => device,
            InterfaceSymbol iface when iface.Addresses.Count == 0 => iface,
            _ => null,
        };
        if (unaddressed is not null && !HasOwnErrors(flow))
        {
            diagnostics.ReportFlowEndpointWithoutAddress(destination.Location, flow, unaddressed, isDestination: true);
        }
    }

    /// <summary>A flow whose declaration has errors already (a missing destination, say) is not told about its addresses too.</summary>
    private bool HasOwnErrors(FlowSymbol flow) => diagnostics.ToList().Any(d => d.IsError
        && ReferenceEquals(d.Location.Source, flow.Location.Source) && flow.Declaration.Span.Contains(d.Location.Span));

    private static bool HasAddress(DeviceSymbol device) => device.Interfaces.Any(i => i.Addresses.Count > 0);

    private void CheckEndpoint(Endpoint? endpoint)
    {
        if (endpoint?.Address is { } address) CheckAddress(address, endpoint.Location);
    }

    private void CheckMatch(AddressMatch? match)
    {
        if (match?.Range is null && match?.Prefix is { } prefix) CheckPrefix(prefix, match.Location);
    }

    private void CheckAddress(IpAddress address, Text.SourceLocation location)
    {
        if (Special(new IpPrefix(address, address.BitLength)) is { } what)
        {
            diagnostics.ReportSpecialPurposeAddress(location, address, what);
        }
    }

    private void CheckPrefix(IpPrefix prefix, Text.SourceLocation location)
    {
        if (Special(prefix) is { } what) diagnostics.ReportSpecialPurposeAddress(location, prefix, what);
    }

    /// <summary>
    /// What makes an address (a /32) or a prefix unroutable (RFC 1122, section 3.2.1.3), or null. A prefix that merely
    /// contains such addresses (0.0.0.0/0, 64.0.0.0/2) is ordinary.
    /// </summary>
    private static SpecialAddress? Special(IpPrefix prefix)
    {
        if (prefix.Family != IpFamily.V4) return null;
        if (Loopback.Contains(prefix)) return SpecialAddress.Loopback;
        if (prefix.Length != 32) return null;
        return prefix.Address.ToV4() switch
        {
            0 => SpecialAddress.Unspecified,
            uint.MaxValue => SpecialAddress.LimitedBroadcast,
            _ => null,
        };
    }
}
