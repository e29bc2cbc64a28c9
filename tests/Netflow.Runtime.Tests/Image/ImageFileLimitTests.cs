using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Netflow.Runtime.Image;

namespace Netflow.Runtime.Tests.Image;

/// <summary>
/// What <see cref="ImageFile"/> refuses before it opens or allocates anything: FIFOs and devices, files and headers
/// larger than an image may be; and how it cleans up the temporaries of writes that were killed.
/// </summary>
public sealed class ImageFileLimitTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netflow-image-limits-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string[] Entries() => Directory.GetFileSystemEntries(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    [DllImport("libc", EntryPoint = "mkfifo")]
    private static extern int MakeFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);

    private string Fifo(string name)
    {
        string path = Path.Combine(_directory, name);
        MakeFifo(path, Convert.ToInt32("600", 8)).ShouldBe(0);
        return path;
    }

    /// <summary>Opening a FIFO for reading blocks until a writer comes; the reader must refuse it without opening it.</summary>
    [Fact]
    public async Task A_fifo_is_refused_without_blocking()
    {
        if (OperatingSystem.IsWindows()) return;
        string fifo = Fifo("network.nfx");

        var read = Task.Run(() => ImageReader.ReadFile(fifo));
        // Should a regression block in the open, a writer releases it so that the test fails instead of hanging.
        if (await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(30))) != read)
        {
            await using (File.OpenWrite(fifo)) { }
        }

        var error = await Should.ThrowAsync<IOException>(read);
        error.Message.ShouldContain("is not a regular file");
        FileKinds.Of(fifo).ShouldBe(FileKind.Other);
    }

    [Fact]
    public void A_device_is_refused()
    {
        if (OperatingSystem.IsWindows()) return;
        Should.Throw<IOException>(() => ImageReader.ReadFile("/dev/zero")).Message.ShouldContain("is not a regular file");
    }

    /// <summary>A sparse file costs no disk, but a reader that believed its header would allocate all of it.</summary>
    [Fact]
    public void A_sparse_file_larger_than_an_image_may_be_is_refused_before_reading()
    {
        string path = Path.Combine(_directory, "sparse.nfx");
        var header = ImageBytes.Write(SampleImage.Create())[..ImageBytes.HeaderLength];
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(ImageBytes.LengthOffset), 2L * 1024 * 1024 * 1024);
        using (var stream = File.Create(path))
        {
            stream.Write(header);
            stream.SetLength(2L * 1024 * 1024 * 1024);
        }

        var error = Should.Throw<IOException>(() => ImageReader.ReadFile(path));

        error.Message.ShouldBe($"'{path}' has 2147483648 bytes; a table image has at most {ImageFile.MaxLength} bytes.");
    }

    /// <summary>A header is refused for what it claims, before a pipe is read on.</summary>
    [Fact]
    public void A_header_claiming_more_than_an_image_may_be_is_refused_before_reading_on()
    {
        var bytes = ImageBytes.Write(SampleImage.Create());
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(ImageBytes.LengthOffset), ImageFile.MaxLength + 1);

        var error = Should.Throw<ImageFormatException>(() => ImageReader.Read(new NonSeekableStream(bytes)));

        error.Problem.ShouldBe(ImageFormatProblem.Corrupted);
        error.Message.ShouldContain($"impossible image length ({ImageFile.MaxLength + 1} bytes)");
    }

    [Fact]
    public void Writing_over_a_device_is_refused_and_leaves_it_alone()
    {
        if (OperatingSystem.IsWindows()) return;
        string fifo = Fifo("network.nfx");

        Should.Throw<IOException>(() => ImageWriter.WriteFile(SampleImage.Create(), fifo)).Message.ShouldContain("not a regular file");

        FileKinds.Of(fifo).ShouldBe(FileKind.Other);
        Entries().ShouldBe(["network.nfx"]);
    }

    [Fact]
    public void Writing_to_a_folder_is_refused()
    {
        Should.Throw<IOException>(() => ImageWriter.WriteFile(SampleImage.Create(), _directory + Path.DirectorySeparatorChar))
            .Message.ShouldContain("is a folder");
        Entries().ShouldBeEmpty();
    }

    /// <summary>A killed write leaves its temporary; the next write to the same name removes it, and only it.</summary>
    [Fact]
    public void A_write_removes_stale_temporaries_of_its_own_name_only()
    {
        string path = Path.Combine(_directory, "network.nfx");
        string stale = ".network.nfx.0123456789abcdef0123456789abcdef.tmp";
        string[] others = [".network.nfx.notours.tmp", ".other.nfx.0123456789abcdef0123456789abcdef.tmp", ".network.nfx.0123456789ABCDEF0123456789ABCDEF.tmp"];
        foreach (var name in others.Append(stale)) File.WriteAllText(Path.Combine(_directory, name), "partial");

        ImageWriter.WriteFile(SampleImage.Create(), path);

        Entries().ShouldBe(others.Append("network.nfx").Order(StringComparer.Ordinal));
    }

    /// <summary>A write in progress holds its temporary locked; another write must not take it for a stale one.</summary>
    [Fact]
    public void A_write_keeps_the_temporary_of_a_write_in_progress()
    {
        if (OperatingSystem.IsWindows()) return;
        string path = Path.Combine(_directory, "network.nfx");
        string live = Path.Combine(_directory, ".network.nfx.0123456789abcdef0123456789abcdef.tmp");
        using (new FileStream(live, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            ImageWriter.WriteFile(SampleImage.Create(), path);
            File.Exists(live).ShouldBeTrue();
        }
    }

    [Fact]
    public void An_image_larger_than_the_limit_is_not_written()
    {
        string path = Path.Combine(_directory, "network.nfx");

        Should.Throw<IOException>(() => ImageFile.WriteAtomically(path, stream => stream.SetLength(ImageFile.MaxLength + 1)))
            .Message.ShouldContain($"at most {ImageFile.MaxLength} bytes");

        Entries().ShouldBeEmpty();
    }
}
