namespace Netflow.Runtime.Image;

/// <summary>
/// The declared flows: source device, destination (a host name to resolve, an address, or a device), port and protocol,
/// the expected disposition, and the expected steps <c>FirstStep .. FirstStep + StepCount</c> of the step table.
/// </summary>
public sealed class FlowTable
{
    public int[] Name { get; init; } = [];
    public int[] Title { get; init; } = [];
    public int[] SourceDevice { get; init; } = [];
    public FlowDestinationKind[] DestinationKind { get; init; } = [];
    public int[] DestinationName { get; init; } = [];
    public uint[] DestinationAddress { get; init; } = [];
    public int[] DestinationDevice { get; init; } = [];
    public int[] Port { get; init; } = [];
    public Protocol[] Protocol { get; init; } = [];
    public Disposition[] Expected { get; init; } = [];
    public int[] FirstStep { get; init; } = [];
    public int[] StepCount { get; init; } = [];
    public int[] Source { get; init; } = [];

    public int Count => Name.Length;
}

/// <summary>
/// An expected step of a flow: a device to pass, or a fact. Device is a device row or -1; Address an address the fact
/// names (0 for none) or ArgumentDevice a device it names; Encapsulation the kind for encapsulation facts.
/// </summary>
public sealed class FlowStepTable
{
    public WaypointKind[] Kind { get; init; } = [];
    public int[] Device { get; init; } = [];
    public TunnelKind[] Encapsulation { get; init; } = [];
    public uint[] Address { get; init; } = [];
    public int[] ArgumentDevice { get; init; } = [];
    public int[] Text { get; init; } = [];
    public int[] Source { get; init; } = [];

    public int Count => Kind.Length;
}
