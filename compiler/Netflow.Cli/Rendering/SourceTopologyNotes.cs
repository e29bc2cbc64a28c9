using Netflow.Language;
using Netflow.Language.Binding;
using Netflow.Runtime.Rendering;

namespace Netflow.Cli.Rendering;

/// <summary>What a picture shows from the sources beyond the image: site descriptions, and ranges where they belong.</summary>
internal static class SourceTopologyNotes
{
    public static TopologyNotes From(Compilation compilation)
    {
        var notes = new TopologyNotes();
        var model = compilation.Model;
        foreach (var site in model.Sites)
        {
            // A site may be declared in several files; the first description wins.
            if (site.Description is { Length: > 0 } description) notes.SiteDescriptions.TryAdd(site.QualifiedName, description);
        }
        var carried = new HashSet<RangeSymbol>();
        foreach (var segment in model.Segments)
        {
            carried.UnionWith(segment.Ranges);
            notes.SegmentRanges[segment.QualifiedName] = [.. segment.Ranges.Select(Line)];
        }
        foreach (var range in model.Ranges)
        {
            // A site lists its outermost ranges that no segment carries (pod and service networks, provider blocks).
            if (range.Scope is not SiteSymbol site || carried.Contains(range) || range.Parent?.Scope == range.Scope) continue;
            if (!notes.SiteRanges.TryGetValue(site.QualifiedName, out var lines)) notes.SiteRanges[site.QualifiedName] = lines = [];
            lines.Add(Line(range) + " " + Origin(range.Origin));
        }
        return notes;
    }

    private static string Line(RangeSymbol range) => $"{range.Name} {range.Prefix}";

    // The keyword the file spelled it with (the first, where two spell one origin).
    private static string Origin(RangeOrigin origin) => Keywords.Origins.First(pair => pair.Value == origin).Key;
}
