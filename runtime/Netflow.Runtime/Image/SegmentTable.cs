namespace Netflow.Runtime.Image;

/// <summary>One row per segment (L2 domain).</summary>
public sealed class SegmentTable
{
    public int[] Name { get; init; } = [];
    public SegmentKind[] Kind { get; init; } = [];
    public int[] Id { get; init; } = [];
    public int[] Source { get; init; } = [];

    public int Count => Name.Length;
}
