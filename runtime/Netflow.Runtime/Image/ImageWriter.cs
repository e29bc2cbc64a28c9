using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Netflow.Runtime.Image;

/// <summary>
/// Writes a <see cref="NetworkImage"/> in the table image format (docs/table-image.md): a header, one tagged section
/// per table with its columns as length-prefixed little-endian arrays, and a CRC-32 of everything before it.
/// </summary>
public static class ImageWriter
{
    /// <summary>Writes the image to the stream.</summary>
    /// <exception cref="ArgumentException">The image breaks an invariant the reader checks (column lengths, row references, vocabulary values).</exception>
    public static void Write(NetworkImage image, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(Serialize(image).Span);
    }

    /// <summary>
    /// Writes the image to a file atomically (<see cref="ImageFile.WriteAtomically"/>): to a temporary file in the same
    /// directory, then moved over <paramref name="path"/>, which must be a regular file or a new path. If anything
    /// fails, the temporary file is deleted and an existing file at <paramref name="path"/> is left as it was.
    /// </summary>
    /// <exception cref="ArgumentException">The image breaks an invariant the reader checks.</exception>
    /// <exception cref="IOException">The file cannot be written (a folder or device, the directory does not exist, the disk is full...).</exception>
    /// <exception cref="UnauthorizedAccessException">The directory or file may not be written.</exception>
    public static void WriteFile(NetworkImage image, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = Serialize(image);
        ImageFile.WriteAtomically(path, stream => stream.Write(bytes.Span));
    }

    /// <summary>The image as bytes, after checking its invariants.</summary>
    internal static ReadOnlyMemory<byte> Serialize(NetworkImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (ImageValidator.Validate(image) is { } problem)
        {
            throw new ArgumentException($"The network image cannot be written: {problem}.", nameof(image));
        }

        var buffer = new Buffer();
        buffer.Bytes(ImageLayout.Magic);
        buffer.Int32(NetworkImage.FormatVersion);
        buffer.Reserve(8); // the image length (int64), patched by Finish

        WriteStrings(buffer, image.Strings);
        foreach (var schema in ImageSchema.Tables)
        {
            object table = schema.Get(image);
            buffer.Section(schema.Section, schema.Count(image));
            foreach (var column in schema.Columns)
            {
                var values = column.Get(table);
                buffer.Int32(values.Length);
                column.Write(values, buffer.Reserve(values.Length * column.ValueSize));
            }
        }

        return buffer.Finish();
    }

    private static void WriteStrings(Buffer buffer, string[] strings)
    {
        buffer.Section(ImageLayout.Strings, strings.Length);
        buffer.Int32(strings.Length);
        for (int row = 0; row < strings.Length; row++)
        {
            int length;
            try
            {
                length = ImageLayout.StrictUtf8.GetByteCount(strings[row]);
            }
            catch (EncoderFallbackException)
            {
                throw new ArgumentException(
                    $"The network image cannot be written: string {row} is not valid UTF-16 (it has a lone surrogate).", "image");
            }

            buffer.Int32(length);
            ImageLayout.StrictUtf8.GetBytes(strings[row], buffer.Reserve(length));
        }
    }

    /// <summary>A growable little-endian byte buffer that refuses to grow past the largest image.</summary>
    private sealed class Buffer
    {
        private readonly ArrayBufferWriter<byte> _bytes = new(64 * 1024);

        public Span<byte> Reserve(int count)
        {
            if ((long)_bytes.WrittenCount + count + ImageLayout.ChecksumLength > ImageLayout.MaxImageLength)
            {
                throw new ArgumentException($"The network image cannot be written: it would be larger than {ImageLayout.MaxImageLength} bytes.", "image");
            }

            // Advanced at once: the caller fills the span before it reserves again (which may move the buffer).
            var span = _bytes.GetSpan(count)[..count];
            _bytes.Advance(count);
            return span;
        }

        public void Bytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

        public void Int32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), value);

        public void Section(ImageLayout.Section section, int rows)
        {
            Bytes(section.Tag);
            Int32(rows);
            Int32(section.Columns);
        }

        /// <summary>The bytes written, with the image length patched into the header and the checksum appended.</summary>
        public ReadOnlyMemory<byte> Finish()
        {
            var written = MemoryMarshal.AsMemory(_bytes.WrittenMemory).Span;
            BinaryPrimitives.WriteInt64LittleEndian(written.Slice(ImageLayout.MagicLength + 4, 8), written.Length + ImageLayout.ChecksumLength);
            uint checksum = Crc32.Compute(written);
            // Every Reserve left room for the checksum: an image of exactly the largest length is written.
            BinaryPrimitives.WriteUInt32LittleEndian(_bytes.GetSpan(ImageLayout.ChecksumLength), checksum);
            _bytes.Advance(ImageLayout.ChecksumLength);
            return _bytes.WrittenMemory;
        }
    }
}
