namespace Netflow.Testing;

/// <summary>The repository the tests run in: its root, found from the test binaries by walking up to Dsl.sln.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    /// <summary>A path below the repository root.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Dsl.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Dsl.sln not found above the test binaries.");
    }
}
