using Netflow.Runtime.Image;

namespace Netflow.Runtime.Engine;

/// <summary>An outer header pushed by an encapsulation, with what its terminator does after popping it.</summary>
/// <param name="Terminator">The device that decapsulates.</param>
/// <param name="L2Target">The device the inner frame is placed on a segment for after decapsulation (VXLAN, L2), or -1.</param>
/// <param name="Segment">The segment <paramref name="L2Target"/> is reached on, or -1.</param>
/// <param name="Tunnel">The tunnel row that made it, or -1 for a segment's VXLAN.</param>
internal readonly record struct Outer(OuterHeader Header, int Terminator, int L2Target, int Segment, int SourceRow, int Tunnel = -1)
{
    public uint Destination => Header.Destination;
}

/// <summary>The outer headers of a packet, outermost first; immutable, so a loop key can hold it and compare by value.</summary>
internal sealed record OuterStack(Outer Top, OuterStack? Below, int Depth)
{
    public bool Contains(int tunnel) => Top.Tunnel == tunnel || (Below?.Contains(tunnel) ?? false);
}

/// <summary>The state of one packet in flight, which every stage of the pipeline reads and updates.</summary>
internal struct PacketState
{
    public int Device;
    public int Previous;
    public PacketHeader Inner;
    public OuterStack? Outers;

    /// <summary>An encapsulation the device that receives the packet must push (a VTEP for its VM, an L2 concentrator).</summary>
    public Outer? Pending;

    /// <summary>The first packet of a connection: NAT rules may fire. Every later packet is translated by sessions only.</summary>
    public bool Opens;

    /// <summary>A session translated the packet at this device (so no rule fires here either).</summary>
    public bool SessionHere;

    /// <summary>
    /// A kube-proxy rule translated the packet at this device, from a source outside the cluster's pod network: it leaves
    /// with the node's address as its source (externalTrafficPolicy Cluster). The source row of that rule, or 0.
    /// </summary>
    public int MasqueradeSource;

    /// <summary>The hypervisor host whose kernel runs this hop: a distributed router routes on the sender's host.</summary>
    public int KernelHost;

    /// <summary>The device a hypervisor host passes the frame to without routing it (its guest, or the guest's neighbour), or -1.</summary>
    public int HandTo;

    /// <summary>The segment <see cref="HandTo"/> is reached on.</summary>
    public int HandSegment;

    /// <summary>A tunnel this packet never enters: a gateway's own IKE packets bypass the tunnel they negotiate.</summary>
    public int Bypass;

    public readonly uint Destination => Outers?.Top.Destination ?? Inner.Destination;
}

/// <summary>What a hop of the packet is, for loop detection: the same key twice is a forwarding loop.</summary>
internal readonly record struct LoopKey(int Device, PacketHeader Inner, OuterStack? Outers, Outer? Pending, int KernelHost, int HandTo);

/// <summary>Where a hop sends the packet, or how the trace ends there.</summary>
internal readonly record struct Decision(int Next, int RouteRow, int Segment, ForwardKind How, TraceEnd? End = null)
{
    public static Decision Stop(EndKind kind, int device, uint address = 0, int row = -1) => new(-1, row, -1, ForwardKind.Route, new TraceEnd(kind, device, address, row));
}

/// <summary>A packet that must get through, outside <paramref name="Tunnel"/>, from one endpoint's device to another's, for the tunnel to work.</summary>
public readonly record struct TunnelProbe(int Tunnel, int From, int To, PacketHeader Header);
