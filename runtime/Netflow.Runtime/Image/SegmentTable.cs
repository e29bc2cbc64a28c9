namespace Netflow.Runtime.Image;

/// <summary>One row per segment (L2 domain).</summary>
[ImageTable("SEGS", "segment table", "segment")]
public sealed class SegmentTable
{
    [StringRow] public int[] Name { get; set; } = [];
    public SegmentKind[] Kind { get; set; } = [];
    public int[] Id { get; set; } = [];
    [SourceRow] public int[] Source { get; set; } = [];

    public int Count => Name.Length;
}
