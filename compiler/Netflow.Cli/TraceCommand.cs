using System.CommandLine;
using Netflow.Cli.Output;
using System.Globalization;
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
            Description = "Where it goes: a URL (https://shop.iks.example.com), a host name resolved through the source's DNS resolver, a device, or an address, optionally with :port.",
            Required = true,
        };
        var protocol = new Option<string>("--proto") { Description = "tcp (default), udp or icmp.", DefaultValueFactory = _ => "tcp" };
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
        var image = ImageSource.Load(paths, stderr, out var exit, display);
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
        var protocol = protocolName switch { "udp" => Protocol.Udp, "icmp" => Protocol.Icmp, _ => Protocol.Tcp };
        if (!TryParseDestination(to, engine, out var kind, out var host, out var address, out var port, out var error))
        {
            stderr.WriteLine($"netflow: {Printable.Escape(error)}");
            return NetflowCli.UsageError;
        }
        var runner = new FlowRunner(engine);
        var portMissing = port < 0 && protocol != Protocol.Icmp;
        if (!protocolGiven || portMissing)
        {
            var missing = !protocolGiven && portMissing ? "protocol or port" : portMissing ? "port" : "protocol";
            var used = protocol == Protocol.Icmp ? protocolName : $"{protocolName} port {(port < 0 ? FlowRunner.DefaultPort(protocol) : port)}";
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
            stdout.WriteLine($"Trace {Printable.Escape(engine.DeviceName(source))} → {Printable.Escape(to)} {protocolName}");
            stdout.Write(renderer.Render(forward));
            if (reply is not null)
            {
                stdout.WriteLine("Reply:");
                stdout.Write(renderer.Render(reply));
            }
            if (failure is not null) stdout.WriteLine($"✗ {Printable.Escape(failure)}");
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

    private static bool TryParseDestination(string text, ForwardingEngine engine, out FlowDestinationKind kind, out string host,
        out uint address, out int port, out string error)
    {
        kind = FlowDestinationKind.Address;
        host = "";
        address = 0;
        port = -1;
        error = "";
        if (text.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            {
                error = $"'{text}' is not a URL with a host, such as https://shop.iks.example.com.";
                return false;
            }
            port = uri.Port;
            // A URL whose host is an address needs no DNS, as in a flow's 'to'.
            if (uri.HostNameType == UriHostNameType.IPv4) return TryParseAddress(uri.Host, out address, out error);
            kind = FlowDestinationKind.HostName;
            host = uri.Host;
            return true;
        }
        var name = text;
        var colon = text.LastIndexOf(':');
        if (colon >= 0)
        {
            if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)
            {
                error = $"'{text[(colon + 1)..]}' is not a port (0 to 65535).";
                return false;
            }
            name = text[..colon];
            if (name.Length == 0)
            {
                error = $"'{text}' gives a port but no destination; write NAME:PORT or ADDRESS:PORT, such as 10.73.30.10:443.";
                return false;
            }
        }
        // Only digits and dots is meant as an address, never as a host name to look up.
        if (name.All(c => char.IsAsciiDigit(c) || c == '.')) return TryParseAddress(name, out address, out error);
        var device = engine.FindDevice(name);
        if (device >= 0)
        {
            address = engine.DestinationAddress(device);
            return true;
        }
        kind = FlowDestinationKind.HostName;
        host = name;
        return true;
    }

    private static bool TryParseAddress(string text, out uint address, out string error)
    {
        address = 0;
        error = "";
        var octets = text.Split('.');
        if (octets.Length != 4 || !octets.All(o => o.Length is > 0 and <= 3 && int.Parse(o, CultureInfo.InvariantCulture) <= 255))
        {
            error = $"'{text}' is not an IPv4 address: four numbers from 0 to 255, such as 10.73.30.10.";
            return false;
        }
        foreach (var octet in octets) address = address << 8 | uint.Parse(octet, CultureInfo.InvariantCulture);
        return true;
    }
}
