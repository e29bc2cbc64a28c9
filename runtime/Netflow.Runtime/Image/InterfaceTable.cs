namespace Netflow.Runtime.Image;

/// <summary>One row per interface address. Segment is a segment row or -1 (a guest's link to its host).</summary>
public sealed class InterfaceTable
{
    public int[] Device { get; init; } = [];
    public int[] Name { get; init; } = [];
    public uint[] Address { get; init; } = [];
    public int[] Segment { get; init; } = [];
    public bool[] Shared { get; init; } = [];
    public int[] Source { get; init; } = [];

    public int Count => Device.Length;
}
