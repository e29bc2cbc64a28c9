using System.CommandLine;
using Netflow.Cli.Output;
using Netflow.Compiler.Lowering;
using Netflow.Runtime.Image;
using Netflow.Runtime.Rendering;

namespace Netflow.Cli;

/// <summary><c>netflow build PATHS... -o network.nfx</c>: compiles a checked network into a table image.</summary>
internal static class BuildCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = ".netflow files, or folders to search recursively for them.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Where to write the table image (docs/table-image.md). Written atomically, only to a regular file or a new path: a failed build leaves any existing file untouched and no temporary file behind.",
            DefaultValueFactory = _ => "network.nfx",
        };
        var pathStyle = DiagnosticPaths.CreateOption(stderr);
        var command = new Command("build",
            "Compile a network into a table image that 'netflow flows' and 'netflow trace' can load without the sources. " +
            "Syntax and name errors stop the build; address-plan and routing errors are printed and the network is compiled as declared. " +
            "Exit code 0 when the network has no errors and the image is written, 1 when it has errors (written all the same unless they are syntax or name errors), " +
            "2 for bad usage or a file that cannot be read or written.")
        {
            paths,
            output,
            pathStyle,
        };
        command.SetAction(parse => Run(parse.GetValue(paths)!, parse.GetValue(output)!, DiagnosticPaths.From(parse, pathStyle), stdout, stderr));
        return command;
    }

    private static int Run(string[] paths, string output, DiagnosticPaths display, TextWriter stdout, TextWriter stderr)
    {
        if (string.IsNullOrWhiteSpace(output))
        {
            stderr.WriteLine("netflow: the output path is empty; name the image file to write with -o.");
            return NetflowCli.UsageError;
        }
        if (ImageSource.Compile(paths, stderr, out var exit, display)?.Image is not { } image) return exit;
        try
        {
            ImageWriter.WriteFile(image, output);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"netflow: cannot write '{Printable.Escape(output)}': {Printable.Escape(e.Message)}");
            return NetflowCli.UsageError;
        }
        stdout.WriteLine($"Wrote {Printable.Escape(output)}: {image.Devices.Count} devices, {image.Routes.Count} routes, {image.Flows.Count} flows.");
        return exit;
    }
}
