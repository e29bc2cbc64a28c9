using Netflow.Runtime.Image;

namespace Netflow.Runtime.Engine;

/// <summary>What the fast path answers for a packet: how it ended, where and why, its final header and the hops it took.</summary>
public readonly record struct Outcome(Disposition Disposition, TraceEnd End, PacketHeader Final, int Hops)
{
    /// <summary>The device where the packet ended.</summary>
    public int LastDevice => End.Device;
}
