using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;

namespace Netflow.Lab;

/// <summary>One direction of a flow as one model saw it: the devices in order, how it ended, and where.</summary>
public sealed record PathView(IReadOnlyList<string> Devices, string Disposition)
{
    public string Last => Devices.Count == 0 ? "?" : Devices[^1];

    public override string ToString() => $"{Disposition} at {Last} ({Devices.Count} hops)";
}

/// <summary>
/// A flow run by the engine and by the kernel: both paths (forward and reply), whether they agree, the first differing
/// hop, and the hops the kernel could not check because they lie inside a simulated tunnel.
/// </summary>
public sealed record FlowComparison(
    string Flow,
    PathView Engine,
    PathView Kernel,
    PathView? EngineReply,
    PathView? KernelReply,
    IReadOnlyList<string> Differences,
    IReadOnlyList<string> Simulated,
    int VerifiedHops,
    int SimulatedHops)
{
    public bool Agrees => Differences.Count == 0;

    /// <summary>The first difference, for the table: "hop 4: engine ibm-cloud.bcr, kernel ibm-cloud.xcr".</summary>
    public string FirstDifference => Differences.Count == 0 ? "" : Differences[0];
}

/// <summary>All flows of one lab test.</summary>
public sealed record LabReport(string Lab, IReadOnlyList<FlowComparison> Flows, IReadOnlyList<string> Notes)
{
    public bool Agrees => Flows.All(f => f.Agrees);
    public int VerifiedHops => Flows.Sum(f => f.VerifiedHops);
    public int SimulatedHops => Flows.Sum(f => f.SimulatedHops);
}

/// <summary>The engine's dispositions as the report words them (Batfish's vocabulary), and the kernel's own outcomes.</summary>
public static class DispositionWords
{
    /// <summary>Batfish's spelling, as the engine's renderers say it (one vocabulary: <see cref="Words"/>).</summary>
    public static string Of(Disposition d) => Words.Of(d);

    /// <summary>The kernel delivered the packet to a namespace where nothing listens (a TCP reset or ICMP port unreachable).</summary>
    public static readonly string Refused = Words.Of(Disposition.DeniedIn);
}
