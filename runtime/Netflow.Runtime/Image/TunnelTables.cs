namespace Netflow.Runtime.Image;

/// <summary>
/// One row per tunnel (a mesh when it has more than two endpoints). Endpoints are the rows
/// <c>FirstEndpoint .. FirstEndpoint + EndpointCount</c> of the endpoint table. StretchedSegment is a segment row or -1.
/// </summary>
[ImageTable("TUNS", "tunnel table", "tunnel")]
public sealed class TunnelTable
{
    [StringRow] public int[] Name { get; set; } = [];
    public TunnelKind[] Kind { get; set; } = [];
    public TunnelMode[] Mode { get; set; } = [];
    [RowOf(typeof(SegmentTable), OrNone = true)] public int[] StretchedSegment { get; set; } = [];
    [RangeOf(typeof(TunnelEndpointTable), nameof(EndpointCount))] public int[] FirstEndpoint { get; set; } = [];
    public int[] EndpointCount { get; set; } = [];
    [SourceRow] public int[] Source { get; set; } = [];

    public int Count => Name.Length;
}

/// <summary>
/// A tunnel endpoint: the device that encapsulates and decapsulates, and the underlay address the outer header uses
/// (which may be held by another device that hands it on, as a worker does for a VPN container behind its service).
/// </summary>
[ImageTable("TEPS", "tunnel endpoint table", "tunnel endpoint")]
public sealed class TunnelEndpointTable
{
    [RowOf(typeof(DeviceTable))] public int[] Device { get; set; } = [];
    public uint[] Address { get; set; } = [];

    public int Count => Device.Length;
}
