using Netflow.Language.Binding;
using Netflow.Language.Diagnostics;
using Netflow.Language.Routing;

namespace Netflow.Language.Checks;

/// <summary>
/// A segment is one L2 domain in one place: it joins devices of one top-level site (the site it is declared in, else
/// that of the first device on it), and of the sites an L2 tunnel stretching it reaches through its concentrators. A
/// device of any other site on it is an error (NF2012): no frame crosses between sites without a stretch (see
/// <see cref="SegmentSites"/>, which the lowering uses too, so that the engine does not carry one either). Where VXLAN tunnels are declared (the NSX transport), a device on a VXLAN
/// segment, or on a stretched one in a site whose hosts are in the transport, runs on a host that is an endpoint of one
/// (NF3023); without any, every host is a VTEP.
/// </summary>
internal sealed class SegmentSiteChecker(Topology topology, DiagnosticBag diagnostics)
{
    public void Check()
    {
        foreach (var off in new SegmentSites(topology).OffSite)
        {
            diagnostics.ReportSegmentAcrossSites(off.Interface, off.Site, off.Segment, off.Home, off.Stretched, off.Tunnelled);
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

    private static SiteSymbol? TopSite(Symbol? symbol) => SegmentSites.TopSite(symbol);
}
