using BenchmarkDotNet.Running;
using Netflow.Benchmarks.Forwarding;

namespace Netflow.Benchmarks;

public static class Program
{
    /// <summary>
    /// Run with e.g. <c>dotnet run -c Release --project tests/Netflow.Benchmarks -- --filter '*LpmSuite*'</c>;
    /// <c>-- lpm-sizes</c> prints the LPM structures' sizes instead (see docs/performance.md).
    /// </summary>
    public static void Main(string[] args)
    {
        if (args is ["lpm-sizes"])
            LpmSizes.Print();
        else
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
