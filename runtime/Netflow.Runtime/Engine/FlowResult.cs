using Netflow.Runtime.Image;

namespace Netflow.Runtime.Engine;

/// <summary>
/// A declared flow executed: the forward trace, the reply trace (when the forward one was accepted), and whether every
/// expectation held. <see cref="Failures"/> holds, for each that did not, what was expected and what happened instead, as data.
/// </summary>
public sealed record FlowResult(int Flow, Trace Forward, Trace? Reply, IReadOnlyList<FlowFailure> Failures)
{
    public bool Passed => Failures.Count == 0;

    /// <summary>The step row of the first failed expectation (its source location is where to look), or -1.</summary>
    public int FailedStep { get; init; } = -1;

    public Disposition Disposition => Forward.Disposition;
}
