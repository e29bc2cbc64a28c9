using System.Diagnostics;
using System.Reflection;
using Netflow.Testing;

namespace Netflow.Packaging.Tests;

/// <summary>Runs the dotnet CLI as a user would, in a clean environment, with its own package folder.</summary>
public sealed class Dotnet(string packages)
{
    /// <summary>The configuration these tests were built in: the projects they pack were built in it too.</summary>
    public static string Configuration { get; } =
        typeof(Dotnet).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string Root => Repository.Root;

    public (int Exit, string Output) Run(string workingDirectory, params string[] args) =>
        Start(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", workingDirectory, args, packages);

    /// <summary>Runs a program and returns its exit code and everything it printed.</summary>
    public static (int Exit, string Output) Start(string program, string workingDirectory, params string[] args) =>
        Start(program, workingDirectory, args, packages: null);

    private static (int Exit, string Output) Start(string program, string workingDirectory, string[] args, string? packages)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // The test host runs inside an MSBuild task; a nested build must not inherit that build's settings.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList()) start.Environment.Remove(key);
        if (packages is not null) start.Environment["NUGET_PACKAGES"] = packages;
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        // A guard against a hang, not a timing assertion.
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish.");
        }
        return (process.ExitCode, output + error.Result);
    }

    public void Succeed(string workingDirectory, params string[] args)
    {
        var (exit, output) = Run(workingDirectory, args);
        exit.ShouldBe(0, $"dotnet {string.Join(' ', args)} failed:\n{output}");
    }

    /// <summary>A copy of a folder, without build outputs.</summary>
    public static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj") continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, relative))!);
            File.Copy(file, Path.Combine(to, relative));
        }
    }
}
