using Netflow.Runtime.Image;

namespace Netflow.Runtime.Engine;

/// <summary>An outer header: the kind of encapsulation and its underlay addresses.</summary>
public readonly record struct OuterHeader(TunnelKind Kind, uint Source, uint Destination);

/// <summary>
/// One action at a hop, as data: what it was, the device it names, the table row that decided it, the headers before
/// and after it, the outer header in play, and the source row of the declaration. The words are the renderers' job
/// (<see cref="Rendering.TraceWords"/>).
/// </summary>
/// <remarks>
/// <see cref="Row"/> indexes the table the kind implies: the route table for FORWARDED, the NAT rule table for a NAT
/// step made by a rule, the tunnel table for a tunnel's encapsulation (with <see cref="Route"/> the route that entered it), the DNS table for DNS_RESOLVED, the listener
/// table for DELIVERED; -1 when no row decided it.
/// </remarks>
public readonly record struct TraceStep(StepKind Kind, int SourceRow)
{
    /// <summary>The device the step names (the next hop forwarded to, the NAT target, the DNS server), or -1.</summary>
    public int Device { get; init; } = -1;

    /// <summary>The row of the table <see cref="Kind"/> implies that decided the step, or -1.</summary>
    public int Row { get; init; } = -1;

    /// <summary>The inner header before the step (the packet as received or forwarded, or before a NAT).</summary>
    public PacketHeader? Before { get; init; }

    /// <summary>The inner header after a NAT step.</summary>
    public PacketHeader? After { get; init; }

    /// <summary>The outer header pushed or popped (ENCAPSULATED, DECAPSULATED), or the outermost one a packet travels in.</summary>
    public OuterHeader? Outer { get; init; }

    /// <summary>The encapsulation kind of an ENCAPSULATED or DECAPSULATED step.</summary>
    public TunnelKind? Encapsulation => Kind is StepKind.Encapsulated or StepKind.Decapsulated ? Outer?.Kind : null;

    public uint OuterSource => Outer?.Source ?? 0;
    public uint OuterDestination => Outer?.Destination ?? 0;

    /// <summary>A NAT step made by an existing session (a later packet of a known connection), not by a rule.</summary>
    public bool Session { get; init; }

    /// <summary>A session step that translated a packet flowing against the connection's first packet (a reply).</summary>
    public bool Reverse { get; init; }

    /// <summary>How a FORWARDED step sent the packet on.</summary>
    public ForwardKind How { get; init; }

    /// <summary>The device a FORWARDED frame goes through first (the host that encapsulates, the worker of a guest), or -1.</summary>
    public int Through { get; init; } = -1;

    /// <summary>The overlay a FORWARDED frame takes through <see cref="Through"/>, if any.</summary>
    public TunnelKind? Overlay { get; init; }

    /// <summary>The address the step produced (a DNS answer, a translated address), or 0.</summary>
    public uint Address { get; init; }

    /// <summary>
    /// The route row that sent the packet into an ENCAPSULATED step's tunnel (a route via an IPsec or IP-in-IP tunnel),
    /// or -1 where no route decided it (VXLAN and L2 overlays follow from placement).
    /// </summary>
    public int Route { get; init; } = -1;

    /// <summary>The route row that decided a forwarding decision: a FORWARDED step's by a route, or the route into an ENCAPSULATED step's tunnel; -1 otherwise.</summary>
    public int DecidingRoute => Kind switch
    {
        StepKind.Forwarded when How == ForwardKind.Route => Row,
        StepKind.Encapsulated => Route,
        _ => -1,
    };
}
