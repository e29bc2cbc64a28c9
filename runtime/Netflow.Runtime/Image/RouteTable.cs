namespace Netflow.Runtime.Image;

/// <summary>
/// The installed routes (the FIB) of every device, grouped by device and ordered longest prefix first. Several rows
/// with the same device and prefix are equal-cost paths. NextHopDevice, OutInterface and Tunnel are rows or -1.
/// </summary>
public sealed class RouteTable
{
    public int[] Device { get; init; } = [];
    public uint[] Network { get; init; } = [];
    public byte[] Length { get; init; } = [];
    public RouteAction[] Action { get; init; } = [];
    public int[] NextHopDevice { get; init; } = [];
    public uint[] NextHopAddress { get; init; } = [];
    public int[] OutInterface { get; init; } = [];
    public int[] Tunnel { get; init; } = [];
    public int[] Source { get; init; } = [];

    public int Count => Device.Length;
}
