using System.CommandLine;
using Netflow.Cli.Output;
using Netflow.Compiler;
using Netflow.Compiler.Configuration;
using Netflow.Language;
using Netflow.Language.Diagnostics;
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
        format.AcceptOnly("text", "json", "sarif");
        var timings = new Option<bool>("--timings")
        {
            Description = "Also print how long reading and each phase of the check took, to standard error.",
        };
        var helpBase = new Option<string>("--help-base-url")
        {
            Description = "Where the help links of the json and sarif output point: the address of docs/diagnostics.md, to which '#nf1234' is added.",
            DefaultValueFactory = _ => DiagnosticDescriptor.DefaultHelpBase,
        };
        helpBase.Validators.Add(result =>
        {
            if (!Uri.TryCreate(result.GetValueOrDefault<string>(), UriKind.Absolute, out _))
            {
                result.AddError("--help-base-url must be an absolute URL (https://...), so that editors and SARIF viewers can open the links.");
            }
        });

        var pathStyle = DiagnosticPaths.CreateOption(stdout);

        var command = new Command("check",
            "Check a network: syntax, names and kinds, the address plan (clashes), the routing tables (loops, black holes, " +
            "unreachable next hops) and the declared flows, which are executed. Prints every diagnostic with its code and " +
            "location, then a summary. Severities set in .editorconfig (netflow_diagnostic.NF1234.severity) apply, as in a build. " +
            "Exit code 0 when there are no errors, 1 when there are, 2 when the files cannot be read.")
        {
            paths,
            format,
            timings,
            helpBase,
            pathStyle,
        };
        command.SetAction(parse => Run(parse.GetValue(paths)!, parse.GetValue(format)!, parse.GetValue(timings), parse.GetValue(helpBase)!,
            DiagnosticPaths.From(parse, pathStyle), stdout, stderr));
        return command;
    }

    private static int Run(string[] paths, string format, bool timings, string helpBase, DiagnosticPaths display, TextWriter stdout, TextWriter stderr)
    {
        var reading = System.Diagnostics.Stopwatch.StartNew();
        var loaded = SourceLoader.Load(paths);
        reading.Stop();
        if (loaded.Error is not null)
        {
            stderr.WriteLine($"netflow: {Printable.Escape(loaded.Error)}");
            return NetflowCli.UsageError;
        }
        var result = Checker.Check(loaded.Trees());
        var compilation = result.Compilation;
        if (timings)
        {
            stderr.WriteLine($"{"read files",-16}{reading.Elapsed.TotalMilliseconds,8:F0} ms");
            foreach (var (phase, elapsed) in compilation.Timings) stderr.WriteLine($"{phase,-16}{elapsed.TotalMilliseconds,8:F0} ms");
            stderr.WriteLine($"{"(GC pauses)",-16}{GC.GetTotalPauseDuration().TotalMilliseconds,8:F0} ms in {GC.CollectionCount(0)} collections, {GC.CollectionCount(2)} full");
        }
        var diagnostics = ConfiguredSeverities.Apply(result.Diagnostics, new EditorConfig());
        var summary = DiagnosticSummary.Describe(diagnostics, loaded.Sources.Count);
        switch (format)
        {
            case "json":
                JsonDiagnosticWriter.Write(stdout, diagnostics, loaded.Sources.Count, helpBase, display);
                stderr.WriteLine(summary);
                break;
            case "sarif":
                SarifWriter.Write(stdout, diagnostics, helpBase);
                stderr.WriteLine(summary);
                break;
            default:
                foreach (var diagnostic in diagnostics) stdout.WriteLine(Printable.Escape(display.Line(diagnostic)));
                stdout.WriteLine(summary);
                break;
        }
        return diagnostics.Any(d => d.IsError) ? NetflowCli.Failure : NetflowCli.Success;
    }
}
