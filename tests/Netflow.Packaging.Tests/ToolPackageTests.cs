using System.IO.Compression;

namespace Netflow.Packaging.Tests;

/// <summary>
/// The command as a .NET tool, in .NET 10's platform-specific packages: the pointer package and the framework-dependent
/// fallback, packed into a local folder feed in a temporary folder and installed from it into a temporary tool path. The
/// native linux-x64 package takes a Native AOT publish (minutes), so CI packs and installs it after the tests and runs
/// every command case against it (tests/aot/compare.sh).
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
    private const string Version = "0.0.0-test";

    private readonly DirectoryInfo temp = Directory.CreateTempSubdirectory("netflow-tool-package-");

    public void Dispose() => temp.Delete(recursive: true);

    [Fact]
    public void ThePointerPackage_NamesTheNativePackageAndTheFallback_AndTheFallbackInstallsAndChecksTheSample()
    {
        var feed = Path.Combine(temp.FullName, "feed");
        var tools = Path.Combine(temp.FullName, "tools");
        var config = Path.Combine(temp.FullName, "NuGet.config");
        File.WriteAllText(config, $"<configuration><packageSources><clear /><add key=\"feed\" value=\"{feed}\" /></packageSources></configuration>");
        var dotnet = new Dotnet(Path.Combine(temp.FullName, "packages"));
        dotnet.Succeed(Dotnet.Root, "pack", "compiler/Netflow.Cli", "--no-build", "-c", Dotnet.Configuration, "-o", feed, $"-p:PackageVersion={Version}");
        // The fallback is a build of its own (runtime 'any'); its outputs go to the temporary folder, not the repository's bin and obj.
        dotnet.Succeed(Dotnet.Root, "pack", "compiler/Netflow.Cli", "-r", "any", "-c", Dotnet.Configuration, "--artifacts-path",
            Path.Combine(temp.FullName, "artifacts"), "-o", feed, $"-p:PackageVersion={Version}");

        using (var pointer = ZipFile.OpenRead(Path.Combine(feed, $"Netflow.Cli.{Version}.nupkg")))
        {
            pointer.Entries.Select(e => e.FullName).ShouldNotContain(e => e.EndsWith(".dll", StringComparison.Ordinal));
            using var settings = new StreamReader(pointer.GetEntry("tools/any/any/DotnetToolSettings.xml")!.Open());
            var text = settings.ReadToEnd();
            text.ShouldContain("<RuntimeIdentifierPackage RuntimeIdentifier=\"linux-x64\" Id=\"Netflow.Cli.linux-x64\" />");
            text.ShouldContain("<RuntimeIdentifierPackage RuntimeIdentifier=\"any\" Id=\"Netflow.Cli.any\" />");
        }

        dotnet.Succeed(temp.FullName, "tool", "install", "Netflow.Cli.any", "--version", Version, "--tool-path", tools, "--configfile", config);
        var (exit, output) = Dotnet.Start(Path.Combine(tools, OperatingSystem.IsWindows() ? "netflow.exe" : "netflow"), Dotnet.Root,
            "check", "samples/csharp-consumer/network");
        exit.ShouldBe(0, output);
        // The sample's .editorconfig silences its one warning, as it does in the sample's build.
        output.Trim().ShouldBe("No problems in 3 files.");
    }
}
