using System.Runtime.InteropServices;
using System.Text;

namespace Netflow.Cli.Tests;

/// <summary>
/// Outputs and paths: 'build -o' writes only to regular files or new paths, bad output paths are usage errors, and
/// source folders are read honestly (each real folder once, FIFOs and undecodable names refused with the real reason).
/// </summary>
public sealed class PathSafetyTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netflow-paths-").FullName;
    private static readonly string Sample = Path.Combine(Repository.Root(), "samples", "ibm-cloud-hybrid");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [DllImport("libc", EntryPoint = "mkfifo")]
    private static extern int MakeFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);

    private string Fifo(string name)
    {
        string path = Path.Combine(_directory, name);
        MakeFifo(path, Convert.ToInt32("600", 8)).ShouldBe(0);
        return path;
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("/")]
    public void Build_ToAnEmptyPathOrTheRoot_IsAUsageError(string output)
    {
        var (exit, _, error) = Repository.Netflow("build", Sample, "-o", output);

        exit.ShouldBe(2);
        error.Trim().Split('\n').ShouldHaveSingleItem().ShouldStartWith("netflow: ");
    }

    [Fact]
    public void Build_IntoAFolderThatDoesNotExist_SaysWhichFolder()
    {
        string output = Path.Combine(_directory, "missing", "network.nfx");

        var (exit, _, error) = Repository.Netflow("build", Sample, "-o", output);

        exit.ShouldBe(2);
        error.Trim().ShouldBe($"netflow: cannot write '{output}': the folder '{Path.Combine(_directory, "missing")}' does not exist.");
    }

    [Fact]
    public void Build_OverAFifo_IsRefusedAndLeavesIt()
    {
        if (OperatingSystem.IsWindows()) return;
        string fifo = Fifo("network.nfx");

        var (exit, _, error) = Repository.Netflow("build", Sample, "-o", fifo);

        exit.ShouldBe(2);
        error.ShouldContain("not a regular file");
        Netflow.Runtime.Image.FileKinds.Of(fifo).ShouldBe(Netflow.Runtime.Image.FileKind.Other);
        Directory.GetFileSystemEntries(_directory).ShouldBe([fifo]);
    }

    [Fact]
    public void Build_RemovesTheTemporaryAKilledBuildLeft()
    {
        string stale = Path.Combine(_directory, ".network.nfx.0123456789abcdef0123456789abcdef.tmp");
        File.WriteAllText(stale, "half an image");

        Repository.Netflow("build", Sample, "-o", Path.Combine(_directory, "network.nfx")).Exit.ShouldBe(0);

        Directory.GetFileSystemEntries(_directory).ShouldBe([Path.Combine(_directory, "network.nfx")]);
    }

    [Fact]
    public void Flows_OnAFifo_IsRefusedWithoutBlocking()
    {
        if (OperatingSystem.IsWindows()) return;
        string fifo = Fifo("network.nfx");

        var (exit, _, error) = Repository.Netflow("flows", fifo);

        exit.ShouldBe(2);
        error.Trim().ShouldBe($"netflow: '{fifo}' is not a regular file (a device, FIFO or socket); a table image is read only from a regular file.");
    }

    [Fact]
    public void Check_OnAFifoInAFolder_SaysSoWithoutBlocking()
    {
        if (OperatingSystem.IsWindows()) return;
        File.Copy(Path.Combine(Sample, "dns.netflow"), Path.Combine(_directory, "dns.netflow"));
        string fifo = Fifo("pipe.netflow");

        var (exit, _, error) = Repository.Netflow("check", _directory);

        exit.ShouldBe(2);
        error.ShouldContain("it is not a regular file");
        error.ShouldContain("pipe.netflow");
    }

    /// <summary>A sparse file costs no disk, but reading it costs its length three times over (bytes, text, tokens).</summary>
    [Fact]
    public void Check_OnASourceFileLargerThanTheLimit_IsRefusedBeforeReadingIt()
    {
        string huge = Path.Combine(_directory, "huge.netflow");
        using (var stream = File.Create(huge)) stream.SetLength(Netflow.Compiler.SourceLoader.MaxFileLength + 1);

        var (exit, _, error) = Repository.Netflow("check", huge);

        exit.ShouldBe(2);
        error.Trim().ShouldBe($"netflow: cannot read '{huge}': it has {Netflow.Compiler.SourceLoader.MaxFileLength + 1} bytes, and a .netflow file has at most {Netflow.Compiler.SourceLoader.MaxFileLength}; split the network into several files.");
    }

    /// <summary>A link back to an ancestor used to make every file count once per level, up to the kernel's limit of 40.</summary>
    [Fact]
    public void Check_ThroughASymlinkCycle_ReadsEachFileOnce()
    {
        foreach (var file in Directory.EnumerateFiles(Sample, "*.netflow")) File.Copy(file, Path.Combine(_directory, Path.GetFileName(file)));
        Directory.CreateDirectory(Path.Combine(_directory, "sub"));
        Directory.CreateSymbolicLink(Path.Combine(_directory, "sub", "up"), "..");
        Directory.CreateSymbolicLink(Path.Combine(_directory, "again"), _directory);

        var (exit, output, error) = Repository.Netflow("check", _directory);

        error.ShouldBeEmpty();
        output.ShouldNotContain("NF1002");
        output.ShouldContain($"No problems in {Directory.GetFiles(Sample, "*.netflow").Length} files.");
        exit.ShouldBe(0);
    }

    /// <summary>.NET cannot open a file whose name is not UTF-8; the message says that, not that the file is missing.</summary>
    [Fact]
    public void Check_OnAFolderWithANameThatIsNotUtf8_SaysSo()
    {
        if (!OperatingSystem.IsLinux()) return;
        File.Copy(Path.Combine(Sample, "dns.netflow"), Path.Combine(_directory, "dns.netflow"));
        byte[] name = [.. Encoding.UTF8.GetBytes(_directory + "/caf"), 0xE9, .. ".netflow"u8, 0];
        int descriptor = Create(name, Convert.ToInt32("600", 8));
        descriptor.ShouldBeGreaterThanOrEqualTo(0);
        Close(descriptor);

        var (exit, _, error) = Repository.Netflow("check", _directory);
        Unlink(name).ShouldBe(0); // .NET could not delete it either.

        exit.ShouldBe(2);
        error.ShouldContain("its file name is not valid UTF-8");
        error.ShouldNotContain("Could not find");
    }

    [DllImport("libc", EntryPoint = "creat")]
    private static extern int Create(byte[] path, int mode);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int descriptor);

    [DllImport("libc", EntryPoint = "unlink")]
    private static extern int Unlink(byte[] path);
}
