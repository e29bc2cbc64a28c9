using System.CommandLine;
using Netflow.Cli.Output;
using Netflow.Cli.Rendering;
using Netflow.Runtime.Engine;
using Netflow.Runtime.Rendering;
using Netflow.Runtime.Rendering.Dot;

namespace Netflow.Cli;

/// <summary><c>netflow render PATHS...|IMAGE [--flow NAME] [--format dot|svg|png] [-o FILE|DIR] [--dot-path PATH]</c></summary>
internal static class RenderCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = ".netflow files or folders (compiled first), or one table image written by 'netflow build'.",
            Arity = ArgumentArity.OneOrMore,
        };
        var flow = new Option<string?>("--flow")
        {
            Description = "Draw this declared flow (forward path and reply, numbered) on the topology instead of the topology alone.",
        };
        var format = new Option<string>("--format", "-f")
        {
            Description = "'dot' (Graphviz source, needs nothing), 'svg' or 'png' (run Graphviz's dot program).",
            DefaultValueFactory = _ => "dot",
        };
        format.AcceptOnly("dot", "svg", "png");
        var output = new Option<string?>("--output", "-o")
        {
            Description = "A file for one picture, or a folder (existing, or ending in '/'): then topology.FORMAT and one " +
                "FLOW.FORMAT per flow (or just --flow's). Without it, the picture goes to standard output (not PNG).",
        };
        var dotPath = new Option<string?>("--dot-path")
        {
            Description = "The Graphviz dot program to run; by default the first 'dot' on PATH.",
        };
        var pathStyle = DiagnosticPaths.CreateOption(stderr);
        var command = new Command("render",
            "Draw the network as a picture: sites as clusters, devices by kind with their addresses, segments and ranges, " +
            "tunnels dashed; with --flow, a flow's path and reply on it. Exit code 0 when written, 1 when the sources have syntax or name " +
            "errors, 2 for bad usage, unreadable input or a Graphviz failure. Example: netflow render samples/ibm-cloud-hybrid --format svg -o pictures/")
        {
            paths, flow, format, output, dotPath, pathStyle,
        };
        command.SetAction(parse => Run(parse.GetValue(paths)!, parse.GetValue(flow), parse.GetValue(format)!,
            parse.GetValue(output), parse.GetValue(dotPath), DiagnosticPaths.From(parse, pathStyle), stdout, stderr));
        return command;
    }

    private static int Run(string[] paths, string? flowName, string format, string? output, string? dotPath, DiagnosticPaths display, TextWriter stdout, TextWriter stderr)
    {
        var toFolder = output is not null && (Directory.Exists(output) || output.EndsWith('/') || output.EndsWith(Path.DirectorySeparatorChar));
        if (output is null && format == "png")
        {
            stderr.WriteLine("netflow: PNG is binary; give a file or folder with -o.");
            return NetflowCli.UsageError;
        }
        var image = ImageSource.Load(paths, stderr, out var exit, out var compilation, display);
        if (image is null) return exit;
        var picture = new NetworkPicture(image, compilation is null ? TopologyNotes.None : SourceTopologyNotes.From(compilation));

        var flows = image.Flows;
        var wanted = Enumerable.Range(0, flows.Count).ToList();
        if (flowName is not null)
        {
            wanted = wanted.Where(f => image.String(flows.Name[f]) == flowName).ToList();
            if (wanted.Count == 0)
            {
                var known = Enumerable.Range(0, flows.Count).Select(f => image.String(flows.Name[f])).ToList();
                stderr.WriteLine($"netflow: no flow is called '{Printable.Escape(flowName)}'; " +
                    (known.Count == 0 ? "the network declares no flows." : $"the flows are {Printable.Escape(string.Join(", ", known))}."));
                return NetflowCli.UsageError;
            }
        }

        // Every picture is drawn (and laid out) before anything is written, so a failure leaves no partial output.
        var pictures = new List<(string Name, DotGraph Graph)>();
        if (flowName is null) pictures.Add(("topology", picture.Topology()));
        if (flowName is not null || toFolder)
        {
            var runner = new FlowRunner(new ForwardingEngine(image));
            foreach (var f in wanted) pictures.Add((image.String(flows.Name[f]), picture.Flow(runner.Run(f))));
        }
        if (!toFolder) pictures.RemoveRange(1, pictures.Count - 1);

        var rendered = new List<(string Name, byte[] Bytes)>();
        foreach (var (name, graph) in pictures)
        {
            var dot = graph.Write();
            if (format == "dot")
            {
                rendered.Add((name, System.Text.Encoding.UTF8.GetBytes(dot)));
                continue;
            }
            try
            {
                rendered.Add((name, GraphvizDot.Render(dot, format, dotPath)));
            }
            catch (GraphvizException e)
            {
                stderr.WriteLine($"netflow: {e.Message}");
                return NetflowCli.UsageError;
            }
        }

        if (output is null)
        {
            stdout.Write(System.Text.Encoding.UTF8.GetString(rendered[0].Bytes));
            return NetflowCli.Success;
        }
        if (toFolder) Directory.CreateDirectory(output);
        foreach (var (name, bytes) in rendered)
        {
            Runtime.AtomicFile.Write(toFolder ? Path.Combine(output, DotText.EncodeId(name) + "." + format) : output, bytes);
        }
        return NetflowCli.Success;
    }
}
