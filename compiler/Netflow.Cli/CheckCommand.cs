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
            "Exit code 0 when there are no errors, 1 when there are, 2 for bad usage or files that cannot be read.")
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
        var phases = timings ? new PhaseTimings() : null;
        var loaded = SourceLoader.Load(paths);
        phases?.Mark("read files");
        if (loaded.Error is not null)
        {
            stderr.WriteLine($"netflow: {Printable.Escape(loaded.Error)}");
            return NetflowCli.UsageError;
        }
        var result = Checker.Check(loaded.Trees(phases), timings: phases);
        var diagnostics = ConfiguredSeverities.Apply(result.Diagnostics, new EditorConfig());
        phases?.Mark("severities");
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
        if (phases is not null)
        {
            phases.Mark("print");
            PrintTimings(phases, stderr);
        }
        return diagnostics.Any(d => d.IsError) ? NetflowCli.Failure : NetflowCli.Success;
    }

    /// <summary>The phase table of <c>--timings</c>: wall time, allocated megabytes and garbage collections per phase, then the totals, the GC's pauses and the peak working set.</summary>
    private static void PrintTimings(PhaseTimings phases, TextWriter stderr)
    {
        const double MB = 1024 * 1024;
        stderr.WriteLine($"{"phase",-20}{"ms",8}{"alloc MB",10}{"GCs",6}{"full",6}");
        foreach (var phase in phases.Phases)
            stderr.WriteLine($"{phase.Phase,-20}{phase.Elapsed.TotalMilliseconds,8:F0}{phase.AllocatedBytes / MB,10:F1}{phase.Collections,6}{phase.FullCollections,6}");
        stderr.WriteLine($"{"total",-20}{phases.Phases.Sum(p => p.Elapsed.TotalMilliseconds),8:F0}{phases.Phases.Sum(p => p.AllocatedBytes) / MB,10:F1}" +
            $"{phases.Phases.Sum(p => p.Collections),6}{phases.Phases.Sum(p => p.FullCollections),6}");
        stderr.WriteLine($"GC pauses {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms; " +
            $"peak working set {System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / MB:F0} MB");
    }
}
