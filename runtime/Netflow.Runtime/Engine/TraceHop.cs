namespace Netflow.Runtime.Engine;

/// <summary>A device the packet visited, with the steps taken there in order.</summary>
public sealed record TraceHop(int Device, IReadOnlyList<TraceStep> Steps);
