using Netflow.Cli;
using Netflow.Cli.Output;

// On a terminal, lines are wrapped and coloured; piped output is exactly what the commands write.
var stdout = TerminalWriter.For(Console.Out, Console.IsOutputRedirected);
var stderr = TerminalWriter.For(Console.Error, Console.IsErrorRedirected);
var exit = NetflowCli.Run(args, stdout, stderr);
stdout.Flush();
stderr.Flush();
return exit;
