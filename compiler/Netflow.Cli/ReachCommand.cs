using System.CommandLine;
using Netflow.Cli.Output;
using System.Globalization;
using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;
using Netflow.Runtime.Rendering;

namespace Netflow.Cli;

/// <summary><c>netflow reach PATHS...|IMAGE [--from SET] [--to SET] [--port LIST] [--format text|json]</c></summary>
internal static class ReachCommand
{
    /// <summary>The devices a reachability question is about when no set is given: where workloads and users are.</summary>
    private static readonly DeviceKind[] EndpointKinds = [DeviceKind.Vm, DeviceKind.Pod, DeviceKind.Client, DeviceKind.DnsServer];

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = ".netflow files or folders (compiled first), or one table image written by 'netflow build'.",
            Arity = ArgumentArity.OneOrMore,
        };
        var from = new Option<string>("--from")
        {
            Description = "The source devices, comma-separated: qualified names (internet.user), last name parts (every device they end: web-1) " +
                "or globs on the qualified name (ibm-cloud.iks.*). Default: every vm, pod, client and dns-server.",
        };
        var to = new Option<string>("--to") { Description = "The destination devices, as --from; the same default." };
        var ports = new Option<string>("--port")
        {
            Description = "The services to probe, comma-separated: 443 (tcp), tcp/443, udp/53 (ports 1 to 65535), icmp (echo, no port). Default: the ports each destination serves, else icmp.",
        };
        var format = new Option<string>("--format", "-f") { Description = "'text' (a matrix and the failing pairs) or 'json'.", DefaultValueFactory = _ => "text" };
        format.AcceptOnly("text", "json");
        var pathStyle = DiagnosticPaths.CreateOption(stderr);
        var command = new Command("reach",
            "Every source to every destination on the given ports, with replies, on all cores: a matrix, and why each failing pair fails. " +
            "Exit code 0 when every pair holds, 1 otherwise, 2 for bad input. Example: netflow reach samples/ibm-cloud-hybrid --from 'ibm-cloud.iks.web-*' --to vcs.db")
        {
            paths, from, to, ports, format, pathStyle,
        };
        command.SetAction(parse => Run(parse.GetValue(paths)!, parse.GetValue(from), parse.GetValue(to), parse.GetValue(ports), parse.GetValue(format)!, DiagnosticPaths.From(parse, pathStyle), stdout, stderr));
        return command;
    }

    private static int Run(string[] paths, string? from, string? to, string? portList, string format, DiagnosticPaths display, TextWriter stdout, TextWriter stderr)
    {
        // Services are read before anything is compiled, so that bad usage is one line with nothing before it.
        if (!TryServices(portList, out var services, out var error))
        {
            stderr.WriteLine($"netflow: {Printable.Escape(error)}");
            return NetflowCli.UsageError;
        }
        var image = ImageSource.Load(paths, stderr, out var exit, display);
        if (image is null) return exit;
        var engine = new ForwardingEngine(image);
        if (!TryDevices(engine, from, "--from", out var sources, out error) || !TryDevices(engine, to, "--to", out var destinations, out error))
        {
            stderr.WriteLine($"netflow: {Printable.Escape(error)}");
            return NetflowCli.UsageError;
        }
        if ((Senders.SkipNonSenders(engine, ref sources, stderr) ?? SkipUnaddressed(engine, ref destinations, stderr)) is { } none)
        {
            stderr.WriteLine($"netflow: {Printable.Escape(none)}");
            return NetflowCli.UsageError;
        }
        var targets = destinations.SelectMany(d => (services ?? Reachability.ServedBy(image, d)).Select(s => (d, s))).ToList();
        var answers = Reachability.Run(engine, sources, targets);
        if (answers.Length == 0)
        {
            stderr.WriteLine("netflow: --from and --to leave no pair to probe: a device is never probed against itself.");
            return NetflowCli.UsageError;
        }
        var failures = Explain(engine, answers);

        if (format == "json") WriteJson(stdout, engine, sources, destinations, answers, failures);
        else WriteText(stdout, engine, sources, destinations, answers, failures);
        return exit == NetflowCli.Success && failures.Count == 0 ? NetflowCli.Success : NetflowCli.Failure;
    }

    /// <summary>Why each failing pair fails, in words, from its full trace (run again with steps: failures are the few worth explaining).</summary>
    private static Dictionary<int, string> Explain(ForwardingEngine engine, ReachAnswer[] answers)
    {
        var failures = new Dictionary<int, string>();
        for (var i = 0; i < answers.Length; i++)
        {
            if (answers[i].Holds) continue;
            var (source, start) = (answers[i].Pair.Source, answers[i].Start);
            var sessions = new NatSessions();
            var forward = engine.Execute(source, start, sessions);
            var reply = forward.Disposition == Disposition.Accepted ? engine.Execute(forward.LastDevice, forward.Final.Reply(), sessions, opensConnection: false) : null;
            failures[i] = forward.Disposition != Disposition.Accepted
                ? $"{Words.Of(forward.Disposition)}: {TraceWords.Reason(engine.Image, forward)}"
                : FlowRunner.ReplyFailure(source, forward, reply) is { } lost ? FlowWords.Of(engine.Image, lost) : "the reply does not get back";
        }
        return failures;
    }

    private static void WriteText(TextWriter stdout, ForwardingEngine engine, IReadOnlyList<int> sources, IReadOnlyList<int> destinations,
        ReachAnswer[] answers, Dictionary<int, string> failures)
    {
        string Name(int device) => Printable.Escape(engine.DeviceName(device));
        var cells = answers.GroupBy(a => (a.Pair.Source, a.Pair.Destination)).ToDictionary(g => g.Key, g => (Holding: g.Count(a => a.Holds), Total: g.Count()));
        stdout.WriteLine($"Reach: {sources.Count} source{(sources.Count == 1 ? "" : "s")} × {destinations.Count} destination{(destinations.Count == 1 ? "" : "s")}, {answers.Length} pair{(answers.Length == 1 ? "" : "s")}");
        var width = sources.Max(s => Name(s).Length);
        var columns = destinations.Select((_, i) => (i + 1).ToString(CultureInfo.InvariantCulture)).ToList();
        var cell = Math.Max(2, columns.Max(c => c.Length) + 1);
        stdout.WriteLine(new string(' ', width) + string.Concat(columns.Select(c => c.PadLeft(cell))));
        foreach (var source in sources)
        {
            var row = destinations.Select(d => (cells.TryGetValue((source, d), out var c) ? c.Holding == c.Total ? "✓" : c.Holding == 0 ? "✗" : "~" : "·").PadLeft(cell));
            stdout.WriteLine(Name(source).PadRight(width) + string.Concat(row));
        }
        for (var i = 0; i < destinations.Count; i++)
        {
            var served = answers.Where(a => a.Pair.Destination == destinations[i]).Select(a => a.Pair.Service).Distinct();
            stdout.WriteLine($"{columns[i].PadLeft(cell)} = {Name(destinations[i])} ({string.Join(", ", served)})");
        }
        stdout.WriteLine("✓ every service holds, ✗ none does, ~ some do, · not probed (the device itself).");
        if (failures.Count > 0)
        {
            stdout.WriteLine("Failing pairs:");
            foreach (var (i, why) in failures.OrderBy(f => f.Key))
            {
                var pair = answers[i].Pair;
                stdout.WriteLine($"  ✗ {Name(pair.Source)} → {Name(pair.Destination)} {pair.Service}: {Printable.Escape(why)}");
            }
        }
        var holding = answers.Length - failures.Count;
        stdout.WriteLine(failures.Count > 0 ? $"{holding} of {answers.Length} pairs hold." : answers.Length == 1 ? "The pair holds." : $"All {answers.Length} pairs hold.");
    }

    private static void WriteJson(TextWriter stdout, ForwardingEngine engine, IReadOnlyList<int> sources, IReadOnlyList<int> destinations,
        ReachAnswer[] answers, Dictionary<int, string> failures) =>
        JsonOutput.Write(stdout, json =>
        {
            json.WriteStartObject();
            json.WriteNumber("version", 1);
            json.WriteStartArray("sources");
            foreach (var source in sources) json.WriteStringValue(engine.DeviceName(source));
            json.WriteEndArray();
            json.WriteStartArray("destinations");
            foreach (var destination in destinations) json.WriteStringValue(engine.DeviceName(destination));
            json.WriteEndArray();
            json.WriteStartArray("pairs");
            for (var i = 0; i < answers.Length; i++)
            {
                var answer = answers[i];
                json.WriteStartObject();
                json.WriteString("from", engine.DeviceName(answer.Pair.Source));
                json.WriteString("to", engine.DeviceName(answer.Pair.Destination));
                json.WriteString("service", answer.Pair.Service.ToString());
                json.WriteBoolean("holds", answer.Holds);
                json.WriteString("disposition", Words.Of(answer.Forward.Disposition));
                if (answer.Reply is { } reply) json.WriteString("reply", Words.Of(reply.Disposition));
                if (failures.TryGetValue(i, out var why)) json.WriteString("failure", why);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteNumber("holding", answers.Length - failures.Count);
            json.WriteNumber("total", answers.Length);
            json.WriteEndObject();
        });

    /// <summary>A set of devices: comma-separated qualified names, last name parts (every device they end), or globs with '*'.</summary>
    private static bool TryDevices(ForwardingEngine engine, string? set, string option, out IReadOnlyList<int> devices, out string error)
    {
        error = "";
        var image = engine.Image;
        if (set is null)
        {
            devices = Enumerable.Range(0, image.Devices.Count).Where(d => EndpointKinds.Contains(image.Devices.Kind[d])).ToList();
            if (devices.Count == 0) error = $"the network has no vm, pod, client or dns-server; name the devices with {option}.";
            return devices.Count > 0;
        }
        var chosen = new List<int>();
        foreach (var item in set.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var matches = item.Contains('*', StringComparison.Ordinal)
                ? Enumerable.Range(0, image.Devices.Count).Where(d => Glob(item, engine.DeviceName(d))).ToList()
                : engine.FindDevices(item);
            if (matches.Count == 0)
            {
                devices = [];
                error = item.Contains(':', StringComparison.Ordinal) ? $"'{item}' in {option} names a port; --from and --to name devices, --port the services (443, udp/53)."
                    : $"no device matches '{item}' in {option}; give qualified names (internet.user), last name parts (web-1) or globs (ibm-cloud.iks.*).";
                return false;
            }
            chosen.AddRange(matches.Where(d => !chosen.Contains(d)));
        }
        devices = chosen;
        if (chosen.Count == 0) error = $"{option} names no device.";
        return chosen.Count > 0;
    }

    /// <summary>Drops the destinations without an address (a probe would go to 0.0.0.0), with a note; null, or why none is left.</summary>
    private static string? SkipUnaddressed(ForwardingEngine engine, ref IReadOnlyList<int> destinations, TextWriter stderr)
    {
        var skipped = destinations.Where(d => engine.DestinationAddress(d) == 0).ToList();
        if (skipped.Count == 0) return null;
        destinations = destinations.Except(skipped).ToList();
        if (destinations.Count == 0) return $"'{engine.DeviceName(skipped[0])}' has no address to send to; --to names no device with an address.";
        stderr.WriteLine($"netflow: note: --to skips {Printable.Escape(string.Join(", ", skipped.Select(engine.DeviceName)))}: devices without an address receive no packets.");
        return null;
    }

    /// <summary>'*' matches any run of characters, everything else itself.</summary>
    private static bool Glob(string pattern, string name)
    {
        var parts = pattern.Split('*');
        if (!name.StartsWith(parts[0], StringComparison.Ordinal) || !name.EndsWith(parts[^1], StringComparison.Ordinal) || name.Length < parts[0].Length + parts[^1].Length) return false;
        var at = parts[0].Length;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var found = name.IndexOf(parts[i], at, StringComparison.Ordinal);
            if (found < 0 || found + parts[i].Length > name.Length - parts[^1].Length) return false;
            at = found + parts[i].Length;
        }
        return true;
    }

    /// <summary>Services: 443 (tcp), tcp/443, udp/53, icmp; null when none are given.</summary>
    private static bool TryServices(string? list, out IReadOnlyList<Service>? services, out string error)
    {
        services = null;
        error = "";
        if (list is null) return true;
        var parsed = new List<Service>();
        foreach (var item in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var lower = item.ToLowerInvariant();
            if (lower == "icmp")
            {
                parsed.Add(Service.IcmpEcho);
                continue;
            }
            var slash = lower.IndexOf('/');
            var (protocolText, portText) = slash < 0 ? ("tcp", lower) : (lower[..slash], lower[(slash + 1)..]);
            if (protocolText == "icmp")
            {
                error = $"ICMP has no ports: write 'icmp' in --port, not '{item}'.";
                return false;
            }
            var protocol = protocolText switch { "tcp" => Protocol.Tcp, "udp" => Protocol.Udp, _ => Protocol.Any };
            if (protocol == Protocol.Any || portText.Length == 0 || !portText.All(char.IsAsciiDigit))
            {
                error = $"'{item}' in --port is not a service; use 443, tcp/443, udp/53 or icmp.";
                return false;
            }
            if (!Destinations.TryParsePort(portText, out var port, out _))
            {
                error = $"'{item}' in --port is not a port: {Destinations.PortRange}.";
                return false;
            }
            parsed.Add(new Service(protocol, port));
        }
        if (parsed.Count == 0)
        {
            error = "--port names no service; use 443, tcp/443, udp/53 or icmp.";
            return false;
        }
        services = parsed.Distinct().ToList();
        return true;
    }
}
