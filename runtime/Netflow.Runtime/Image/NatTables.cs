namespace Netflow.Runtime.Image;

/// <summary>
/// Source NAT rules, per device in declaration order (the first match wins). A match or toward prefix of length 0
/// matches any address. Target: an address, the first address of a pool, or the egress interface's address. A rule
/// leaves alone the destinations in its except prefix (length 0: no exception).
/// </summary>
[ImageTable("SNAT", "source NAT table", "source NAT rule")]
public sealed class SourceNatTable
{
    [RowOf(typeof(DeviceTable))] public int[] Device { get; set; } = [];
    public uint[] MatchNetwork { get; set; } = [];
    [PrefixLength] public byte[] MatchLength { get; set; } = [];
    public uint[] TowardNetwork { get; set; } = [];
    [PrefixLength] public byte[] TowardLength { get; set; } = [];
    public SourceNatTarget[] Target { get; set; } = [];
    public uint[] TargetAddress { get; set; } = [];
    [SourceRow] public int[] Source { get; set; } = [];
    public uint[] ExceptNetwork { get; set; } = [];
    [PrefixLength] public byte[] ExceptLength { get; set; } = [];

    public int Count => Device.Length;
}

/// <summary>
/// Destination NAT rules, per device in declaration order: a destination address, an optional port (-1 for any) and
/// protocol, sent to one of the targets <c>FirstTarget .. FirstTarget + TargetCount</c> of the target table in the way
/// <c>Kind</c> says: rewritten (a <c>dnat</c> line), rewritten by kube-proxy (a service's rule, which also masquerades
/// the source to the node's address unless it lies in <c>PodNetwork/PodLength</c>, the cluster's pod network; length 0:
/// always), or proxied (the device accepts and opens a new connection). <c>Owner</c>: the device that declared the rule
/// (the service of a kube-proxy rule; the device itself otherwise).
/// </summary>
[ImageTable("DNAT", "destination NAT table", "destination NAT rule")]
public sealed class DestinationNatTable
{
    [RowOf(typeof(DeviceTable))] public int[] Device { get; set; } = [];
    public uint[] Address { get; set; } = [];
    [Port] public int[] Port { get; set; } = [];
    public Protocol[] Protocol { get; set; } = [];
    [RangeOf(typeof(NatTargetTable), nameof(TargetCount))] public int[] FirstTarget { get; set; } = [];
    public int[] TargetCount { get; set; } = [];
    [SourceRow] public int[] Source { get; set; } = [];
    public DestinationNatKind[] Kind { get; set; } = [];
    public uint[] PodNetwork { get; set; } = [];
    [PrefixLength] public byte[] PodLength { get; set; } = [];
    [RowOf(typeof(DeviceTable))] public int[] Owner { get; set; } = [];

    public int Count => Device.Length;
}

/// <summary>A destination NAT target: the new address (and port, -1 to keep it) and the device it belongs to (or -1).</summary>
[ImageTable("NTGT", "NAT target table", "NAT target")]
public sealed class NatTargetTable
{
    public uint[] Address { get; set; } = [];
    [Port] public int[] Port { get; set; } = [];
    [RowOf(typeof(DeviceTable), OrNone = true)] public int[] Device { get; set; } = [];

    public int Count => Address.Length;
}
