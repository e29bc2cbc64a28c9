namespace Netflow.Runtime.Rendering;

/// <summary>
/// What the sources say about a network that its table image does not carry, for pictures: descriptions of sites,
/// and the address ranges declared in each site and carried by each segment (as "name prefix" lines). Keyed by
/// qualified name. Empty when a picture is drawn from an image file.
/// </summary>
public sealed class TopologyNotes
{
    public static TopologyNotes None => new();

    public Dictionary<string, string> SiteDescriptions { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<string>> SiteRanges { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<string>> SegmentRanges { get; } = new(StringComparer.Ordinal);
}
