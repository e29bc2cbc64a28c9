using System.Buffers.Binary;
using System.Text;
using Netflow.Runtime.Image;

namespace Netflow.Runtime.Tests.Image;

/// <summary>Images as bytes: write, read, find a section, patch a value and reseal the checksum.</summary>
internal static class ImageBytes
{
    public const int VersionOffset = 8;
    public const int LengthOffset = 12;
    public const int HeaderLength = 20;

    /// <summary>The tags of the sections in the order they are written (docs/table-image.md).</summary>
    public static readonly string[] Tags = [.. TableImageDoc.Sections.Select(s => s.Tag)];

    public static byte[] Write(NetworkImage image)
    {
        using var stream = new MemoryStream();
        ImageWriter.Write(image, stream);
        return stream.ToArray();
    }

    public static NetworkImage Read(byte[] bytes) => ImageReader.Read(new MemoryStream(bytes, writable: false));

    /// <summary>The offset of a section's tag: the section header is tag, row count, column count; then the columns.</summary>
    public static int Section(byte[] bytes, string tag)
    {
        int offset = HeaderLength;
        foreach (string t in Tags)
        {
            if (t == tag)
            {
                Encoding.ASCII.GetString(bytes, offset, 4).ShouldBe(tag);
                return offset;
            }

            offset = SkipSection(bytes, offset, t);
        }

        throw new ArgumentException($"no section {tag}");
    }

    /// <summary>The offset after a section, walking its columns (element sizes from the format).</summary>
    private static int SkipSection(byte[] bytes, int offset, string tag)
    {
        Encoding.ASCII.GetString(bytes, offset, 4).ShouldBe(tag);
        int columns = Int32(bytes, offset + 8);
        offset += 12;
        if (tag == "STRS")
        {
            int count = Int32(bytes, offset);
            offset += 4;
            for (int i = 0; i < count; i++)
            {
                offset += 4 + Int32(bytes, offset);
            }

            return offset;
        }

        var documented = TableImageDoc.Sections.Single(s => s.Tag == tag).Columns;
        documented.Count.ShouldBe(columns);
        foreach (var column in documented)
        {
            offset += 4 + (column.ValueSize * Int32(bytes, offset));
        }

        return offset;
    }

    public static int Int32(byte[] bytes, int offset) => BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset));

    /// <summary>A copy with an int32 replaced and the checksum recomputed, so that only the patch is wrong.</summary>
    public static byte[] PatchInt32(byte[] bytes, int offset, int value)
    {
        var copy = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(offset), value);
        return Reseal(copy);
    }

    public static byte[] PatchByte(byte[] bytes, int offset, byte value)
    {
        var copy = (byte[])bytes.Clone();
        copy[offset] = value;
        return Reseal(copy);
    }

    /// <summary>Recomputes the trailing CRC-32 in place.</summary>
    public static byte[] Reseal(byte[] bytes)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4), Crc32Oracle.Compute(bytes.AsSpan(0, bytes.Length - 4)));
        return bytes;
    }
}
