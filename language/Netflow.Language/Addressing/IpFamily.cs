namespace Netflow.Language.Addressing;

/// <summary>The address family. Only IPv4 is parsed today; the types carry the family so IPv6 can follow.</summary>
public enum IpFamily : byte
{
    V4 = 4,
    V6 = 6,
}
