using BenchmarkDotNet.Running;
using Netflow.Benchmarks.Forwarding;

namespace Netflow.Benchmarks;

public static class Program
{
    /// <summary>
    /// Run with e.g. <c>dotnet run -c Release --project tests/Netflow.Benchmarks -- --filter '*LpmSuite*'</c>;
    /// <c>-- lpm-sizes</c> prints the LPM structures' sizes instead, <c>-- reach-network SITES FILE</c> writes the
    /// reach benchmark's network, <c>-- frontend-network LINES FOLDER</c> the front end's network of about LINES lines
    /// (see docs/performance.md).
    /// </summary>
    public static void Main(string[] args)
    {
        if (args is ["lpm-sizes"])
            LpmSizes.Print();
        else if (args is ["reach-network", var sites, var file])
            File.WriteAllText(file, Engine.ReachNetwork.Generate(int.Parse(sites, System.Globalization.CultureInfo.InvariantCulture)));
        else if (args is ["frontend-network", var lines, var folder])
            Console.WriteLine($"{Checks.FrontEndNetwork.Write(int.Parse(lines, System.Globalization.CultureInfo.InvariantCulture), folder):N0} lines written to {folder}");
        else
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
