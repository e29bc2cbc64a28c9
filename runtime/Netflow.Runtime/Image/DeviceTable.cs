namespace Netflow.Runtime.Image;

/// <summary>
/// One row per device. Routes of a device are the rows <c>FirstRoute .. FirstRoute + RouteCount</c> of the route table,
/// longest prefix first. Host and Resolver are device rows or -1.
/// </summary>
[ImageTable("DEVS", "device table", "device")]
public sealed class DeviceTable
{
    [StringRow] public int[] Name { get; set; } = [];
    [StringRow] public int[] Description { get; set; } = [];
    public DeviceKind[] Kind { get; set; } = [];
    [RowOf(typeof(DeviceTable), OrNone = true)] public int[] Host { get; set; } = [];
    [StringRow] public int[] Site { get; set; } = [];
    [RowOf(typeof(DeviceTable), OrNone = true)] public int[] Resolver { get; set; } = [];
    [RangeOf(typeof(RouteTable), nameof(RouteCount), Owner = nameof(RouteTable.Device))] public int[] FirstRoute { get; set; } = [];
    public int[] RouteCount { get; set; } = [];
    [SourceRow] public int[] Source { get; set; } = [];

    public int Count => Name.Length;
}
