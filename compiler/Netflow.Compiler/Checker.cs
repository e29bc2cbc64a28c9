using Netflow.Compiler.Forwarding;
using Netflow.Compiler.Lowering;
using Netflow.Language;
using Netflow.Language.Diagnostics;
using Netflow.Language.Syntax;
using Netflow.Language.Text;
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

    public static CheckResult Check(IEnumerable<SyntaxTree> trees, CancellationToken cancellation = default) =>
        Check(Compilation.Create(trees, cancellation), cancellation);

    public static CheckResult Check(Compilation compilation, CancellationToken cancellation = default)
    {
        var network = CheckNetwork(compilation, cancellation);
        return network.Image is null ? network
            : network with { Diagnostics = Ordered(network.Diagnostics.Concat(FlowVerifier.Verify(compilation, network.Image, cancellation))) };
    }

    /// <summary>
    /// The network checked without running its flows, for the commands that run them themselves: the compilation's
    /// diagnostics and those of the forwarding checks on the compiled image.
    /// </summary>
    public static CheckResult CheckNetwork(Compilation compilation, CancellationToken cancellation = default)
    {
        // Syntax and name errors leave the model incomplete: there is nothing to compile or execute.
        var image = compilation.HasBlockingErrors ? null : ImageCompiler.Compile(compilation, cancellation);
        var forwarding = image is null ? [] : DestinationNatChecks.Check(compilation).Concat(ForwardingChecks.Check(compilation, image, cancellation));
        return new CheckResult(compilation, Ordered(compilation.Diagnostics.Concat(forwarding)), image);
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
