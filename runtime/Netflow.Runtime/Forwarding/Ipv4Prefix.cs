namespace Netflow.Runtime.Forwarding;

/// <summary>Bit arithmetic on IPv4 prefix lengths.</summary>
public static class Ipv4Prefix
{
    /// <summary>The network mask of a prefix length: 0 gives 0.0.0.0, 32 gives 255.255.255.255.</summary>
    /// <remarks>Spelled out because C# masks shift counts to 5 bits: <c>uint.MaxValue &lt;&lt; 32</c> is not 0.</remarks>
    public static uint Mask(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, 32);
        return length == 0 ? 0u : uint.MaxValue << (32 - length);
    }
}
