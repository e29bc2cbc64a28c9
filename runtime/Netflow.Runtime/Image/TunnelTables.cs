namespace Netflow.Runtime.Image;

/// <summary>
/// One row per tunnel (a mesh when it has more than two endpoints). Endpoints are the rows
/// <c>FirstEndpoint .. FirstEndpoint + EndpointCount</c> of the endpoint table. StretchedSegment is a segment row or -1.
/// </summary>
public sealed class TunnelTable
{
    public int[] Name { get; init; } = [];
    public TunnelKind[] Kind { get; init; } = [];
    public TunnelMode[] Mode { get; init; } = [];
    public int[] StretchedSegment { get; init; } = [];
    public int[] FirstEndpoint { get; init; } = [];
    public int[] EndpointCount { get; init; } = [];
    public int[] Source { get; init; } = [];

    public int Count => Name.Length;
}

/// <summary>
/// A tunnel endpoint: the device that encapsulates and decapsulates, and the underlay address the outer header uses
/// (which may be held by another device that hands it on, as a worker does for a VPN container behind its service).
/// </summary>
public sealed class TunnelEndpointTable
{
    public int[] Device { get; init; } = [];
    public uint[] Address { get; init; } = [];

    public int Count => Device.Length;
}
