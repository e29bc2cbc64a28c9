using Netflow.Language.Binding;

namespace Netflow.Language.Routing;

/// <summary>An interface on a segment of another place: its top-level site, the segment's home site, and whether a stretch or an L2 tunnel is declared for the segment.</summary>
public sealed record OffSiteInterface(InterfaceSymbol Interface, SiteSymbol Site, SegmentSymbol Segment, SiteSymbol? Home, bool Stretched, bool Tunnelled);

/// <summary>
/// Where a segment is: it joins devices of one top-level site (the site it is declared in, else that of the first device
/// on it), and of the sites an L2 tunnel stretching it reaches through its concentrators. An interface of any other site
/// on it is off site: no frame crosses between sites without a stretch, so its site's part of the segment is an L2
/// domain of its own (NF2012 reports it; the lowering gives the part a segment row of its own, so that the engine
/// delivers nothing between the parts either). A <c>link</c> (a WAN or point-to-point link) joins places by
/// definition, and a segment of the internet (all its ranges of origin internet) is where every site meets it.
/// </summary>
public sealed class SegmentSites(Topology topology)
{
    /// <summary>The off-site interfaces, segment by segment in model order.</summary>
    public IReadOnlyList<OffSiteInterface> OffSite { get; } = Find(topology);

    private static List<OffSiteInterface> Find(Topology topology)
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
        var found = new List<OffSiteInterface>();
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
                found.Add(new OffSiteInterface(iface, site, segment, home, stretch is not null, tunnelled is not null));
            }
        }
        return found;
    }

    private static bool JoinsPlaces(SegmentSymbol segment) =>
        segment.Kind == SegmentKind.Link
        || (segment.Ranges.Count > 0 && segment.Ranges.All(r => r.Origin == RangeOrigin.Internet));

    /// <summary>The outermost site a symbol is declared in, or null.</summary>
    public static SiteSymbol? TopSite(Symbol? symbol)
    {
        SiteSymbol? top = null;
        for (var scope = symbol?.Scope; scope is not null; scope = scope.Scope)
        {
            if (scope is SiteSymbol site) top = site;
        }
        return top;
    }
}
