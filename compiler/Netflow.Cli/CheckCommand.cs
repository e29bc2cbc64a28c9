using System.CommandLine;
using Netflow.Cli.Output;
using Netflow.Compiler;
using Netflow.Language;
using Netflow.Language.Syntax;
using Netflow.Runtime.Rendering;

namespace Netflow.Cli;

/// <summary><c>netflow check PATHS... [--format text|json|sarif]</c></summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = ".netflow files, or folders to search recursively for them. All of them form one network.",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = new Option<string>("--format", "-f")
        {
            Description = "How to print diagnostics: 'text' (path(line,col): error NF1234: message, as MSBuild prints them), " +
                "'json' (see docs/cli.md) or 'sarif' (SARIF 2.1.0 for code-scanning tools).",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json", "sarif");
        var timings = new Option<bool>("--timings")
        {
            Description = "Also print how long reading and each phase of the check took, to standard error.",
        };

        var command = new Command("check",
            "Check a network: syntax, names and kinds, the address plan (clashes), the routing tables (loops, black holes, " +
            "unreachable next hops) and the declared flows, which are executed. Prints every diagnostic with its code and " +
            "location, then a summary. Exit code 0 when there are no errors, 1 when there are, 2 when the files cannot be read.")
        {
            paths,
            format,
            timings,
        };
        command.SetAction(parse => Run(parse.GetValue(paths)!, parse.GetValue(format)!, parse.GetValue(timings), stdout, stderr));
        return command;
    }

    private static int Run(string[] paths, string format, bool timings, TextWriter stdout, TextWriter stderr)
    {
        var reading = System.Diagnostics.Stopwatch.StartNew();
        var loaded = SourceLoader.Load(paths);
        reading.Stop();
        if (loaded.Error is not null)
        {
            stderr.WriteLine($"netflow: {Printable.Escape(loaded.Error)}");
            return NetflowCli.UsageError;
        }
        var compilation = Compilation.Create(loaded.Trees());
        var flowDiagnostics = FlowVerifier.Verify(compilation);
        if (timings)
        {
            stderr.WriteLine($"{"read files",-16}{reading.Elapsed.TotalMilliseconds,8:F0} ms");
            foreach (var (phase, elapsed) in compilation.Timings) stderr.WriteLine($"{phase,-16}{elapsed.TotalMilliseconds,8:F0} ms");
            stderr.WriteLine($"{"(GC pauses)",-16}{GC.GetTotalPauseDuration().TotalMilliseconds,8:F0} ms in {GC.CollectionCount(0)} collections, {GC.CollectionCount(2)} full");
        }
        var diagnostics = compilation.Diagnostics.Concat(flowDiagnostics)
            .OrderBy(d => d.Location.Path, StringComparer.Ordinal).ThenBy(d => d.Location.Start).ThenBy(d => d.Code, StringComparer.Ordinal)
            .ToList();
        var summary = DiagnosticSummary.Describe(diagnostics, loaded.Sources.Count);
        switch (format)
        {
            case "json":
                JsonDiagnosticWriter.Write(stdout, diagnostics, loaded.Sources.Count);
                stderr.WriteLine(summary);
                break;
            case "sarif":
                SarifWriter.Write(stdout, diagnostics);
                stderr.WriteLine(summary);
                break;
            default:
                foreach (var diagnostic in diagnostics) stdout.WriteLine(Printable.Escape(diagnostic.ToString()));
                stdout.WriteLine(summary);
                break;
        }
        return diagnostics.Any(d => d.IsError) ? NetflowCli.Failure : NetflowCli.Success;
    }
}
