using System.Text;

namespace Netflow.Runtime.Image;

/// <summary>
/// Writes a <see cref="NetworkImage"/> in the table image format (docs/table-image.md): a header, one tagged section
/// per table with its columns as length-prefixed little-endian arrays, and a CRC-32 of everything before it.
/// </summary>
public static class ImageWriter
{
    /// <summary>The strings' encoding: UTF-8 without a byte order mark, refusing a string that is not valid UTF-16.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Writes the image to the stream.</summary>
    /// <exception cref="ArgumentException">The image breaks an invariant the reader checks (column lengths, row references, vocabulary values).</exception>
    public static void Write(NetworkImage image, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(Serialize(image));
    }

    /// <summary>Writes the image to a file atomically (<see cref="ImageFile.WriteAtomically"/>): all of it, or nothing and the old file kept.</summary>
    /// <exception cref="ArgumentException">The image breaks an invariant the reader checks.</exception>
    /// <exception cref="IOException">The file cannot be written (a folder or device, the directory does not exist, the disk is full...).</exception>
    /// <exception cref="UnauthorizedAccessException">The directory or file may not be written.</exception>
    public static void WriteFile(NetworkImage image, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = Serialize(image);
        ImageFile.WriteAtomically(path, stream => stream.Write(bytes));
    }

    /// <summary>The image as bytes, after checking its invariants.</summary>
    internal static byte[] Serialize(NetworkImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (ImageValidator.Validate(image) is { } problem) throw Unwritable(problem);

        // The length comes first, so that the image is written into one array of exactly its size, and one too large not at all.
        int[] utf8 = [.. image.Strings.Select(Utf8Length)];
        long length = ImageSchema.HeaderLength + 12 + 4 + utf8.Sum(l => 4L + l) + ImageSchema.ChecksumLength +
            ImageSchema.Tables.Sum(t => 12 + t.Columns.Sum(c => 4 + ((long)t.Count(image) * c.ValueSize)));
        if (length > ImageFile.MaxLength) throw Unwritable($"it would be larger than {ImageFile.MaxLength} bytes");

        var bytes = new byte[length];
        // A BinaryWriter writes numbers little-endian on every machine, and strings in the encoding it is given.
        using var output = new BinaryWriter(new MemoryStream(bytes), StrictUtf8);
        output.Write(ImageSchema.Magic);
        output.Write(NetworkImage.FormatVersion);
        output.Write(length);
        Section(output, ImageSchema.StringsTag, utf8.Length, 1);
        output.Write(utf8.Length);
        for (int row = 0; row < utf8.Length; row++)
        {
            output.Write(utf8[row]);
            output.Write(image.Strings[row].AsSpan());
        }

        foreach (var schema in ImageSchema.Tables)
        {
            object table = schema.Get(image);
            Section(output, schema.Tag, schema.Count(image), schema.Columns.Count);
            foreach (var column in schema.Columns)
            {
                var values = column.Get(table);
                output.Write(values.Length);
                output.Write(column.Bytes(values));
            }
        }

        output.Write(Crc32.Compute(bytes.AsSpan(0, bytes.Length - ImageSchema.ChecksumLength)));
        return bytes;
    }

    private static void Section(BinaryWriter output, string tag, int rows, int columns)
    {
        output.Write(Encoding.ASCII.GetBytes(tag));
        output.Write(rows);
        output.Write(columns);
    }

    private static int Utf8Length(string value, int row)
    {
        try
        {
            return StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException)
        {
            throw Unwritable($"string {row} is not valid UTF-16 (it has a lone surrogate)");
        }
    }

    private static ArgumentException Unwritable(string problem) => new($"The network image cannot be written: {problem}.", "image");
}
