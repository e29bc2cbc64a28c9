namespace Netflow.Runtime.Image;

/// <summary>
/// Source NAT rules, per device in declaration order (the first match wins). A match or toward prefix of length 0
/// matches any address. Target: an address, the first address of a pool, or the egress interface's address.
/// </summary>
public sealed class SourceNatTable
{
    public int[] Device { get; init; } = [];
    public uint[] MatchNetwork { get; init; } = [];
    public byte[] MatchLength { get; init; } = [];
    public uint[] TowardNetwork { get; init; } = [];
    public byte[] TowardLength { get; init; } = [];
    public SourceNatTarget[] Target { get; init; } = [];
    public uint[] TargetAddress { get; init; } = [];
    public int[] Source { get; init; } = [];

    public int Count => Device.Length;
}

/// <summary>
/// Destination NAT rules, per device in declaration order: a destination address, an optional port (-1 for any) and
/// protocol, translated to one of the targets <c>FirstTarget .. FirstTarget + TargetCount</c> of the target table.
/// </summary>
public sealed class DestinationNatTable
{
    public int[] Device { get; init; } = [];
    public uint[] Address { get; init; } = [];
    public int[] Port { get; init; } = [];
    public Protocol[] Protocol { get; init; } = [];
    public int[] FirstTarget { get; init; } = [];
    public int[] TargetCount { get; init; } = [];
    public int[] Source { get; init; } = [];

    public int Count => Device.Length;
}

/// <summary>A destination NAT target: the new address (and port, -1 to keep it) and the device it belongs to (or -1).</summary>
public sealed class NatTargetTable
{
    public uint[] Address { get; init; } = [];
    public int[] Port { get; init; } = [];
    public int[] Device { get; init; } = [];

    public int Count => Address.Length;
}
