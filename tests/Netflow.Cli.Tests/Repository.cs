namespace Netflow.Cli.Tests;

internal static class Repository
{
    /// <summary>Runs the netflow command in-process: its exit code and what it printed to each stream.</summary>
    public static (int Exit, string Out, string Err) Netflow(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = NetflowCli.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The repository root, found from the test binaries by walking up to Dsl.sln.</summary>
    public static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Dsl.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Dsl.sln not found above the test binaries.");
    }
}
