using Netflow.Runtime.Image;

namespace Netflow.Runtime.Engine;

/// <summary>
/// One action at a hop: what it was, a sentence describing it, the packet header before and after (for NAT), the
/// encapsulation kind and outer addresses (for tunnels), and the source row of the declaration that made it happen.
/// </summary>
public sealed record TraceStep(StepKind Kind, string Detail, int SourceRow)
{
    public PacketHeader? Before { get; init; }
    public PacketHeader? After { get; init; }
    public TunnelKind? Encapsulation { get; init; }
    public uint OuterSource { get; init; }
    public uint OuterDestination { get; init; }

    /// <summary>A NAT step that undoes a forward translation for a reply, rather than a rule firing.</summary>
    public bool Reverse { get; init; }

    /// <summary>The device the step names (the next hop forwarded to, the NAT target), or -1.</summary>
    public int Device { get; init; } = -1;

    /// <summary>The address the step produced (a DNS answer, a translated address), or 0.</summary>
    public uint Address { get; init; }
}
