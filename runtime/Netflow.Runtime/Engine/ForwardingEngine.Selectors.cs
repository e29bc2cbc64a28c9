using Netflow.Runtime.Image;

namespace Netflow.Runtime.Engine;

/// <summary>
/// An IPsec tunnel's traffic selectors, as strongSwan's policies have them. Each gateway's local selectors are what its end
/// declares it protects (local.subnet; any address when it declares nothing), its remote selectors what it routes into
/// the tunnel (remote.subnet, which the IKS chart also routes; any address when it routes nothing there). IKEv2 narrows
/// the CHILD_SA to what both ends accept, so a packet from one gateway's side to the other's is encrypted only when its
/// source is protected by the sending end and routed into the tunnel by the receiving gateway, and its destination is
/// protected by the receiving end (the route that sent it in covers it already). Both gateways install the same narrowed
/// pair, so an ESP packet that passed the sender's policy always passes the receiver's inbound check.
/// </summary>
public sealed partial class ForwardingEngine
{
    /// <summary>The endpoint's rows of the tunnel selector table, or null when it protects any address.</summary>
    private List<int>? SelectorsOf(int endpoint) => _selectorsOf.TryGetValue(endpoint, out var rows) ? rows : null;

    private static Dictionary<int, List<int>> SelectorsByEndpoint(NetworkImage image)
    {
        var byEndpoint = new Dictionary<int, List<int>>();
        for (var s = 0; s < image.TunnelSelectors.Count; s++)
        {
            var endpoint = image.TunnelSelectors.Endpoint[s];
            if (!byEndpoint.TryGetValue(endpoint, out var rows)) byEndpoint[endpoint] = rows = [];
            rows.Add(s);
        }
        return byEndpoint;
    }

    /// <summary>Whether an endpoint's local selectors hold an address.</summary>
    private bool Protects(int endpoint, uint address)
    {
        if (SelectorsOf(endpoint) is not { } rows) return true;
        foreach (var s in rows)
        {
            if (InPrefix(address, _image.TunnelSelectors.Network[s], _image.TunnelSelectors.Length[s])) return true;
        }
        return false;
    }

    /// <summary>Whether a gateway's remote selectors (its routes into the tunnel; none: any address) hold an address.</summary>
    private bool RoutesIntoTunnel(int device, int tunnel, uint address)
    {
        if (!_routesIntoTunnel.TryGetValue((device, tunnel), out var rows)) return true;
        foreach (var r in rows)
        {
            if (InPrefix(address, _image.Routes.Network[r], _image.Routes.Length[r])) return true;
        }
        return false;
    }

    /// <summary>Each device's routes into each tunnel, worked out once rather than per packet that enters a tunnel.</summary>
    private static Dictionary<(int Device, int Tunnel), List<int>> RoutesByTunnel(NetworkImage image)
    {
        var byTunnel = new Dictionary<(int, int), List<int>>();
        for (var r = 0; r < image.Routes.Count; r++)
        {
            var tunnel = image.Routes.Tunnel[r];
            if (tunnel < 0) continue;
            if (!byTunnel.TryGetValue((image.Routes.Device[r], tunnel), out var rows)) byTunnel[(image.Routes.Device[r], tunnel)] = rows = [];
            rows.Add(r);
        }
        return byTunnel;
    }

    /// <summary>
    /// The address of a packet entering IPsec tunnel <paramref name="tunnel"/> at <paramref name="device"/> for
    /// <paramref name="next"/> that the CHILD_SA's selectors do not cover (its source first), or false when they cover it.
    /// </summary>
    private bool OutsideSelectors(int tunnel, int device, int next, uint source, uint destination, out uint address)
    {
        address = source;
        if (!Protects(Endpoint(tunnel, device), source) || !RoutesIntoTunnel(next, tunnel, source)) return true;
        address = destination;
        return !Protects(Endpoint(tunnel, next), destination);
    }

    /// <summary>
    /// The first pair of an IPsec tunnel's ends whose selectors do not meet: what end <c>Protecting</c> protects and what
    /// the gateway of end <c>Routing</c> routes into the tunnel have no address in common, so IKE's responder answers
    /// TS_UNACCEPTABLE, no CHILD_SA is set up, and the tunnel is down; null when every pair meets.
    /// </summary>
    public static (int Protecting, int Routing)? DisjointSelectors(NetworkImage image, int tunnel)
    {
        if (image.Tunnels.Kind[tunnel] != TunnelKind.Ipsec) return null;
        var first = image.Tunnels.FirstEndpoint[tunnel];
        var end = first + image.Tunnels.EndpointCount[tunnel];
        for (var a = first; a < end; a++)
        {
            for (var b = first; b < end; b++)
            {
                var (from, to) = (image.TunnelEndpoints.Device[a], image.TunnelEndpoints.Device[b]);
                if (a == b || from < 0 || to < 0 || from == to) continue;
                if (!Meet(image, a, to, tunnel)) return (a, b);
            }
        }
        return null;
    }

    /// <summary>Whether an endpoint's local selectors and a gateway's routes into the tunnel share an address.</summary>
    private static bool Meet(NetworkImage image, int endpoint, int device, int tunnel)
    {
        var (selectors, routes) = (image.TunnelSelectors, image.Routes);
        var (protects, routed) = (false, false);
        var end = image.Devices.FirstRoute[device] + image.Devices.RouteCount[device];
        for (var s = 0; s < selectors.Count; s++)
        {
            if (selectors.Endpoint[s] != endpoint) continue;
            protects = true;
            for (var r = image.Devices.FirstRoute[device]; r < end; r++)
            {
                if (routes.Tunnel[r] != tunnel) continue;
                routed = true;
                if (Overlap(routes.Network[r], routes.Length[r], selectors.Network[s], selectors.Length[s])) return true;
            }
        }
        return !protects || !routed;
    }

    /// <summary>Two prefixes share an address exactly when the shorter holds the longer.</summary>
    private static bool Overlap(uint network, int length, uint other, int otherLength) =>
        length <= otherLength ? InPrefix(other, network, length) : InPrefix(network, other, otherLength);

    /// <summary>
    /// The first address of a prefix that an endpoint's local selectors do not hold, or null when they hold all of it:
    /// what a route into the tunnel sends there matches no CHILD_SA.
    /// </summary>
    public uint? FirstUnprotected(int endpoint, uint network, int length)
    {
        if (SelectorsOf(endpoint) is not { } rows) return null;
        var last = (ulong)network + (1UL << (32 - length)) - 1;
        var held = rows.Select(s => (First: (ulong)_image.TunnelSelectors.Network[s],
                Last: _image.TunnelSelectors.Network[s] + (1UL << (32 - _image.TunnelSelectors.Length[s])) - 1))
            .OrderBy(h => h.First);
        var from = (ulong)network;
        foreach (var (first, end) in held)
        {
            if (first > from) break;
            if (end >= from) from = end + 1;
            if (from > last) return null;
        }
        return from <= last ? (uint)from : null;
    }
}
