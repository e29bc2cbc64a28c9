namespace Netflow.Runtime.Engine;

/// <summary>What happened at a step of a trace, in Batfish's vocabulary, extended with tunnels and DNS.</summary>
public enum StepKind : byte
{
    Received,
    DnsResolved,
    SourceNat,
    DestinationNat,
    Forwarded,
    Encapsulated,
    Decapsulated,
    Delivered,
    Stopped,

    /// <summary>
    /// A proxy that accepted the connection <c>Before</c> opens a new one of its own, <c>After</c>, to a target (Row: the
    /// proxy rule); <c>Reverse</c>: the reply of that new connection, answered on the accepted connection as <c>After</c>.
    /// </summary>
    Proxied,
}

/// <summary>How a FORWARDED step sent the packet on.</summary>
public enum ForwardKind : byte
{
    /// <summary>By the route row of the step (or, without one, to the device a decapsulation named).</summary>
    Route,

    /// <summary>After a VXLAN or L2-concentrator decapsulation, straight onto the target's segment.</summary>
    Placed,

    /// <summary>This device holds a tunnel's outer address for the device that terminates it (a worker for its VPN container).</summary>
    HandOff,
}
