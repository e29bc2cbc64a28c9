using Netflow.Compiler.Forwarding;
using Netflow.Compiler.Lowering;
using Netflow.Language;
using Netflow.Language.Diagnostics;
using Netflow.Language.Syntax;
using Netflow.Language.Text;
using Netflow.Runtime.Engine;
using Netflow.Runtime.Image;

namespace Netflow.Compiler;

/// <summary>
/// What 'check' means, in one place for the CLI, the analyzer and the tests: parse, bind and check the sources, compile
/// the network into the table image the engine executes, check forwarding (loops, black holes, tunnels) on that image
/// with the engine, and run the declared flows on it.
/// </summary>
public static class Checker
{
    /// <summary>Parses and checks the sources; <paramref name="cancellation"/> is observed before each file and in every phase after.</summary>
    public static CheckResult Check(IEnumerable<SourceText> sources, CancellationToken cancellation = default) =>
        Check(sources.Select(source =>
        {
            cancellation.ThrowIfCancellationRequested();
            return SyntaxTree.Parse(source);
        }), cancellation);

    /// <summary>Checks the trees; every phase is marked in <paramref name="timings"/> when given.</summary>
    public static CheckResult Check(IEnumerable<SyntaxTree> trees, CancellationToken cancellation = default, PhaseTimings? timings = null) =>
        Check(Compile(trees, cancellation, timings), cancellation, timings);

    /// <summary>Binds and checks the trees, BGP sessions carried by the engine (<see cref="EngineBgpTransport"/>).</summary>
    public static Compilation Compile(IEnumerable<SyntaxTree> trees, CancellationToken cancellation = default, PhaseTimings? timings = null) =>
        Compilation.Create(trees, cancellation, EngineBgpTransport.Instance, timings);

    public static Compilation Compile(params SourceText[] sources) => Compile(sources.Select(SyntaxTree.Parse));

    public static CheckResult Check(Compilation compilation, CancellationToken cancellation = default, PhaseTimings? timings = null)
    {
        var (network, engine) = CheckNetwork(compilation, cancellation, timings, keepEngine: true);
        if (engine is null) return network;
        var flows = FlowVerifier.Verify(compilation, engine, cancellation);
        timings?.Mark("flows");
        var checkedFlows = network with { Diagnostics = Ordered(network.Diagnostics.Concat(flows)) };
        timings?.Mark("order diagnostics");
        return checkedFlows;
    }

    /// <summary>
    /// The network checked without running its flows, for the commands that run them themselves: the compilation's
    /// diagnostics and those of the forwarding checks on the compiled image.
    /// </summary>
    public static CheckResult CheckNetwork(Compilation compilation, CancellationToken cancellation = default, PhaseTimings? timings = null) =>
        CheckNetwork(compilation, cancellation, timings, keepEngine: false).Result;

    /// <summary>The network checked, and the engine the forwarding checks ran on (built once: the flows run on it too).</summary>
    private static (CheckResult Result, ForwardingEngine? Engine) CheckNetwork(Compilation compilation, CancellationToken cancellation, PhaseTimings? timings, bool keepEngine)
    {
        // Syntax and name errors leave the model incomplete: there is nothing to compile or execute.
        var image = compilation.HasBlockingErrors ? null : ImageCompiler.Compile(compilation, cancellation);
        timings?.Mark("image");
        var engine = image is null ? null : new ForwardingEngine(image);
        var forwarding = engine is null ? [] : DestinationNatChecks.Check(compilation).Concat(ForwardingChecks.Check(compilation, engine, cancellation));
        timings?.Mark("forwarding checks");
        var result = new CheckResult(compilation, Ordered(compilation.Diagnostics.Concat(forwarding)), image);
        timings?.Mark("order diagnostics");
        return (result, keepEngine ? engine : null);
    }

    private static List<Diagnostic> Ordered(IEnumerable<Diagnostic> diagnostics) => diagnostics
        .OrderBy(d => d.Location.Path, StringComparer.Ordinal)
        .ThenBy(d => d.Location.Span.Start)
        .ThenBy(d => d.Code, StringComparer.Ordinal)
        .ToList();
}

/// <summary>A checked network: every diagnostic in file and position order, and the compiled image when there is one.</summary>
public sealed record CheckResult(Compilation Compilation, IReadOnlyList<Diagnostic> Diagnostics, NetworkImage? Image)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
