using Netflow.Cli;

return NetflowCli.Run(args, Console.Out, Console.Error);
