using System.Diagnostics;

namespace Netflow.Language;

/// <summary>
/// Wall-clock time and allocated bytes per phase, for <c>netflow check --timings</c> and for finding what got slow. A
/// phase marked again (lexing and parsing, once per file) adds to its first entry, so the table keeps one row per phase
/// in the order the phases first ended.
/// </summary>
public sealed class PhaseTimings
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly List<PhaseTiming> _phases = [];
    private long _allocatedAtStart = GC.GetTotalAllocatedBytes();
    private int _collectionsAtStart = GC.CollectionCount(0);
    private int _fullCollectionsAtStart = GC.CollectionCount(2);

    public IReadOnlyList<PhaseTiming> Phases => _phases;

    /// <summary>Ends the phase that began at the previous mark (or at construction) and begins the next.</summary>
    public void Mark(string phase)
    {
        var (allocated, collections, fullCollections) = (GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), GC.CollectionCount(2));
        var timing = new PhaseTiming(phase, _watch.Elapsed, allocated - _allocatedAtStart, collections - _collectionsAtStart, fullCollections - _fullCollectionsAtStart);
        var index = _phases.FindIndex(p => p.Phase == phase);
        if (index < 0) _phases.Add(timing);
        else _phases[index] = _phases[index].Plus(timing);
        (_allocatedAtStart, _collectionsAtStart, _fullCollectionsAtStart) = (allocated, collections, fullCollections);
        _watch.Restart();
    }
}

/// <summary>One phase: how long it took, how many bytes it allocated (on every thread), and the garbage collections (all, and full ones) in it.</summary>
public readonly record struct PhaseTiming(string Phase, TimeSpan Elapsed, long AllocatedBytes, int Collections, int FullCollections)
{
    internal PhaseTiming Plus(PhaseTiming more) => this with
    {
        Elapsed = Elapsed + more.Elapsed, AllocatedBytes = AllocatedBytes + more.AllocatedBytes,
        Collections = Collections + more.Collections, FullCollections = FullCollections + more.FullCollections,
    };
}
