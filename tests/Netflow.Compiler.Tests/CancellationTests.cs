using Netflow.Compiler.Lowering;
using Netflow.Language;
using Netflow.Language.Syntax;
using Netflow.Language.Text;
using Netflow.Testing;

namespace Netflow.Compiler.Tests;

/// <summary>The check observes a cancelled token (the analyzer's, when the IDE moves on) in every phase it passes through.</summary>
public sealed class CancellationTests
{
    private static readonly CancellationToken Cancelled = new(canceled: true);

    private static SourceText[] Reference() =>
        [.. Samples.Files("samples/ibm-cloud-hybrid").Select(f => new SourceText(f.Key, f.Value))];

    [Fact]
    public void ACancelledCheck_EndsInOperationCanceledException_BeforeAnyWork()
    {
        Should.Throw<OperationCanceledException>(() => Checker.Check(Reference(), Cancelled));
        Should.Throw<OperationCanceledException>(() => Checker.Compile(Reference().Select(SyntaxTree.Parse), Cancelled));
    }

    [Fact]
    public void CancellationAfterParsing_StopsBindingAndEverythingAfter()
    {
        using var source = new CancellationTokenSource();
        // The trees are parsed, then the token is cancelled, as when an edit arrives while the check runs.
        IEnumerable<SyntaxTree> ParseThenCancel()
        {
            foreach (var text in Reference()) yield return SyntaxTree.Parse(text);
            source.Cancel();
        }

        Should.Throw<OperationCanceledException>(() => Checker.Compile(ParseThenCancel(), source.Token));
    }

    [Fact]
    public void CompilingAndRunningTheFlows_ObserveItToo()
    {
        var compilation = Checker.Compile(Reference().Select(SyntaxTree.Parse));
        Should.Throw<OperationCanceledException>(() => ImageCompiler.Compile(compilation, Cancelled));
        var image = ImageCompiler.Compile(compilation);
        Should.Throw<OperationCanceledException>(() => FlowVerifier.Verify(compilation, image, Cancelled));
        Should.Throw<OperationCanceledException>(() => Checker.Check(compilation, Cancelled));
    }

    [Fact]
    public void AnUncancelledToken_ChangesNothing()
    {
        using var source = new CancellationTokenSource();
        var network = new SourceText("peers.netflow", GeneratedNetworks.LineOfPeers(20));

        Checker.Check([network], source.Token).Diagnostics.ShouldBe(Checker.Check([network]).Diagnostics, ignoreOrder: false);
    }
}
