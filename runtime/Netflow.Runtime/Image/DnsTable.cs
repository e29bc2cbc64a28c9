namespace Netflow.Runtime.Image;

/// <summary>DNS records: host name (lower case, a string row), address, and the DNS server that holds the record.</summary>
public sealed class DnsTable
{
    public int[] Name { get; init; } = [];
    public uint[] Address { get; init; } = [];
    public int[] Server { get; init; } = [];
    public int[] Source { get; init; } = [];

    public int Count => Name.Length;
}
