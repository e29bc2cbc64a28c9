namespace Netflow.Packaging.Tests;

/// <summary>The command as a .NET tool: packed from its build, installed from a local folder feed into a temporary tool path.</summary>
public sealed class ToolPackageTests : IDisposable
{
    private const string Version = "0.0.0-test";

    private readonly DirectoryInfo temp = Directory.CreateTempSubdirectory("netflow-tool-package-");

    public void Dispose() => temp.Delete(recursive: true);

    [Fact]
    public void TheTool_InstallsFromALocalFeed_AndChecksTheSample()
    {
        var feed = Path.Combine(temp.FullName, "feed");
        var tools = Path.Combine(temp.FullName, "tools");
        var config = Path.Combine(temp.FullName, "NuGet.config");
        File.WriteAllText(config, $"<configuration><packageSources><clear /><add key=\"feed\" value=\"{feed}\" /></packageSources></configuration>");
        var dotnet = new Dotnet(Path.Combine(temp.FullName, "packages"));
        dotnet.Succeed(Dotnet.Root, "pack", "compiler/Netflow.Cli", "--no-build", "-c", Dotnet.Configuration, "-o", feed, $"-p:PackageVersion={Version}");
        dotnet.Succeed(temp.FullName, "tool", "install", "Netflow.Cli", "--version", Version, "--tool-path", tools, "--configfile", config);

        var (exit, output) = Dotnet.Start(Path.Combine(tools, OperatingSystem.IsWindows() ? "netflow.exe" : "netflow"), Dotnet.Root,
            "check", "samples/csharp-consumer/network");
        exit.ShouldBe(0, output);
        // The sample's .editorconfig silences its one warning, as it does in the sample's build.
        output.Trim().ShouldBe("No problems in 3 files.");
    }
}
