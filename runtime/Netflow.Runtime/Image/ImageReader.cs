using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace Netflow.Runtime.Image;

/// <summary>
/// Reads a table image written by <see cref="ImageWriter"/> (docs/table-image.md). Whatever is wrong with the bytes (not
/// an image, another format version, truncated, a checksum mismatch, inconsistent lengths or tags, a row reference out of
/// range) ends in one <see cref="ImageFormatException"/> whose message names the file; no other exception comes out of
/// bad content, and a corrupt length never allocates more than the bytes that are there. An image that loads has passed
/// every check of <c>ImageValidator</c>, so the engine may index with any column without checking it again.
/// </summary>
public static class ImageReader
{
    /// <summary>Reads an image from the rest of the stream; messages call it <paramref name="name"/>.</summary>
    /// <exception cref="ImageFormatException">The bytes are not a valid table image of this format version.</exception>
    public static NetworkImage Read(Stream stream, string name = "the input")
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);

        var bytes = new byte[ImageSchema.HeaderLength];
        int actual = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        long declared = ReadHeader(bytes.AsSpan(0, actual), name);

        // The rest grows as it arrives, up to the declared length, rather than trusting that length with an allocation.
        Array.Resize(ref bytes, (int)Math.Min(declared, 1 << 16));
        while (actual < declared)
        {
            if (actual == bytes.Length) Array.Resize(ref bytes, (int)Math.Min(declared, 2L * bytes.Length));
            int read = stream.Read(bytes, actual, bytes.Length - actual);
            if (read == 0) break;
            actual += read;
        }

        if (actual == declared && stream.ReadByte() != -1) throw Corrupted(name, $"it goes on past the {declared} bytes its header gives");
        if (actual < declared)
        {
            // A truncated image is a prefix of a good one: read its tables to say where it ends.
            var prefix = new Parser(bytes, actual, name, missing: declared - actual);
            prefix.ReadTables();
            int tablesEnd = prefix.Position + ImageSchema.ChecksumLength;
            throw actual >= tablesEnd ? Corrupted(name, $"its header gives a length of {declared} bytes, but its tables and checksum end at byte {tablesEnd}")
                : Truncated(name, declared - actual, "checksum");
        }

        int end = actual - ImageSchema.ChecksumLength;
        if (Crc32.Compute(bytes.AsSpan(0, end)) != BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(end))) throw Corrupted(name, "checksum mismatch");
        var parser = new Parser(bytes, end, name, missing: 0);
        var image = parser.ReadTables();
        if (parser.Position != end) throw Corrupted(name, $"{end - parser.Position} unexpected bytes after the last table");
        return ImageValidator.Validate(image) is { } problem ? throw Corrupted(name, problem) : image;
    }

    /// <summary>Reads an image from a file; messages call it by <paramref name="path"/>.</summary>
    /// <exception cref="ImageFormatException">The file is not a valid table image of this format version.</exception>
    /// <exception cref="IOException">The file cannot be opened or read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static NetworkImage ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = ImageFile.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Checks magic number and version, and returns the image length the header gives.</summary>
    private static long ReadHeader(ReadOnlySpan<byte> header, string name)
    {
        if (header.Length == 0) throw NotAnImage(name, "it is empty");
        int magic = Math.Min(header.Length, ImageSchema.MagicLength);
        if (!header[..magic].SequenceEqual(ImageSchema.Magic[..magic])) throw NotAnImage(name, "bad magic number");

        if (header.Length >= ImageSchema.MagicLength + 4 &&
            BinaryPrimitives.ReadInt32LittleEndian(header[ImageSchema.MagicLength..]) is var version && version != NetworkImage.FormatVersion)
        {
            throw new ImageFormatException(ImageFormatProblem.OtherVersion,
                $"{name} was written by format version {version}; this netflow reads version {NetworkImage.FormatVersion}; rebuild it with 'netflow build'");
        }

        if (header.Length < ImageSchema.HeaderLength) throw Truncated(name, ImageSchema.HeaderLength - header.Length, "header");

        long declared = BinaryPrimitives.ReadInt64LittleEndian(header[(ImageSchema.MagicLength + 4)..]);
        return declared >= ImageSchema.HeaderLength + ImageSchema.ChecksumLength && declared <= ImageFile.MaxLength ? declared
            : throw Corrupted(name, $"its header gives an impossible image length ({declared} bytes)");
    }

    private static ImageFormatException NotAnImage(string name, string why) =>
        new(ImageFormatProblem.NotAnImage, $"{name} is not a Netflow table image ({why})");

    private static ImageFormatException Truncated(string name, long missing, string where) =>
        new(ImageFormatProblem.Truncated,
            $"{name} is truncated: expected {missing} more {(missing == 1 ? "byte" : "bytes")} in the {where}; rebuild it with 'netflow build'");

    private static ImageFormatException Corrupted(string name, string problem) =>
        new(ImageFormatProblem.Corrupted, $"{name} is corrupted: {problem}; rebuild it with 'netflow build'");

    /// <summary>Reads the sections in order from <c>bytes[HeaderLength .. limit)</c>.</summary>
    private sealed class Parser(byte[] bytes, int limit, string name, long missing)
    {
        /// <summary>The section being read, for messages.</summary>
        private string _where = "header";

        public int Position { get; private set; } = ImageSchema.HeaderLength;

        public NetworkImage ReadTables()
        {
            var image = new NetworkImage { Strings = Strings() };
            foreach (var schema in ImageSchema.Tables)
            {
                int rows = Section(schema.Tag, schema.Name, schema.Columns.Count);
                object table = schema.Create();
                foreach (var column in schema.Columns)
                {
                    int count = ColumnLength(rows, column.Name);
                    column.Set(table, column.FromBytes(Take((long)count * column.ValueSize)));
                }

                schema.Set(image, table);
            }

            return image;
        }

        private string[] Strings()
        {
            int rows = Section(ImageSchema.StringsTag, ImageSchema.StringsName, 1);
            int count = ColumnLength(rows, "Value");
            Require(4L * count); // every string has at least its length prefix: refuse an impossible count before allocating
            var strings = new string[count];
            for (int row = 0; row < count; row++)
            {
                int length = Int32();
                if (length < 0) throw Corrupted(name, $"string {row} has a negative length ({length})");
                var utf8 = Take(length);
                strings[row] = Utf8.IsValid(utf8) ? Encoding.UTF8.GetString(utf8) : throw Corrupted(name, $"string {row} is not valid UTF-8");
            }

            return strings;
        }

        /// <summary>Checks a section's tag and column count, and returns its row count.</summary>
        private int Section(string tag, string name, int columns)
        {
            _where = name;
            string found = Describe(Take(4));
            if (found != tag) throw Corrupted(name, $"expected the {name} (tag {tag}) at byte {Position - 4}, but found tag {found}");
            int rows = Int32();
            if (rows < 0) throw Corrupted(name, $"the {name} has a negative row count ({rows})");
            int count = Int32();
            return count == columns ? rows
                : throw Corrupted(name, $"the {name} has {count} columns, but format version {NetworkImage.FormatVersion} has {columns}");
        }

        private int ColumnLength(int rows, string column)
        {
            int count = Int32();
            return count == rows ? count : throw Corrupted(name, count < 0
                ? $"column {column} of the {_where} has a negative length ({count})"
                : $"column {column} of the {_where} has {count} rows, but the table has {rows}");
        }

        private int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        /// <summary>The next <paramref name="count"/> bytes.</summary>
        private ReadOnlySpan<byte> Take(long count)
        {
            Require(count);
            var span = bytes.AsSpan(Position, (int)count);
            Position += (int)count;
            return span;
        }

        /// <summary>Fails unless at least <paramref name="count"/> bytes remain: truncated if the image is short, else corrupted.</summary>
        private void Require(long count)
        {
            int remaining = limit - Position;
            if (count <= remaining) return;
            if (missing > 0) throw Truncated(name, missing, _where);
            throw Corrupted(name, $"a length in the {_where} needs {count} bytes at byte {Position}, but only {remaining} remain");
        }

        /// <summary>A tag as its text, or as hex if it has a byte that is not printable ASCII.</summary>
        private static string Describe(ReadOnlySpan<byte> tag) =>
            tag.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) < 0 ? Encoding.ASCII.GetString(tag) : "0x" + Convert.ToHexString(tag);
    }
}
