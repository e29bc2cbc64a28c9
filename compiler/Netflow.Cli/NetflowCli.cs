using System.CommandLine;
using Netflow.Runtime.Rendering;

namespace Netflow.Cli;

/// <summary>
/// The <c>netflow</c> command: a thin shell over the library. Exit codes: 0 success, 1 the network has errors
/// (or a flow failed), 2 the command could not run (usage, missing or unreadable paths), 3 an internal error (a bug).
/// </summary>
public static class NetflowCli
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;
    public const int InternalError = 3;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand(
            "Netflow checks a hybrid-cloud network written as .netflow files: names, address plan, routes and flows.\n" +
            "Start with 'netflow check samples/ibm-cloud-hybrid', then 'netflow flows samples/ibm-cloud-hybrid'.")
        {
            CheckCommand.Create(stdout, stderr),
            FlowsCommand.Create(stdout, stderr),
            TraceCommand.Create(stdout, stderr),
            BuildCommand.Create(stdout, stderr),
            RenderCommand.Create(stdout, stderr),
            ExplainCommand.Create(stdout, stderr),
            LabCommand.Create(stdout, stderr),
            ReachCommand.Create(stdout, stderr),
        };

        var parse = root.Parse(args);
        if (UsageErrors.Of(parse) is { Count: > 0 } errors)
        {
            foreach (var error in errors) stderr.WriteLine($"netflow: {Printable.Escape(error)}");
            // The help of the command that was meant: 'netflow lab up --help', or the root's when none was named.
            var command = string.Concat(parse.Tokens.TakeWhile(t => t.Type == System.CommandLine.Parsing.TokenType.Command).Select(t => t.Value + " "));
            stderr.WriteLine($"Run 'netflow {Printable.Escape(command)}--help' for usage.");
            return UsageError;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"netflow: {Printable.Escape(e.Message)}");
            return UsageError;
        }
        catch (Exception e)
        {
            // A bug of ours, not the user's: still one line, never a stack trace.
            stderr.WriteLine($"netflow: internal error ({e.GetType().Name}: {Printable.Escape(e.Message)}); this is a bug in netflow, please report it with the input.");
            return InternalError;
        }
    }
}
