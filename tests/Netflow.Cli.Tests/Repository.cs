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

    /// <summary>The repository root (found once by Netflow.Testing).</summary>
    public static string Root() => global::Netflow.Testing.Repository.Root;
}
