using System.Buffers.Binary;
using System.Text;
using Netflow.Runtime.Image;

namespace Netflow.Runtime.Tests.Image;

public sealed class ImageRoundTripTests
{
    [Fact]
    public void Sample_image_has_every_table_and_column_non_empty()
    {
        var image = SampleImage.Create();

        ImageAssert.Tables().Count().ShouldBe(15);
        foreach (var (name, column) in ImageAssert.AllColumns(image))
        {
            column.Length.ShouldBeGreaterThan(0, name);
        }
    }

    [Fact]
    public void Sample_image_round_trips_every_column()
    {
        var image = SampleImage.Create();

        var read = ImageBytes.Read(ImageBytes.Write(image));

        ImageAssert.ShouldEqual(read, image);
        read.String(read.Flows.Title[0]).ShouldBe("web reaches the app: café ☕ 日本 🙂");
        read.Location(read.Routes.Source[3]).ShouldBe("network.netflow(7,5)");
    }

    [Fact]
    public void Default_image_round_trips()
    {
        var image = new NetworkImage();

        var read = ImageBytes.Read(ImageBytes.Write(image));

        ImageAssert.ShouldEqual(read, image);
        read.Strings.ShouldBe([""]);
        read.Sources.Count.ShouldBe(1);
    }

    [Fact]
    public void Writing_is_deterministic()
    {
        ImageBytes.Write(SampleImage.Create()).ShouldBe(ImageBytes.Write(SampleImage.Create()));
    }

    [Fact]
    public void Header_is_magic_version_and_length()
    {
        var bytes = ImageBytes.Write(SampleImage.Create());

        bytes.AsSpan(0, 8).ToArray().ShouldBe("NETFLOW\u001A"u8.ToArray());
        ImageBytes.Int32(bytes, ImageBytes.VersionOffset).ShouldBe(NetworkImage.FormatVersion);
        BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(ImageBytes.LengthOffset)).ShouldBe(bytes.Length);
    }

    [Fact]
    public void Checksum_is_the_crc32_of_everything_before_it()
    {
        Crc32Oracle.Compute("123456789"u8).ShouldBe(0xCBF4_3926u); // the standard check value
        var bytes = ImageBytes.Write(SampleImage.Create());

        BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4)).ShouldBe(Crc32Oracle.Compute(bytes.AsSpan(0, bytes.Length - 4)));
    }

    /// <summary>Catches a column added to a table class but not to the writer: each section says how many columns follow.</summary>
    [Fact]
    public void Every_section_has_as_many_columns_as_its_table_class()
    {
        var bytes = ImageBytes.Write(SampleImage.Create());
        var tables = ImageAssert.Tables().ToList();

        for (int i = 0; i < tables.Count; i++)
        {
            string tag = ImageBytes.Tags[i + 1];
            int offset = ImageBytes.Section(bytes, tag);
            ImageBytes.Int32(bytes, offset + 8).ShouldBe(ImageAssert.Columns(tables[i].PropertyType).Count(), $"{tag} ({tables[i].Name})");
        }
    }

    [Fact]
    public void Strings_are_length_prefixed_utf8()
    {
        var bytes = ImageBytes.Write(new NetworkImage { Strings = ["", "é"] });

        int offset = ImageBytes.Section(bytes, "STRS");
        ImageBytes.Int32(bytes, offset + 4).ShouldBe(2); // rows
        ImageBytes.Int32(bytes, offset + 8).ShouldBe(1); // columns
        ImageBytes.Int32(bytes, offset + 12).ShouldBe(2); // the column's length
        ImageBytes.Int32(bytes, offset + 16).ShouldBe(0); // ""
        ImageBytes.Int32(bytes, offset + 20).ShouldBe(2); // "é" is two UTF-8 bytes
        Encoding.UTF8.GetString(bytes, offset + 24, 2).ShouldBe("é");
    }

    [Fact]
    public void Reads_from_a_stream_that_cannot_seek()
    {
        var image = SampleImage.Create();
        var bytes = ImageBytes.Write(image);

        var read = ImageReader.Read(new NonSeekableStream(bytes));

        ImageAssert.ShouldEqual(read, image);
    }

    [Fact]
    public void Reads_from_the_current_position_of_a_stream()
    {
        var bytes = ImageBytes.Write(SampleImage.Create());
        var stream = new MemoryStream();
        stream.Write("prefix"u8);
        stream.Write(bytes);
        stream.Position = 6;

        ImageAssert.ShouldEqual(ImageReader.Read(stream), SampleImage.Create());
    }

    [Fact]
    public void Writer_refuses_columns_of_different_lengths()
    {
        var image = SampleImage.Create();
        image.Interfaces = new InterfaceTable { Device = [0], Name = [0, 0], Address = [1], Segment = [-1], Shared = [false], Source = [0] };

        var error = Should.Throw<ArgumentException>(() => ImageBytes.Write(image));

        error.Message.ShouldContain("column Name of the interface table has 2 rows, but column Device has 1");
    }

    [Fact]
    public void Writer_refuses_a_reference_out_of_range()
    {
        var image = SampleImage.Create();
        image.Dns = new DnsTable { Name = [9], Address = [1], Server = [7], Source = [0] };

        var error = Should.Throw<ArgumentException>(() => ImageBytes.Write(image));

        error.Message.ShouldContain("DNS record 0 has Server 7, which is not a device row (there are 3 devices)");
    }

    [Fact]
    public void Writer_refuses_a_route_outside_its_devices_range()
    {
        var image = SampleImage.Create();
        image.Routes.Device[1] = 1;

        var error = Should.Throw<ArgumentException>(() => ImageBytes.Write(image));

        error.Message.ShouldContain("device 0 has routes 0..1, but route 1 has Device 1");
    }

    [Fact]
    public void Writer_refuses_an_undefined_vocabulary_value()
    {
        var image = SampleImage.Create();
        image.Routes.Action[0] = (RouteAction)77;

        var error = Should.Throw<ArgumentException>(() => ImageBytes.Write(image));

        error.Message.ShouldContain("route 0 has Action 77, which is not a RouteAction this netflow knows");
    }

    [Fact]
    public void Writer_refuses_a_string_that_is_not_valid_utf16()
    {
        var error = Should.Throw<ArgumentException>(() => ImageBytes.Write(new NetworkImage { Strings = ["", "bad \uD800 surrogate"] }));

        error.Message.ShouldContain("string 1 is not valid UTF-16");
    }

    [Fact]
    public void Writer_refuses_a_string_table_without_the_empty_string_first()
    {
        Should.Throw<ArgumentException>(() => ImageBytes.Write(new NetworkImage { Strings = ["x"] }))
            .Message.ShouldContain("string row 0 is not the empty string");
    }
}
