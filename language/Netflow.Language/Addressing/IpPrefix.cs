namespace Netflow.Language.Addressing;

/// <summary>
/// An address and a prefix length as written. <see cref="Network"/> is the canonical network; a prefix written with host
/// bits set keeps its written address so that the checker can point at it (NF2002).
/// </summary>
public readonly record struct IpPrefix(IpAddress Address, int Length)
{
    public static IpPrefix DefaultV4 { get; } = new(IpAddress.V4(0), 0);

    public IpFamily Family => Address.Family;

    private UInt128 HostMask => Length >= Address.BitLength ? UInt128.Zero : (UInt128.One << (Address.BitLength - Length)) - 1;

    public IpAddress Network => new(Family, Address.Value & ~HostMask);

    /// <summary>The last address of the prefix (the broadcast address for IPv4 subnets).</summary>
    public IpAddress Last => new(Family, Network.Value | HostMask);

    public bool HasHostBits => (Address.Value & HostMask) != 0;

    public IpPrefix Canonical => new(Network, Length);

    public bool Contains(IpAddress address) =>
        address.Family == Family && address.Value >= Network.Value && address.Value <= Last.Value;

    public bool Contains(IpPrefix other) => other.Length >= Length && Contains(other.Network);

    public bool Overlaps(IpPrefix other) => Contains(other.Network) || other.Contains(Network);

    public override string ToString() => $"{Address}/{Length}";
}
