using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Netflow.Runtime.Image;

/// <summary>
/// Writes a <see cref="NetworkImage"/> in the table image format (docs/table-image.md): a header, one tagged section
/// per table with its columns as length-prefixed little-endian arrays, and a CRC-32 of everything before it.
/// </summary>
public static class ImageWriter
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Writes the image to the stream.</summary>
    /// <exception cref="ArgumentException">The image breaks an invariant the reader checks (column lengths, row references, vocabulary values).</exception>
    public static void Write(NetworkImage image, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var bytes = Serialize(image);
        stream.Write(bytes.Span);
    }

    /// <summary>
    /// Writes the image to a file atomically: to a temporary file in the same directory, then moved over
    /// <paramref name="path"/>. If anything fails, the temporary file is deleted and an existing file at
    /// <paramref name="path"/> is left as it was.
    /// </summary>
    /// <exception cref="ArgumentException">The image breaks an invariant the reader checks.</exception>
    /// <exception cref="IOException">The file cannot be written (the directory does not exist, the disk is full...).</exception>
    /// <exception cref="UnauthorizedAccessException">The directory or file may not be written.</exception>
    public static void WriteFile(NetworkImage image, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = Serialize(image);

        AtomicFile.Write(path, bytes.Span);
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
        buffer.Int64(0); // the image length, patched below

        WriteStrings(buffer, image.Strings);

        var s = image.Sources;
        buffer.Section(ImageLayout.Sources, s.Count);
        buffer.Column(s.File);
        buffer.Column(s.Line);
        buffer.Column(s.Column);

        var d = image.Devices;
        buffer.Section(ImageLayout.Devices, d.Count);
        buffer.Column(d.Name);
        buffer.Column(d.Description);
        buffer.Column(d.Kind);
        buffer.Column(d.Host);
        buffer.Column(d.Site);
        buffer.Column(d.Resolver);
        buffer.Column(d.FirstRoute);
        buffer.Column(d.RouteCount);
        buffer.Column(d.Source);

        var i = image.Interfaces;
        buffer.Section(ImageLayout.Interfaces, i.Count);
        buffer.Column(i.Device);
        buffer.Column(i.Name);
        buffer.Column(i.Address);
        buffer.Column(i.Segment);
        buffer.Column(i.Shared);
        buffer.Column(i.Source);

        var g = image.Segments;
        buffer.Section(ImageLayout.Segments, g.Count);
        buffer.Column(g.Name);
        buffer.Column(g.Kind);
        buffer.Column(g.Id);
        buffer.Column(g.Source);

        var r = image.Routes;
        buffer.Section(ImageLayout.Routes, r.Count);
        buffer.Column(r.Device);
        buffer.Column(r.Network);
        buffer.Column(r.Length);
        buffer.Column(r.Action);
        buffer.Column(r.NextHopDevice);
        buffer.Column(r.NextHopAddress);
        buffer.Column(r.OutInterface);
        buffer.Column(r.Tunnel);
        buffer.Column(r.Source);

        var sn = image.SourceNats;
        buffer.Section(ImageLayout.SourceNats, sn.Count);
        buffer.Column(sn.Device);
        buffer.Column(sn.MatchNetwork);
        buffer.Column(sn.MatchLength);
        buffer.Column(sn.TowardNetwork);
        buffer.Column(sn.TowardLength);
        buffer.Column(sn.Target);
        buffer.Column(sn.TargetAddress);
        buffer.Column(sn.Source);

        var dn = image.DestinationNats;
        buffer.Section(ImageLayout.DestinationNats, dn.Count);
        buffer.Column(dn.Device);
        buffer.Column(dn.Address);
        buffer.Column(dn.Port);
        buffer.Column(dn.Protocol);
        buffer.Column(dn.FirstTarget);
        buffer.Column(dn.TargetCount);
        buffer.Column(dn.Source);

        var nt = image.NatTargets;
        buffer.Section(ImageLayout.NatTargets, nt.Count);
        buffer.Column(nt.Address);
        buffer.Column(nt.Port);
        buffer.Column(nt.Device);

        var t = image.Tunnels;
        buffer.Section(ImageLayout.Tunnels, t.Count);
        buffer.Column(t.Name);
        buffer.Column(t.Kind);
        buffer.Column(t.Mode);
        buffer.Column(t.StretchedSegment);
        buffer.Column(t.FirstEndpoint);
        buffer.Column(t.EndpointCount);
        buffer.Column(t.Source);

        var te = image.TunnelEndpoints;
        buffer.Section(ImageLayout.TunnelEndpoints, te.Count);
        buffer.Column(te.Device);
        buffer.Column(te.Address);

        var dns = image.Dns;
        buffer.Section(ImageLayout.Dns, dns.Count);
        buffer.Column(dns.Name);
        buffer.Column(dns.Address);
        buffer.Column(dns.Server);
        buffer.Column(dns.Source);

        var f = image.Flows;
        buffer.Section(ImageLayout.Flows, f.Count);
        buffer.Column(f.Name);
        buffer.Column(f.Title);
        buffer.Column(f.SourceDevice);
        buffer.Column(f.DestinationKind);
        buffer.Column(f.DestinationName);
        buffer.Column(f.DestinationAddress);
        buffer.Column(f.DestinationDevice);
        buffer.Column(f.Port);
        buffer.Column(f.Protocol);
        buffer.Column(f.Expected);
        buffer.Column(f.FirstStep);
        buffer.Column(f.StepCount);
        buffer.Column(f.Source);

        var fs = image.FlowSteps;
        buffer.Section(ImageLayout.FlowSteps, fs.Count);
        buffer.Column(fs.Kind);
        buffer.Column(fs.Device);
        buffer.Column(fs.Encapsulation);
        buffer.Column(fs.Address);
        buffer.Column(fs.ArgumentDevice);
        buffer.Column(fs.Text);
        buffer.Column(fs.Source);

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
                length = StrictUtf8.GetByteCount(strings[row]);
            }
            catch (EncoderFallbackException)
            {
                throw new ArgumentException(
                    $"The network image cannot be written: string {row} is not valid UTF-16 (it has a lone surrogate).", "image");
            }

            buffer.Int32(length);
            StrictUtf8.GetBytes(strings[row], buffer.Reserve(length));
        }
    }

    /// <summary>A growable little-endian byte buffer.</summary>
    private sealed class Buffer
    {
        private byte[] _bytes = new byte[64 * 1024];
        private int _length;

        public Span<byte> Reserve(int count)
        {
            if (count > _bytes.Length - _length)
            {
                long needed = (long)_length + count + ImageLayout.ChecksumLength;
                if (needed > ImageLayout.MaxImageLength)
                {
                    throw new ArgumentException("The network image cannot be written: it would be larger than 2 GB.", "image");
                }

                long capacity = Math.Min(Math.Max(needed, 2L * _bytes.Length), ImageLayout.MaxImageLength);
                Array.Resize(ref _bytes, (int)capacity);
            }

            var span = _bytes.AsSpan(_length, count);
            _length += count;
            return span;
        }

        public void Bytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

        public void Int32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), value);

        public void Int64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);

        public void Section(ImageLayout.Section section, int rows)
        {
            Bytes(section.Tag);
            Int32(rows);
            Int32(section.Columns);
        }

        /// <summary>A column: its row count, then its values (1 or 4 bytes each, little-endian; every column type is one of those).</summary>
        public void Column<T>(T[] column)
            where T : unmanaged
        {
            Int32(column.Length);
            var source = MemoryMarshal.AsBytes(column.AsSpan());
            var target = Reserve(source.Length);
            source.CopyTo(target);
            if (Unsafe.SizeOf<T>() == 4 && !BitConverter.IsLittleEndian)
            {
                var values = MemoryMarshal.Cast<byte, int>(target);
                BinaryPrimitives.ReverseEndianness(values, values);
            }
        }

        /// <summary>The bytes written, with the image length patched into the header and the checksum appended.</summary>
        public ReadOnlyMemory<byte> Finish()
        {
            int length = _length + ImageLayout.ChecksumLength;
            BinaryPrimitives.WriteInt64LittleEndian(_bytes.AsSpan(ImageLayout.MagicLength + 4, 8), length);
            uint checksum = Crc32.Compute(_bytes.AsSpan(0, _length));
            BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), checksum);
            return _bytes.AsMemory(0, _length);
        }
    }
}
