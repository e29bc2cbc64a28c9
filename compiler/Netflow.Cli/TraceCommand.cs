using System.CommandLine;
using Netflow.Cli.Output;
using Netflow.Cli.Rendering;
using Netflow.Compiler;
using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;
using Netflow.Runtime.Rendering;

namespace Netflow.Cli;

/// <summary><c>netflow trace PATHS...|IMAGE --from DEVICE --to NAME|URL|ADDRESS[:PORT] [--proto tcp|udp|icmp]</c></summary>
internal static class TraceCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = ".netflow files or folders (compiled first), or one table image written by 'netflow build'.",
            Arity = ArgumentArity.OneOrMore,
        };
        var from = new Option<string>("--from") { Description = "The device the packet starts from: its qualified name (internet.user), or its last name part when unique.", Required = true };
        var to = new Option<string>("--to")
        {
            Description = "Where it goes: a device (ibm-cloud.vcs.db), a host name resolved through the source's DNS resolver (db.vcs.example.com), " +
                "an IPv4 address, each optionally with :PORT (1 to 65535), or a URL (https://shop.iks.example.com). Anything else is refused.",
            Required = true,
        };
        var protocol = new Option<string>("--proto")
        {
            Description = "The protocol; without a port in --to, tcp goes to 80 and udp to 53. icmp is an echo and takes no port.",
            DefaultValueFactory = _ => "tcp",
        };
        protocol.AcceptOnly("tcp", "udp", "icmp");
        var format = new Option<string>("--format", "-f") { Description = "'text' or 'json'.", DefaultValueFactory = _ => "text" };
        format.AcceptOnly("text", "json");
        var pathStyle = DiagnosticPaths.CreateOption(stderr);
        var command = new Command("trace",
            "Trace one packet and its reply, hop by hop, and print every step with the declaration that caused it. " +
            "Exit code 0 when the packet is accepted and the reply gets back, 1 otherwise, 2 for bad input. " +
            "Example: netflow trace samples/ibm-cloud-hybrid --from iks.web-1 --to db.vcs.example.com:5432")
        {
            paths, from, to, protocol, format, pathStyle,
        };
        command.SetAction(parse => Run(parse.GetValue(paths)!, parse.GetValue(from)!, parse.GetValue(to)!,
            parse.GetValue(protocol)!, parse.GetResult(protocol) is { Implicit: false }, parse.GetValue(format)!, DiagnosticPaths.From(parse, pathStyle), stdout, stderr));
        return command;
    }

    private static int Run(string[] paths, string from, string to, string protocolName, bool protocolGiven, string format, DiagnosticPaths display, TextWriter stdout, TextWriter stderr)
    {
        var protocol = protocolName switch { "udp" => Protocol.Udp, "icmp" => Protocol.Icmp, _ => Protocol.Tcp };
        // The command line is read whole before anything is compiled: bad usage is one line, with nothing before it.
        if (!Destinations.TryParse(to, out var destination, out var error) || !FitsProtocol(destination, protocol, out error))
        {
            stderr.WriteLine($"netflow: {Printable.Escape(error)}");
            return NetflowCli.UsageError;
        }
        var image = ImageSource.Load(paths, stderr, out var exit, out var compilation, display);
        if (image is null) return exit;
        var engine = new ForwardingEngine(image);
        var candidates = engine.FindDevices(from);
        if (candidates.Count != 1)
        {
            stderr.WriteLine(candidates.Count == 0
                ? $"netflow: no device is called '{Printable.Escape(from)}'; give its qualified name, such as internet.user."
                : $"netflow: '{Printable.Escape(from)}' could be {Printable.Escape(string.Join(" or ", candidates.Select(engine.DeviceName)))}; give the qualified name.");
            return NetflowCli.UsageError;
        }
        var source = candidates[0];
        if (Senders.WhyNot(engine, source) is { } notASender)
        {
            stderr.WriteLine($"netflow: {Printable.Escape(notASender)}; trace from a device that sends, such as a pod, vm or client.");
            return NetflowCli.UsageError;
        }
        if (!TryResolve(engine, destination, out var kind, out var host, out var address, out error))
        {
            stderr.WriteLine($"netflow: {Printable.Escape(error)}");
            return NetflowCli.UsageError;
        }
        var port = destination.Port;
        var runner = new FlowRunner(engine);
        var portMissing = port < 0 && protocol != Protocol.Icmp;
        // A port (or a URL's scheme) says what is meant, tcp unless --proto says otherwise; only a missing port is a guess.
        if (portMissing)
        {
            var missing = protocolGiven ? "port" : "protocol or port";
            var used = $"{protocolName} port {FlowRunner.DefaultPort(protocol)}";
            stderr.WriteLine($"netflow: note: no {missing} given, so the packet is {used}; choose them with --proto and a :PORT after --to.");
        }
        var (forward, reply) = runner.Trace(source, kind, host, address, protocol, port);
        // The same judgement as 'flows': a packet holds only if its reply gets back as the source expects.
        var failure = FlowRunner.ReplyFailure(source, forward, reply) is { } lost ? FlowWords.Of(image, lost) : null;
        if (format == "json")
        {
            JsonOutput.Write(stdout, json =>
            {
                json.WriteStartObject();
                json.WriteNumber("version", TraceJsonWriter.SchemaVersion);
                json.WritePropertyName("trace");
                TraceJsonWriter.WriteTrace(json, image, forward);
                if (reply is not null)
                {
                    json.WritePropertyName("reply");
                    TraceJsonWriter.WriteTrace(json, image, reply);
                }
                json.WriteBoolean("holds", forward.Disposition == Disposition.Accepted && failure is null);
                if (failure is not null) json.WriteString("failure", failure);
                json.WriteEndObject();
            });
        }
        else
        {
            var renderer = new TraceTextRenderer(image);
            stdout.WriteLine($"Trace {Printable.Escape(engine.DeviceName(source))} → {Printable.Escape(to.Trim())} {protocolName}");
            stdout.Write(renderer.Render(forward));
            if (reply is not null)
            {
                stdout.WriteLine("Reply:");
                stdout.Write(renderer.Render(reply));
            }
            if (failure is not null) stdout.WriteLine($"✗ {Printable.Escape(failure)}");
            if (compilation is not null)
            {
                foreach (var note in RefusedRoutes.Of(compilation, image, forward, reply)) stdout.WriteLine(RefusedRouteNotes.Words(image, note));
            }
        }
        var ok = forward.Disposition == Disposition.Accepted && failure is null;
        if (format != "json")
        {
            stdout.WriteLine(ok ? "Accepted, and the reply gets back." :
                forward.Disposition != Disposition.Accepted ? $"Not accepted: {Words.Of(forward.Disposition)}." :
                "Accepted, but the reply does not get back.");
        }
        return ok && exit == NetflowCli.Success ? NetflowCli.Success : NetflowCli.Failure;
    }

    /// <summary>Where the packet goes: a URL's host is always looked up, as a browser would; another name is a device's when it names one.</summary>
    private static bool TryResolve(ForwardingEngine engine, DestinationText destination, out FlowDestinationKind kind, out string host, out uint address, out string error)
    {
        (kind, host, address, error) = (FlowDestinationKind.Address, "", destination.Address, "");
        if (destination.IsAddress) return true;
        var device = -1;
        if (!destination.FromUrl && !Destinations.TryResolveName(engine, destination.Name, out device, out error)) return false;
        if (device < 0)
        {
            (kind, host) = (FlowDestinationKind.HostName, destination.Name);
            return true;
        }
        address = engine.DestinationAddress(device);
        // A device without an address would be traced to 0.0.0.0, which no packet is sent to.
        if (address == 0) error = $"'{engine.DeviceName(device)}' has no address to send to; trace to an address, or to a device that has one.";
        return address != 0;
    }

    /// <summary>ICMP has no ports: a port with it would be dropped without a word, so it is refused.</summary>
    private static bool FitsProtocol(DestinationText destination, Protocol protocol, out string error)
    {
        error = protocol == Protocol.Icmp && destination.Port >= 0
            ? $"ICMP has no ports, but '{destination.Name}' is given with port {destination.Port}{(destination.FromUrl ? " (from its URL)" : "")}; drop the port, or use --proto tcp or udp."
            : "";
        return error.Length == 0;
    }
}
