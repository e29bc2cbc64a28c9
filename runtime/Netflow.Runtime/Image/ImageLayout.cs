using System.Text;

namespace Netflow.Runtime.Image;

/// <summary>
/// The fixed parts of the table image format (docs/table-image.md): magic number, header, checksum and the string
/// table's section; <see cref="ImageSchema"/> has the other sections. <see cref="ImageWriter"/> and
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

    /// <summary>The strings' encoding: UTF-8 without a byte order mark, refusing what is not UTF-8 (or, written, UTF-16).</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The string table, written first with its one column; the other sections are <see cref="ImageSchema.Tables"/>.</summary>
    public const string StringsTag = "STRS", StringsName = "string table";
}
