namespace Netflow.Runtime.Image;

/// <summary>
/// A compiled network: everything the forwarding engine needs, as flat tables of columns (struct-of-arrays), with a
/// string table for names and a source map from every row back to the declaration that produced it. Written to disk
/// by <c>ImageWriter</c> and read back by <c>ImageReader</c> (docs/table-image.md).
/// </summary>
public sealed class NetworkImage
{
    /// <summary>The format version this runtime writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>String row 0 is the empty string.</summary>
    public string[] Strings { get; init; } = [""];

    public SourceMap Sources { get; init; } = new();
    public DeviceTable Devices { get; init; } = new();
    public InterfaceTable Interfaces { get; init; } = new();
    public SegmentTable Segments { get; init; } = new();
    public RouteTable Routes { get; init; } = new();
    public SourceNatTable SourceNats { get; init; } = new();
    public DestinationNatTable DestinationNats { get; init; } = new();
    public NatTargetTable NatTargets { get; init; } = new();
    public TunnelTable Tunnels { get; init; } = new();
    public TunnelEndpointTable TunnelEndpoints { get; init; } = new();
    public DnsTable Dns { get; init; } = new();
    public FlowTable Flows { get; init; } = new();
    public FlowStepTable FlowSteps { get; init; } = new();

    public string String(int row) => (uint)row < (uint)Strings.Length ? Strings[row] : "";

    /// <summary>"file(line,col)" of a source row, or empty for row 0.</summary>
    public string Location(int sourceRow) =>
        sourceRow <= 0 || sourceRow >= Sources.Count ? "" : $"{String(Sources.File[sourceRow])}({Sources.Line[sourceRow]},{Sources.Column[sourceRow]})";
}
