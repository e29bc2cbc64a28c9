namespace Netflow.Runtime.Image;

/// <summary>
/// One row per device. Routes of a device are the rows <c>FirstRoute .. FirstRoute + RouteCount</c> of the route table,
/// longest prefix first. Host and Resolver are device rows or -1.
/// </summary>
public sealed class DeviceTable
{
    public int[] Name { get; init; } = [];
    public int[] Description { get; init; } = [];
    public DeviceKind[] Kind { get; init; } = [];
    public int[] Host { get; init; } = [];
    public int[] Site { get; init; } = [];
    public int[] Resolver { get; init; } = [];
    public int[] FirstRoute { get; init; } = [];
    public int[] RouteCount { get; init; } = [];
    public int[] Source { get; init; } = [];

    public int Count => Name.Length;
}
