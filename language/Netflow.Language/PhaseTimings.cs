using System.Diagnostics;

namespace Netflow.Language;

/// <summary>Wall-clock time per compilation phase, for <c>netflow check --timings</c> and for finding what got slow.</summary>
internal sealed class PhaseTimings
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly List<(string, TimeSpan)> _phases = [];

    public IReadOnlyList<(string Phase, TimeSpan Elapsed)> Phases => _phases;

    public void Mark(string phase)
    {
        _phases.Add((phase, _watch.Elapsed));
        _watch.Restart();
    }
}
