using System.CommandLine;
using Netflow.Cli.Output;
using Netflow.Cli.Rendering;
using Netflow.Compiler;
using Netflow.Runtime.Engine;
using Netflow.Runtime.Rendering;

namespace Netflow.Cli;

/// <summary><c>netflow flows PATHS...|IMAGE [--format text|json]</c>: executes every declared flow and its reply.</summary>
internal static class FlowsCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = ".netflow files or folders (compiled first), or one table image written by 'netflow build'.",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = new Option<string>("--format", "-f")
        {
            Description = "'text' (numbered steps, PASS or FAIL per flow) or 'json' (see docs/cli.md).",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnly("text", "json");
        var pathStyle = DiagnosticPaths.CreateOption(stderr);
        var command = new Command("flows",
            "Execute every declared flow and its reply, hop by hop, and check each against its expectations. " +
            "Exit code 0 when every flow holds and the network has no errors, 1 when a flow fails or the network has errors, 2 for bad usage or input that cannot be read.")
        {
            paths,
            format,
            pathStyle,
        };
        command.SetAction(parse => Run(parse.GetValue(paths)!, parse.GetValue(format)!, DiagnosticPaths.From(parse, pathStyle), stdout, stderr));
        return command;
    }

    private static int Run(string[] paths, string format, DiagnosticPaths display, TextWriter stdout, TextWriter stderr)
    {
        var image = ImageSource.Load(paths, stderr, out var exit, out var compilation, display);
        if (image is null) return exit;
        var engine = new ForwardingEngine(image);
        var results = new FlowRunner(engine).RunAll();
        if (format == "json")
        {
            TraceJsonWriter.Write(stdout, image, results);
        }
        else
        {
            var renderer = new TraceTextRenderer(image);
            foreach (var result in results)
            {
                stdout.Write(renderer.Render(result));
                // Why a failed flow's hop lacked a route it may have expected: a path refused for its AS loop.
                if (!result.Passed && compilation is not null)
                {
                    foreach (var note in RefusedRoutes.Of(compilation, image, result.Forward, result.Reply)) stdout.WriteLine("  " + RefusedRouteNotes.Words(image, note));
                }
                stdout.WriteLine();
            }
            var failed = results.Count(r => !r.Passed);
            stdout.WriteLine(failed == 0 ? $"All {results.Count} flows hold." : $"{failed} of {results.Count} flows fail.");
        }
        return exit != NetflowCli.Success || !results.All(r => r.Passed) ? NetflowCli.Failure : NetflowCli.Success;
    }
}
