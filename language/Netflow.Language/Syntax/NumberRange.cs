namespace Netflow.Language.Syntax;

/// <summary>What a number in a clause is and the values it may take: the binder checks against it, NF0006 names it.</summary>
public sealed record NumberRange(string What, long Min, long Max)
{
    /// <summary>A TCP or UDP destination port as written: 0 is reserved, no connection goes to it (the image's -1 is "any").</summary>
    public static readonly NumberRange Port = new("a port", 1, 65535);
    public static readonly NumberRange AsNumber = new("an AS number", 1, uint.MaxValue);
    public static readonly NumberRange VlanId = new("a VLAN id", 1, 4094);
    public static readonly NumberRange VxlanId = new("a VXLAN network identifier", 1, 16_777_215);
    public static readonly NumberRange SegmentId = new("a segment id", 0, int.MaxValue);

    public bool Contains(long value) => value >= Min && value <= Max;
}
