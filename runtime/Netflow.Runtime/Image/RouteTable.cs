namespace Netflow.Runtime.Image;

/// <summary>
/// The installed routes (the FIB) of every device, grouped by device and ordered longest prefix first. Several rows
/// with the same device and prefix are equal-cost paths. NextHopDevice, OutInterface and Tunnel are rows or -1.
/// Origin says where the route came from; LearnedFrom is the BGP peer of a learned route, else -1.
/// </summary>
[ImageTable("ROUT", "route table", "route")]
public sealed class RouteTable
{
    [RowOf(typeof(DeviceTable))] public int[] Device { get; set; } = [];
    public uint[] Network { get; set; } = [];
    [PrefixLength] public byte[] Length { get; set; } = [];
    public RouteAction[] Action { get; set; } = [];
    [RowOf(typeof(DeviceTable), OrNone = true)] public int[] NextHopDevice { get; set; } = [];
    public uint[] NextHopAddress { get; set; } = [];
    [RowOf(typeof(InterfaceTable), OrNone = true)] public int[] OutInterface { get; set; } = [];
    [RowOf(typeof(TunnelTable), OrNone = true)] public int[] Tunnel { get; set; } = [];
    [SourceRow] public int[] Source { get; set; } = [];
    public RouteOrigin[] Origin { get; set; } = [];
    [RowOf(typeof(DeviceTable), OrNone = true)] public int[] LearnedFrom { get; set; } = [];

    public int Count => Device.Length;
}
