using System.Diagnostics;
using System.Text;

namespace Netflow.Lab;

/// <summary>
/// The only way the lab runs a program. Every command runs inside one of the lab's namespaces (<c>ip -n NS</c> or
/// <c>ip netns exec NS</c>) or is one of the namespace verbs of <c>ip netns</c> on a name the lab owns; anything else is
/// refused before it runs. Every run is bounded in time and killed when it overstays.
/// </summary>
public sealed class HostCommands(LabName lab)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public LabName Lab => lab;

    /// <summary>The tools the lab needs, or a sentence saying what is missing.</summary>
    public static string? MissingPrerequisite()
    {
        if (!OperatingSystem.IsLinux()) return "the lab needs Linux network namespaces";
        if (Environment.UserName != "root" && !IsRoot()) return "the lab needs root (network namespaces, veth, nftables)";
        foreach (var tool in new[] { "ip", "nft", "bridge" })
        {
            if (Which(tool) is null) return $"the lab needs the '{tool}' program (Debian packages iproute2 and nftables)";
        }
        return null;
    }

    private static bool IsRoot() => File.Exists("/proc/self/status") &&
        File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal)) is { } line &&
        line.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries) is [_, "0", ..];

    private static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").Split(':')
            .Concat(["/usr/sbin", "/sbin"]).Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);

    /// <summary>The namespaces on this machine (all of them: listing is harmless).</summary>
    public IReadOnlyList<string> ListNamespaces() =>
        Directory.Exists("/run/netns") ? Directory.GetFiles("/run/netns").Select(Path.GetFileName).OfType<string>().OrderBy(n => n, StringComparer.Ordinal).ToList() : [];

    public void AddNamespace(string netns) => Check(Run("ip", ["netns", "add", Owned(netns)], null));

    public CommandResult DeleteNamespace(string netns) => Run("ip", ["netns", "del", Owned(netns)], null);

    /// <summary><c>ip -n NS -batch -</c>: one ip command per line, all inside the namespace.</summary>
    public CommandResult IpBatch(string netns, IEnumerable<string> lines) =>
        Run("ip", ["-n", Owned(netns), "-batch", "-"], string.Join('\n', lines) + "\n");

    public CommandResult Ip(string netns, params string[] args) => Run("ip", ["-n", Owned(netns), .. args], null);

    public CommandResult Bridge(string netns, IEnumerable<string> lines) =>
        Run("bridge", ["-n", Owned(netns), "-batch", "-"], string.Join('\n', lines) + "\n");

    /// <summary>An nft script (or a listing) run inside the namespace.</summary>
    public CommandResult Nft(string netns, string script) => Run("ip", ["netns", "exec", Owned(netns), "nft", "-f", "-"], script);

    /// <summary>An nft listing in JSON (<c>nft -j list ...</c>; a script read with -f prints nothing).</summary>
    public CommandResult NftJson(string netns, params string[] command) => Run("ip", ["netns", "exec", Owned(netns), "nft", "-j", .. command], null);

    public CommandResult Sysctl(string netns, IEnumerable<string> settings) =>
        Run("ip", ["netns", "exec", Owned(netns), "sysctl", "-q", "-e", "-w", .. settings], null);

    private string Owned(string netns) =>
        lab.Owns(netns) ? netns : throw new InvalidOperationException($"refusing to touch namespace '{netns}': it is not one of lab {lab}'s");

    public static void Check(CommandResult result)
    {
        if (!result.Ok) throw new LabException(result.Describe());
    }

    private static CommandResult Run(string program, string[] args, string? stdin)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new LabException($"cannot start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (stdin is not null) process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(Timeout))
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            return new CommandResult($"{program} {string.Join(' ', args)}", -1, "", $"timed out after {Timeout.TotalSeconds}s");
        }
        return new CommandResult($"{program} {string.Join(' ', args)}", process.ExitCode, output.Result, error.Result);
    }
}

public sealed record CommandResult(string Command, int ExitCode, string Output, string Error)
{
    public bool Ok => ExitCode == 0;

    public string Describe()
    {
        var text = new StringBuilder($"'{Command}' failed ({ExitCode})");
        var first = (Error.Length > 0 ? Error : Output).Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (first is not null) text.Append(": ").Append(first.Trim());
        return text.ToString();
    }
}

/// <summary>The lab could not be built or run; the message is one line for the user.</summary>
public sealed class LabException(string message) : Exception(message);
