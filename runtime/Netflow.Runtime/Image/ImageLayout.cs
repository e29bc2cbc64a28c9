using System.Text;

namespace Netflow.Runtime.Image;

/// <summary>
/// The fixed parts of the table image format (docs/table-image.md): magic number, header, and the sections in the
/// order they are written, each with its tag and column count. <see cref="ImageWriter"/> and
/// <see cref="ImageReader"/> both take them from here.
/// </summary>
internal static class ImageLayout
{
    /// <summary>"NETFLOW" and 0x1A (Ctrl-Z, which stops a text-mode type of the file on DOS and Windows).</summary>
    public static ReadOnlySpan<byte> Magic => "NETFLOW\u001A"u8;

    public const int MagicLength = 8;

    /// <summary>Magic (8), format version (int32), image length in bytes including the checksum (int64).</summary>
    public const int HeaderLength = MagicLength + 4 + 8;

    public const int ChecksumLength = 4;

    /// <summary>The largest image the reader accepts and the writer writes.</summary>
    public const long MaxImageLength = ImageFile.MaxLength;

    /// <summary>The largest port a port column may hold (-1 is "any" or "keep").</summary>
    public const int MaxPort = 65_535;

    public static readonly Section Strings = new("STRS", "string table", 1);
    public static readonly Section Sources = new("SRCM", "source map", 3);
    public static readonly Section Devices = new("DEVS", "device table", 9);
    public static readonly Section Interfaces = new("IFCS", "interface table", 6);
    public static readonly Section Segments = new("SEGS", "segment table", 4);
    public static readonly Section Routes = new("ROUT", "route table", 9);
    public static readonly Section SourceNats = new("SNAT", "source NAT table", 8);
    public static readonly Section DestinationNats = new("DNAT", "destination NAT table", 7);
    public static readonly Section NatTargets = new("NTGT", "NAT target table", 3);
    public static readonly Section Tunnels = new("TUNS", "tunnel table", 7);
    public static readonly Section TunnelEndpoints = new("TEPS", "tunnel endpoint table", 2);
    public static readonly Section Dns = new("DNSR", "DNS table", 4);
    public static readonly Section Flows = new("FLOW", "flow table", 13);
    public static readonly Section FlowSteps = new("STEP", "flow step table", 7);

    /// <summary>A section: a 4-byte ASCII tag, the table's name in messages, and how many columns follow its header.</summary>
    internal sealed class Section(string tag, string name, int columns)
    {
        public byte[] Tag { get; } = Encoding.ASCII.GetBytes(tag);
        public string TagText { get; } = tag;
        public string Name { get; } = name;
        public int Columns { get; } = columns;
    }
}
