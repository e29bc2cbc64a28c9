namespace Netflow.Runtime.Forwarding;

/// <summary>
/// One IPv4 route of a forwarding table: destinations within <see cref="Prefix"/>/<see cref="Length"/> go to the
/// next hop numbered <see cref="Value"/>. Host bits of the prefix beyond the length are ignored, as in DPDK's
/// rte_lpm, so 10.1.2.3/8 means 10.0.0.0/8.
/// </summary>
/// <param name="Prefix">The network address, most significant byte first (10.0.0.0 is 0x0A000000).</param>
/// <param name="Length">The prefix length, 0 (the default route) to 32 (a host route).</param>
/// <param name="Value">The next-hop index, 0 or more; -1 is reserved for "no route".</param>
public readonly record struct Ipv4Route(uint Prefix, int Length, int Value)
{
    /// <summary>The first address the route covers.</summary>
    public uint FirstAddress => Prefix & Ipv4Prefix.Mask(Length);

    /// <summary>The last address the route covers.</summary>
    public uint LastAddress => FirstAddress | ~Ipv4Prefix.Mask(Length);
}
