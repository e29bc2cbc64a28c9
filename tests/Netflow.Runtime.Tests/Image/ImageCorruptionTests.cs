using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Netflow.Runtime.Image;

namespace Netflow.Runtime.Tests.Image;

/// <summary>Every way an image can be damaged ends in one <see cref="ImageFormatException"/> with a clear message.</summary>
public sealed class ImageCorruptionTests
{
    private static readonly byte[] Sample = ImageBytes.Write(SampleImage.Create());

    private static ImageFormatException Refused(byte[] bytes) =>
        Should.Throw<ImageFormatException>(() => ImageBytes.Read(bytes));

    [Fact]
    public void Truncation_at_every_offset_is_refused_as_truncated()
    {
        for (int length = 1; length < Sample.Length; length++)
        {
            var error = Should.Throw<ImageFormatException>(() => ImageBytes.Read(Sample[..length]), $"cut at {length}");

            error.Problem.ShouldBe(ImageFormatProblem.Truncated, $"cut at {length}: {error.Message}");
            error.Message.ShouldStartWith("the input is truncated: expected ");
        }
    }

    [Fact]
    public void Truncation_at_every_offset_of_a_stream_that_cannot_seek_is_refused_as_truncated()
    {
        for (int length = 1; length < Sample.Length; length++)
        {
            var error = Should.Throw<ImageFormatException>(() => ImageReader.Read(new NonSeekableStream(Sample[..length])), $"cut at {length}");

            error.Problem.ShouldBe(ImageFormatProblem.Truncated, $"cut at {length}: {error.Message}");
        }
    }

    [Fact]
    public void Truncation_message_says_how_many_bytes_are_missing_and_where()
    {
        int routes = ImageBytes.Section(Sample, "ROUT");

        var error = Refused(Sample[..(routes + 20)]);

        error.Message.ShouldBe(
            $"the input is truncated: expected {Sample.Length - routes - 20} more bytes in the route table; rebuild it with 'netflow build'");
    }

    [Fact]
    public void A_missing_checksum_is_truncation()
    {
        Refused(Sample[..^2]).Message.ShouldContain("expected 2 more bytes in the checksum");
    }

    [Fact]
    public void An_empty_input_is_not_an_image()
    {
        var error = Refused([]);

        error.Problem.ShouldBe(ImageFormatProblem.NotAnImage);
        error.Message.ShouldBe("the input is not a Netflow table image (it is empty)");
    }

    [Theory]
    [InlineData(0, 0x00)]
    [InlineData(0, (byte)'n')]
    [InlineData(6, (byte)'X')]
    [InlineData(7, 0x00)]
    public void Wrong_magic_is_not_an_image(int offset, byte value)
    {
        var bytes = (byte[])Sample.Clone();
        bytes[offset] = value;

        var error = Refused(bytes);

        error.Problem.ShouldBe(ImageFormatProblem.NotAnImage);
        error.Message.ShouldBe("the input is not a Netflow table image (bad magic number)");
    }

    [Fact]
    public void Another_file_format_is_not_an_image()
    {
        Refused("\u0089PNG\r\n\u001A\n and more"u8.ToArray()).Problem.ShouldBe(ImageFormatProblem.NotAnImage);
        Refused("x"u8.ToArray()).Problem.ShouldBe(ImageFormatProblem.NotAnImage);
    }

