using Netflow.Language.Binding;
using Netflow.Language.Diagnostics;
using Netflow.Language.Routing;

namespace Netflow.Language.Checks;

/// <summary>
/// A segment is one L2 domain in one place: it joins devices of one top-level site (the site it is declared in, else
/// that of the first device on it), and of the sites an L2 tunnel stretching it reaches through its concentrators. A
/// device of any other site on it is an error (NF2012): no frame crosses between sites without a stretch. A <c>link</c>
/// (a WAN or point-to-point link) joins places by definition, and a segment of the internet (all its ranges of origin
/// internet) is where every site meets it. Where VXLAN tunnels are declared (the NSX transport), a device on a VXLAN
/// segment, or on a stretched one in a site whose hosts are in the transport, runs on a host that is an endpoint of one
/// (NF3023); without any, every host is a VTEP.
/// </summary>
internal sealed class SegmentSiteChecker(Topology topology, DiagnosticBag diagnostics)
{
    public void Check()
    {
        var stretchedTo = new Dictionary<SegmentSymbol, HashSet<SiteSymbol>>(ReferenceEqualityComparer.Instance);
        foreach (var tunnel in topology.Model.Tunnels)
        {
            if (tunnel.Kind != TunnelKind.L2 || tunnel.Stretches is not { } segment) continue;
            if (!stretchedTo.TryGetValue(segment, out var sites)) stretchedTo[segment] = sites = new(ReferenceEqualityComparer.Instance);
            foreach (var end in tunnel.Endpoints)
            {
                if (TopSite(topology.DeviceOf(end)) is { } site) sites.Add(site);
            }
        }
        foreach (var segment in topology.Model.Segments)
        {
            if (JoinsPlaces(segment)) continue;
            var attached = topology.Attached(segment);
            var home = TopSite(segment) ?? attached.Select(i => TopSite(i.Device)).FirstOrDefault(s => s is not null);
            // Only a segment declared 'stretched' is carried by its L2 tunnel; any other kind stays where it is.
            var tunnelled = stretchedTo.GetValueOrDefault(segment);
            var stretch = segment.Kind == SegmentKind.Stretched ? tunnelled : null;
            foreach (var iface in attached)
            {
                if (TopSite(iface.Device) is not { } site || ReferenceEquals(site, home) || stretch?.Contains(site) == true) continue;
                diagnostics.ReportSegmentAcrossSites(iface, site, segment, home, stretched: stretch is not null, tunnelled: tunnelled is not null);
            }
        }
        CheckVxlanTransport();
    }

    private void CheckVxlanTransport()
    {
        var vteps = topology.Model.Tunnels.Where(t => t.Kind == TunnelKind.Vxlan)
            .SelectMany(t => t.Endpoints.Select(topology.DeviceOf)).OfType<DeviceSymbol>().ToHashSet(ReferenceEqualityComparer.Instance);
        if (vteps.Count == 0) return;
        // A stretched segment is a VXLAN logical switch in the sites whose hosts are in the transport (a VLAN elsewhere).
        var transportSites = vteps.OfType<DeviceSymbol>().Select(v => TopSite(v)).OfType<SiteSymbol>().ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var segment in topology.Model.Segments.Where(s => s.Kind is SegmentKind.Vxlan or SegmentKind.Stretched))
        {
            // A distributed router runs in every host's kernel: its own placement never carries a frame.
            foreach (var device in topology.Attached(segment).Select(i => i.Device).Distinct())
            {
                if (device.Kind == DeviceKind.LogicalRouter || device.Host is not { Kind: DeviceKind.Host } host || vteps.Contains(host)) continue;
                if (segment.Kind == SegmentKind.Stretched && (TopSite(host) is not { } site || !transportSites.Contains(site))) continue;
                diagnostics.ReportHostOutsideVxlanTransport(device, segment, host);
            }
        }
    }

    private static bool JoinsPlaces(SegmentSymbol segment) =>
        segment.Kind == SegmentKind.Link
        || (segment.Ranges.Count > 0 && segment.Ranges.All(r => r.Origin == RangeOrigin.Internet));

    private static SiteSymbol? TopSite(Symbol? symbol)
    {
        SiteSymbol? top = null;
        for (var scope = symbol?.Scope; scope is not null; scope = scope.Scope)
        {
            if (scope is SiteSymbol site) top = site;
        }
        return top;
    }
}
