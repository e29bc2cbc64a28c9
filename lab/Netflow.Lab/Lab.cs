namespace Netflow.Lab;

/// <summary>
/// A lab that is up: its namespaces exist and hold the design. <see cref="Up"/> first removes what a killed run of the
/// same name left; <see cref="Dispose"/> removes everything (deleting a namespace deletes its links, bridges, routes,
/// rules and conntrack state; nothing of the lab lives outside its namespaces).
/// </summary>
public sealed class Lab : IDisposable
{
    /// <summary>How many host commands run at once: process starts are cheap, the machine's cores are few.</summary>
    private const int Parallelism = 4;

    private Lab(LabPlan plan, HostCommands host)
    {
        Plan = plan;
        Host = host;
    }

    public LabPlan Plan { get; }

    public HostCommands Host { get; }

    public LabName Name => Plan.Lab;

    public static Lab Up(LabPlan plan, CancellationToken cancel = default)
    {
        var host = new HostCommands(plan.Lab);
        Down(host);
        var lab = new Lab(plan, host);
        try
        {
            foreach (var ns in plan.Namespaces)
            {
                cancel.ThrowIfCancellationRequested();
                host.AddNamespace(ns);
            }
            foreach (var phase in plan.Commands.GroupBy(c => c.Phase).OrderBy(g => g.Key))
            {
                cancel.ThrowIfCancellationRequested();
                var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
                Parallel.ForEach(phase, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancel }, command =>
                {
                    var result = command.Tool switch
                    {
                        LabTool.Ip => host.IpBatch(command.Namespace, command.Lines),
                        LabTool.Bridge => host.Bridge(command.Namespace, command.Lines),
                        LabTool.Nft => host.Nft(command.Namespace, string.Join('\n', command.Lines)),
                        _ => host.Sysctl(command.Namespace, command.Lines),
                    };
                    if (!result.Ok) failures.Add($"{command.Phase} in {command.Namespace}: {result.Describe()}");
                });
                if (!failures.IsEmpty) throw new LabException("the lab could not be built: " + failures.OrderBy(f => f, StringComparer.Ordinal).First());
            }
            return lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    public void Dispose() => Down(Host);

    /// <summary>Deletes every namespace of the lab; how many it deleted. Bounded: three passes at most.</summary>
    public static int Down(HostCommands host)
    {
        var deleted = 0;
        for (var pass = 0; pass < 3; pass++)
        {
            var owned = host.ListNamespaces().Where(host.Lab.Owns).ToList();
            if (owned.Count == 0) break;
            foreach (var ns in owned)
            {
                if (host.DeleteNamespace(ns).Ok) deleted++;
            }
        }
        return deleted;
    }
}
