namespace Netflow.Runtime.Image;

/// <summary>
/// What each device listens on, so accepts: a protocol (Any: every protocol) and a port (-1: every port), per device.
/// A packet to an address a device holds is accepted only when one of the device's rows matches it. Rows come from
/// <c>serves</c> lines and from the defaults of a device's kind (docs/execution.md); Source is the line or the device.
/// </summary>
[ImageTable("LSTN", "listener table", "listener")]
public sealed class ListenerTable
{
    [RowOf(typeof(DeviceTable))] public int[] Device { get; set; } = [];
    public Protocol[] Protocol { get; set; } = [];
    [Port] public int[] Port { get; set; } = [];
    [SourceRow] public int[] Source { get; set; } = [];

    public int Count => Device.Length;
}
