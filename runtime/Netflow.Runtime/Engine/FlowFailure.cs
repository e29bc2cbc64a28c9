using Netflow.Runtime.Image;

namespace Netflow.Runtime.Engine;

/// <summary>An expectation of a flow that did not hold, as data: <see cref="Rendering.FlowWords"/> says it in words.</summary>
public abstract record FlowFailure;

/// <summary>The packet ended otherwise than the flow expects.</summary>
public sealed record WrongDisposition(Disposition Expected, Trace Trace) : FlowFailure;

/// <summary>The packet was encapsulated in a kind a <c>never</c> line forbids.</summary>
public sealed record ForbiddenEncapsulation(TunnelKind Kind) : FlowFailure;

/// <summary>
/// The waypoint of flow step row <paramref name="Step"/> did not follow <paramref name="After"/> (a device the trace
/// reached, with the step there; null: the start); <paramref name="TraceEnded"/> when nothing followed it at all.
/// </summary>
public sealed record MissingWaypoint(int Step, (int Device, TraceStep? Step)? After, bool TraceEnded) : FlowFailure;

/// <summary>The packet was accepted by <paramref name="Device"/>, not by the flow's destination <paramref name="Expected"/>.</summary>
public sealed record AcceptedByAnother(int Device, int Expected) : FlowFailure;

/// <summary>The reply did not get back to the flow's source (<paramref name="Reply"/> null: none was sent).</summary>
public sealed record ReplyLost(int Source, Trace? Reply) : FlowFailure;

/// <summary>The reply arrived with other addresses or ports than the source expects: a NAT on the way is not undone.</summary>
public sealed record ReplyNotUndone(PacketHeader Arrived, PacketHeader Expected) : FlowFailure;
