namespace Netflow.Runtime.Image;

/// <summary>DNS records: host name (lower case, a string row), address, and the DNS server that holds the record.</summary>
[ImageTable("DNSR", "DNS table", "DNS record")]
public sealed class DnsTable
{
    [StringRow] public int[] Name { get; set; } = [];
    public uint[] Address { get; set; } = [];
    [RowOf(typeof(DeviceTable))] public int[] Server { get; set; } = [];
    [SourceRow] public int[] Source { get; set; } = [];

    public int Count => Name.Length;
}
