using System.CommandLine;
using System.Runtime.InteropServices;
using Netflow.Lab;

namespace Netflow.Cli;

/// <summary>
/// <c>netflow lab up|down|test</c>: the design built in Linux network namespaces and its flows run with real packets
/// (docs/lab.md). Needs root, <c>ip</c> and <c>nft</c>; without them it says so in one line and exits 2.
/// </summary>
internal static class LabCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var name = new Option<string>("--name", "-n")
        {
            Description = "The lab's name (1 to 8 lower-case letters or digits); its namespaces are nfl-NAME-*. Two labs of different names never collide.",
            DefaultValueFactory = _ => "lab",
        };
        var command = new Command("lab", "Build the network in Linux network namespaces and compare the engine with the kernel, flow by flow (docs/lab.md).")
        {
            Up(name, stdout, stderr),
            Down(name, stdout, stderr),
            Test(name, stdout, stderr),
        };
        return command;
    }

    private static Argument<string[]> Paths() => new("paths")
    {
        Description = ".netflow files or folders (compiled first), or one table image written by 'netflow build'.",
        Arity = ArgumentArity.OneOrMore,
    };

    private static Command Up(Option<string> name, TextWriter stdout, TextWriter stderr)
    {
        var paths = Paths();
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the commands the lab would run, and run none." };
        var command = new Command("up", "Build the lab (namespaces, bridges, veth links, routes, nftables NAT, VXLAN) and leave it up; 'netflow lab down' removes it.")
        {
            paths, name, dryRun,
        };
        command.SetAction(parse => Guarded(parse.GetValue(name)!, stderr, !parse.GetValue(dryRun), lab =>
        {
            var image = ImageSource.Load(parse.GetValue(paths)!, stderr, out var exit);
            if (image is null) return exit;
            var plan = LabBuilder.Build(image, lab);
            if (parse.GetValue(dryRun))
            {
                foreach (var line in plan.Describe()) stdout.WriteLine(line);
                return NetflowCli.Success;
            }
            Netflow.Lab.Lab.Up(plan).Plan.Notes.ToList().ForEach(n => stdout.WriteLine($"note: {n}"));
            stdout.WriteLine($"lab {lab} is up: {plan.Namespaces.Count} namespaces ({lab.Prefix}*), {plan.Simulated.Count} simulated tunnel links; 'netflow lab down --name {lab}' removes it.");
            return NetflowCli.Success;
        }));
        return command;
    }

    private static Command Down(Option<string> name, TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("down", "Remove every namespace of the lab (and with them its links, bridges, routes and rules).") { name };
        command.SetAction(parse => Guarded(parse.GetValue(name)!, stderr, true, lab =>
        {
            var deleted = Netflow.Lab.Lab.Down(new HostCommands(lab));
            stdout.WriteLine($"lab {lab} is down: {deleted} namespaces removed.");
            return NetflowCli.Success;
        }));
        return command;
    }

    private static Command Test(Option<string> name, TextWriter stdout, TextWriter stderr)
    {
        var paths = Paths();
        var format = new Option<string>("--format", "-f")
        {
            Description = "'text' (a table: flow, engine, kernel, agree?) or 'json' (docs/lab.md).",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnly("text", "json");
        var command = new Command("test",
            "Build the lab, send every declared flow's real packet and let its reply come back, compare the kernel's path with the engine's " +
            "hop by hop and by disposition, then take the lab down. Exit code 0 when every flow agrees, 1 when one does not, 2 when the lab cannot run.")
        {
            paths, name, format,
        };
        command.SetAction(parse => Guarded(parse.GetValue(name)!, stderr, true, lab =>
        {
            var image = ImageSource.Load(parse.GetValue(paths)!, stderr, out var exit);
            if (image is null) return exit;
            using var cancel = new CancellationTokenSource();
            // Ctrl-C and SIGTERM stop between flows; the lab comes down on the way out.
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; cancel.Cancel(); });
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cancel.Cancel(); });
            LabReport report;
            try
            {
                report = new LabTest(image, lab).Run(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                stderr.WriteLine($"netflow: lab test interrupted; lab {lab} was taken down.");
                return NetflowCli.UsageError;
            }
            if (parse.GetValue(format) == "json") LabReportWriter.WriteJson(stdout, report);
            else LabReportWriter.WriteText(stdout, report);
            return report.Agrees ? NetflowCli.Success : NetflowCli.Failure;
        }));
        return command;
    }

    /// <summary>Checks the name and, when the lab will touch the system, root and the tools; a lab failure is one line, exit 2.</summary>
    private static int Guarded(string value, TextWriter stderr, bool needsSystem, Func<LabName, int> action)
    {
        if (LabName.TryCreate(value) is not { } lab)
        {
            stderr.WriteLine($"netflow: '{value}' is not a lab name: use 1 to 8 lower-case letters or digits.");
            return NetflowCli.UsageError;
        }
        if (needsSystem && HostCommands.MissingPrerequisite() is { } missing)
        {
            stderr.WriteLine($"netflow: {missing}.");
            return NetflowCli.UsageError;
        }
        try
        {
            return action(lab);
        }
        catch (LabException e)
        {
            stderr.WriteLine($"netflow: {e.Message}");
            return NetflowCli.UsageError;
        }
    }
}
