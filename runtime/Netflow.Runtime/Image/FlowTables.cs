namespace Netflow.Runtime.Image;

/// <summary>
/// The declared flows: source device, destination (a host name to resolve, an address, or a device), port and protocol,
/// the expected disposition and the workload that must accept it (or -1), and the expected steps <c>FirstStep .. FirstStep + StepCount</c> of the step table.
/// </summary>
[ImageTable("FLOW", "flow table", "flow")]
public sealed class FlowTable
{
    [StringRow] public int[] Name { get; set; } = [];
    [StringRow] public int[] Title { get; set; } = [];
    [RowOf(typeof(DeviceTable))] public int[] SourceDevice { get; set; } = [];
    public FlowDestinationKind[] DestinationKind { get; set; } = [];
    [StringRow] public int[] DestinationName { get; set; } = [];
    public uint[] DestinationAddress { get; set; } = [];
    [RowOf(typeof(DeviceTable), OrNone = true)] public int[] DestinationDevice { get; set; } = [];
    [Port] public int[] Port { get; set; } = [];
    public Protocol[] Protocol { get; set; } = [];
    public Disposition[] Expected { get; set; } = [];
    [RowOf(typeof(DeviceTable), OrNone = true)] public int[] AcceptedBy { get; set; } = [];
    [RangeOf(typeof(FlowStepTable), nameof(StepCount))] public int[] FirstStep { get; set; } = [];
    public int[] StepCount { get; set; } = [];
    [SourceRow] public int[] Source { get; set; } = [];

    public int Count => Name.Length;
}

/// <summary>
/// An expected step of a flow: a device to pass, or a fact. Device is a device row or -1; Address an address the fact
/// names (0 for none) or ArgumentDevice a device it names; Encapsulation the kind for encapsulation facts.
/// </summary>
[ImageTable("STEP", "flow step table", "flow step")]
public sealed class FlowStepTable
{
    public WaypointKind[] Kind { get; set; } = [];
    [RowOf(typeof(DeviceTable), OrNone = true)] public int[] Device { get; set; } = [];
    public TunnelKind[] Encapsulation { get; set; } = [];
    public uint[] Address { get; set; } = [];
    [RowOf(typeof(DeviceTable), OrNone = true)] public int[] ArgumentDevice { get; set; } = [];
    [StringRow] public int[] Text { get; set; } = [];
    [SourceRow] public int[] Source { get; set; } = [];

    public int Count => Kind.Length;
}
