using Netflow.Runtime.Image;

namespace Netflow.Runtime.Tests.Image;

/// <summary><see cref="ImageWriter.WriteFile"/> replaces the target atomically or not at all, and leaves no temporary file.</summary>
public sealed class ImageFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netflow-image-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string[] Entries() => Directory.GetFileSystemEntries(_directory).Select(Path.GetFileName).Order().ToArray()!;

    [Fact]
    public void Writes_a_file_that_reads_back()
    {
        string path = Path.Combine(_directory, "network.nfx");

        ImageWriter.WriteFile(SampleImage.Create(), path);

        ImageAssert.ShouldEqual(ImageReader.ReadFile(path), SampleImage.Create());
        File.ReadAllBytes(path).ShouldBe(ImageBytes.Write(SampleImage.Create()));
        Entries().ShouldBe(["network.nfx"]);
    }

    [Fact]
    public void Replaces_an_existing_file()
    {
        string path = Path.Combine(_directory, "network.nfx");
        File.WriteAllText(path, "an older image");

        ImageWriter.WriteFile(SampleImage.Create(), path);

        ImageAssert.ShouldEqual(ImageReader.ReadFile(path), SampleImage.Create());
        Entries().ShouldBe(["network.nfx"]);
    }

    [Fact]
    public void An_image_that_cannot_be_written_leaves_the_existing_file_alone()
    {
        string path = Path.Combine(_directory, "network.nfx");
        var existing = ImageBytes.Write(SampleImage.Create());
        File.WriteAllBytes(path, existing);
        var bad = SampleImage.Create();
        bad.Routes.Device[0] = 42;

        Should.Throw<ArgumentException>(() => ImageWriter.WriteFile(bad, path));

        File.ReadAllBytes(path).ShouldBe(existing);
        Entries().ShouldBe(["network.nfx"]);
    }

    /// <summary>The temporary file is written, then the move fails: it must be deleted and the target left as it was.</summary>
    [Fact]
    public void A_failure_after_the_temporary_file_is_written_deletes_it()
    {
        string path = Path.Combine(_directory, "network.nfx");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "inside.txt"), "keep");

        Should.Throw<Exception>(() => ImageWriter.WriteFile(SampleImage.Create(), path)).ShouldBeAssignableTo<IOException>();

        Entries().ShouldBe(["network.nfx"]);
        File.ReadAllText(Path.Combine(path, "inside.txt")).ShouldBe("keep");
    }

    [Fact]
    public void A_directory_that_does_not_exist_throws_and_creates_nothing()
    {
        string path = Path.Combine(_directory, "missing", "network.nfx");

        Should.Throw<DirectoryNotFoundException>(() => ImageWriter.WriteFile(SampleImage.Create(), path));

        Entries().ShouldBeEmpty();
    }
}