    [Theory]
    [InlineData(NetworkImage.FormatVersion + 1)]
    [InlineData(NetworkImage.FormatVersion - 1)]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-1)]
    public void Another_version_is_refused_by_the_version_check(int version)
    {
        var bytes = ImageBytes.PatchInt32(Sample, ImageBytes.VersionOffset, version);

        var error = Refused(bytes);

        error.Problem.ShouldBe(ImageFormatProblem.OtherVersion);
        error.Message.ShouldBe(
            $"the input was written by format version {version}; this netflow reads version {NetworkImage.FormatVersion}; rebuild it with 'netflow build'");
    }

    [Fact]
    public void Another_version_is_refused_even_if_the_rest_differs()
    {
        // A future version may lay out everything after the version differently: only magic and version are read.
        var bytes = "NETFLOW\u001A"u8.ToArray().Concat(BitConverter.GetBytes(NetworkImage.FormatVersion + 1)).Concat(new byte[] { 1, 2, 3 }).ToArray();

        Refused(bytes).Problem.ShouldBe(ImageFormatProblem.OtherVersion);
    }

    [Fact]
    public void Flipping_any_byte_is_detected()
    {
        foreach (byte mask in new byte[] { 0x01, 0x80, 0xFF })
        {
            for (int offset = 0; offset < Sample.Length; offset++)
            {
                var bytes = (byte[])Sample.Clone();
                bytes[offset] ^= mask;

                var error = Should.Throw<ImageFormatException>(() => ImageBytes.Read(bytes), $"flip {mask:X2} at {offset}");

                if (offset >= ImageBytes.HeaderLength)
                {
                    error.Message.ShouldBe("the input is corrupted: checksum mismatch; rebuild it with 'netflow build'", $"flip at {offset}");
                }
            }
        }
    }

    [Fact]
    public void A_wrong_image_length_in_the_header_is_refused()
    {
        var longer = (byte[])Sample.Clone();
        BinaryPrimitives.WriteInt64LittleEndian(longer.AsSpan(ImageBytes.LengthOffset), Sample.Length + 100);
        Refused(longer).Problem.ShouldBe(ImageFormatProblem.Corrupted);

        var shorter = (byte[])Sample.Clone();
        BinaryPrimitives.WriteInt64LittleEndian(shorter.AsSpan(ImageBytes.LengthOffset), Sample.Length - 100);
        Refused(shorter).Message.ShouldContain($"goes on past the {Sample.Length - 100} bytes its header gives");

        foreach (long impossible in new[] { -1L, 0L, 23L, long.MaxValue, int.MaxValue + 1L })
        {
            var bytes = (byte[])Sample.Clone();
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(ImageBytes.LengthOffset), impossible);
            Refused(bytes).Message.ShouldContain($"impossible image length ({impossible} bytes)");
        }
    }

    [Fact]
    public void Bytes_after_the_image_are_refused()
    {
        Refused([.. Sample, 0]).Message.ShouldContain("goes on past");
        Should.Throw<ImageFormatException>(() => ImageReader.Read(new NonSeekableStream([.. Sample, 0]))).Message.ShouldContain("goes on past");
    }

    [Fact]
    public void A_bad_section_tag_is_refused()
    {
        int routes = ImageBytes.Section(Sample, "ROUT");

        var error = Refused(ImageBytes.PatchByte(Sample, routes + 1, (byte)'X'));

        error.Problem.ShouldBe(ImageFormatProblem.Corrupted);
        error.Message.ShouldContain($"expected the route table (tag ROUT) at byte {routes}, but found tag RXUT");
    }

    [Theory]
    [InlineData("DEVS", 8, 10, "the device table has 10 columns, but format version {0} has 9")] // the section's column count
    [InlineData("ROUT", 4, -1, "the route table has a negative row count (-1)")] // the section's row count
    [InlineData("ROUT", 12, 6, "column Device of the route table has 6 rows, but the table has 5")] // the length of its first column
    [InlineData("ROUT", 12, -3, "column Device of the route table has a negative length (-3)")]
    [InlineData("STRS", 20, -5, "string 1 has a negative length (-5)")] // the length of string 1
    [InlineData("IFCS", 16, -1, "interface 0 has Device -1, which is not a device row")] // Device of interface 0: -1 where none is not allowed
    public void A_length_count_or_reference_that_cannot_be_is_refused(string section, int offset, int value, string problem)
    {
        var bytes = ImageBytes.PatchInt32(Sample, ImageBytes.Section(Sample, section) + offset, value);

        Refused(bytes).Message.ShouldContain(string.Format(CultureInfo.InvariantCulture, problem, NetworkImage.FormatVersion));
    }

    [Fact]
    public void Huge_lengths_are_refused_without_allocating_them()
    {
        int routes = ImageBytes.Section(Sample, "ROUT");
        var bytes = ImageBytes.PatchInt32(Sample, routes + 4, int.MaxValue);
        bytes = ImageBytes.PatchInt32(bytes, routes + 12, int.MaxValue);

        Refused(bytes).Message.ShouldContain($"a length in the route table needs {4L * int.MaxValue} bytes");

        int strings = ImageBytes.Section(Sample, "STRS");
        bytes = ImageBytes.PatchInt32(Sample, strings + 4, int.MaxValue);
        bytes = ImageBytes.PatchInt32(bytes, strings + 12, int.MaxValue);
        Refused(bytes).Message.ShouldContain("a length in the string table needs");

        bytes = ImageBytes.PatchInt32(Sample, strings + 20, int.MaxValue); // the length of string 1
        Refused(bytes).Message.ShouldContain("a length in the string table needs 2147483647 bytes");
    }

    [Theory]
    [InlineData("STRS", 24, 0x80, "string 1 is not valid UTF-8")] // string 1 is "r1": its first byte a lone continuation byte
    // The device table's columns of 3 rows: Name, Description (4 + 12 bytes each), then Kind (4 + 3): device 1's.
    [InlineData("DEVS", 12 + (2 * 16) + 4 + 1, 200, "device 1 has Kind 200, which is not a DeviceKind this netflow knows")]
    // The interface table's columns of 3 rows: Device, Name, Address, Segment (4 + 12 bytes each), then Shared: interface 2's.
    [InlineData("IFCS", 12 + (4 * 16) + 4 + 2, 2, "interface 2 has Shared 2, which is not a boolean")]
    // The route table's columns of 5 rows: Device, Network (4 + 20 bytes each), then Length: route 0's.
    [InlineData("ROUT", 12 + (2 * 24) + 4, 33, "route 0 has Length 33, which is not a prefix length")]
    public void A_byte_that_cannot_be_is_refused(string section, int offset, int value, string problem)
    {
        var bytes = ImageBytes.PatchByte(Sample, ImageBytes.Section(Sample, section) + offset, (byte)value);

        Refused(bytes).Message.ShouldContain(problem);
    }

    [Fact]
    public void A_reference_out_of_range_with_a_good_checksum_is_refused()
    {
        int routes = ImageBytes.Section(Sample, "ROUT");

        var error = Refused(ImageBytes.PatchInt32(Sample, routes + 16, 99)); // Device of route 0

        error.Problem.ShouldBe(ImageFormatProblem.Corrupted);
        error.Message.ShouldBe(
            "the input is corrupted: route 0 has Device 99, which is not a device row (there are 3 devices); rebuild it with 'netflow build'");
    }

    [Fact]
    public void A_row_range_past_the_end_of_its_table_is_refused()
    {
        int devices = ImageBytes.Section(Sample, "DEVS");
        // Columns of 3 rows: Name, Description (4 + 12 bytes each), Kind (4 + 3), Host, Site, Resolver, then FirstRoute.
        int routeCount = devices + 12 + (2 * 16) + 7 + (4 * 16) + 4;

        Refused(ImageBytes.PatchInt32(Sample, routeCount + 8, 9)).Message.ShouldContain(
            "device 2 has FirstRoute 4 and RouteCount 9, which is not a range of the 5 routes");
    }

    [Fact]
    public void Bytes_between_the_last_table_and_the_checksum_are_refused()
    {
        var bytes = new byte[Sample.Length + 3];
        Sample.AsSpan(0, Sample.Length - 4).CopyTo(bytes);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(ImageBytes.LengthOffset), bytes.Length);

        Refused(ImageBytes.Reseal(bytes)).Message.ShouldContain("3 unexpected bytes after the last table");
    }

    [Fact]
    public void Messages_name_the_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"netflow-{Guid.NewGuid():N}.nfx");
        try
        {
            File.WriteAllBytes(path, Sample[..100]);
            Should.Throw<ImageFormatException>(() => ImageReader.ReadFile(path)).Message.ShouldStartWith($"{path} is truncated: expected ");

            File.WriteAllBytes(path, Encoding.UTF8.GetBytes("network web { }"));
            Should.Throw<ImageFormatException>(() => ImageReader.ReadFile(path)).Message
                .ShouldBe($"{path} is not a Netflow table image (bad magic number)");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_with_a_name_uses_it()
    {
        Should.Throw<ImageFormatException>(() => ImageReader.Read(new MemoryStream(Sample[..^1]), "network.nfx"))
            .Message.ShouldBe("network.nfx is truncated: expected 1 more byte in the checksum; rebuild it with 'netflow build'");
    }
}
