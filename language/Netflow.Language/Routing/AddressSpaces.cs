using Netflow.Language.Binding;
using QuikGraph.Collections;

namespace Netflow.Language.Routing;

/// <summary>
/// Address spaces, computed rather than declared: two segments share one when packets pass between them without
/// address translation. They are the connected components of a graph whose vertices are segments and whose edges are
/// the devices and tunnels that join them, except where the device source-NATs traffic of one of the two segments: that
/// hop translates, so it is a cut. Reusing a private range on both sides of such a cut is legal. The components come
/// from QuikGraph's disjoint-set forest (union-find): near-linear, and iterative, so a network of a hundred thousand
/// segments in one component cannot exhaust the stack as a recursive depth-first search would.
/// </summary>
public sealed class AddressSpaces
{
    private readonly Dictionary<SegmentSymbol, int> _componentOf;

    public AddressSpaces(Topology topology)
    {
        var sets = new ForestDisjointSet<SegmentSymbol>(topology.Model.Segments.Count);
        foreach (var segment in topology.Model.Segments) sets.MakeSet(segment);

        foreach (var device in topology.Model.Devices)
        {
            var segments = device.Interfaces.Select(i => i.Segment).OfType<SegmentSymbol>().Distinct().ToList();
            for (var i = 0; i < segments.Count; i++)
            {
                for (var j = i + 1; j < segments.Count; j++)
                {
                    if (!Translates(device, segments[i]) && !Translates(device, segments[j]))
                    {
                        sets.Union(segments[i], segments[j]);
                    }
                }
            }
        }
        // A tunnel carries packets unchanged between its endpoints' networks; a stretched segment is one L2 domain.
        foreach (var tunnel in topology.Model.Tunnels.Where(t => t.Kind is TunnelKind.Ipsec or TunnelKind.L2))
        {
            var segments = tunnel.Endpoints.Select(topology.DeviceOf).OfType<DeviceSymbol>()
                .SelectMany(d => d.Interfaces.Select(i => i.Segment)).OfType<SegmentSymbol>().Distinct().ToList();
            for (var i = 1; i < segments.Count; i++) sets.Union(segments[0], segments[i]);
        }

        _componentOf = new Dictionary<SegmentSymbol, int>(ReferenceEqualityComparer.Instance);
        var numbers = new Dictionary<SegmentSymbol, int>(ReferenceEqualityComparer.Instance);
        foreach (var segment in topology.Model.Segments)
        {
            var root = sets.FindSet(segment);
            if (!numbers.TryGetValue(root, out var number)) numbers[root] = number = numbers.Count;
            _componentOf[segment] = number;
        }
    }

    /// <summary>The address space of a segment: an opaque number, equal for segments that share one.</summary>
    public int Of(SegmentSymbol segment) => _componentOf[segment];

    /// <summary>A short description of a space for messages: the segments in it, a few by name.</summary>
    public string Describe(int space)
    {
        var names = _componentOf.Where(p => p.Value == space).Select(p => p.Key.Name).Order(StringComparer.Ordinal).ToList();
        return names.Count <= 3
            ? "segments " + string.Join(", ", names)
            : $"segments {string.Join(", ", names.Take(3))} and {names.Count - 3} more";
    }

    private static bool Translates(DeviceSymbol device, SegmentSymbol segment) =>
        device.SourceNats.Any(nat => nat.Match.IsAny
            || segment.Ranges.Any(r => r.Prefix is { } prefix && nat.Match.Prefix!.Value.Overlaps(prefix)));
}
