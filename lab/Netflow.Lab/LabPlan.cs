namespace Netflow.Lab;

/// <summary>
/// When a command of the plan runs: all of one phase before any of the next, so that peers and bridges exist. The
/// simulated tunnel links come after every device's own links, so that in each namespace they follow them in interface
/// order, as a tunnel device follows a node's NICs: a source the kernel takes off another device (a masquerade out of
/// a guest link, which has no address) is then the first NIC's, not the tunnel's.
/// </summary>
public enum LabPhase { Sysctl, Bridges, Links, Tunnels, Masters, Addresses, Routes, Fdb, Nft }

public enum LabTool { Ip, Bridge, Nft, Sysctl }

/// <summary>Lines for one tool in one namespace at one phase (one <c>ip -batch</c>, one nft script, one sysctl call).</summary>
public sealed record LabCommand(LabPhase Phase, string Namespace, LabTool Tool, IReadOnlyList<string> Lines);

/// <summary>A tunnel the kernel here cannot build, carried over a plain routed veth link between its two endpoints.</summary>
public sealed record SimulatedLink(string Tunnel, string Kind, int From, int To, string LinkName);

/// <summary>
/// Everything <c>lab up</c> creates, as data: the namespaces (the switch first), the commands by phase, which namespace
/// stands for which device, the tunnels it simulates and what it could not map (notes, shown by every report).
/// </summary>
public sealed class LabPlan
{
    public required LabName Lab { get; init; }
    public required IReadOnlyList<string> Namespaces { get; init; }
    public required IReadOnlyList<LabCommand> Commands { get; init; }
    /// <summary>Each device's namespace (for a distributed router, the one on its own host).</summary>
    public required IReadOnlyDictionary<int, string> NamespaceOf { get; init; }

    /// <summary>Every device namespace and the device it runs (a distributed router runs in several).</summary>
    public required IReadOnlyDictionary<string, int> Instances { get; init; }
    public required IReadOnlyList<SimulatedLink> Simulated { get; init; }
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>The device a namespace stands for, or -1 (the switch).</summary>
    public int DeviceOf(string netns) => Instances.TryGetValue(netns, out var device) ? device : -1;

    /// <summary>The plan as the shell commands it amounts to, for reading and for 'lab up --dry-run'.</summary>
    public IEnumerable<string> Describe()
    {
        foreach (var ns in Namespaces) yield return $"ip netns add {ns}";
        foreach (var command in Commands.OrderBy(c => c.Phase))
        {
            foreach (var line in command.Lines)
            {
                yield return command.Tool switch
                {
                    LabTool.Ip => $"ip -n {command.Namespace} {line}",
                    LabTool.Bridge => $"bridge -n {command.Namespace} {line}",
                    LabTool.Sysctl => $"ip netns exec {command.Namespace} sysctl -w {line}",
                    _ => $"ip netns exec {command.Namespace} nft '{line}'",
                };
            }
        }
    }
}
