namespace Netflow.Cli.Tests;

internal static class Repository
{
    /// <summary>The repository root, found from the test binaries by walking up to Dsl.sln.</summary>
    public static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Dsl.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Dsl.sln not found above the test binaries.");
    }
}
