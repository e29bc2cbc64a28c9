namespace Netflow.Runtime.Image;

/// <summary>One row per interface address. Segment is a segment row or -1 (a guest's link to its host).</summary>
[ImageTable("IFCS", "interface table", "interface")]
public sealed class InterfaceTable
{
    [RowOf(typeof(DeviceTable))] public int[] Device { get; set; } = [];
    [StringRow] public int[] Name { get; set; } = [];
    public uint[] Address { get; set; } = [];
    [RowOf(typeof(SegmentTable), OrNone = true)] public int[] Segment { get; set; } = [];
    public bool[] Shared { get; set; } = [];
    [SourceRow] public int[] Source { get; set; } = [];

    public int Count => Device.Length;
}
