using BenchmarkDotNet.Running;

namespace Netflow.Benchmarks;

public static class Program
{
    /// <summary>Run with e.g. <c>dotnet run -c Release --project tests/Netflow.Benchmarks -- --filter '*Lpm*'</c>.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
