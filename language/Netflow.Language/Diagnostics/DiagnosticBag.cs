using System.Globalization;
using Netflow.Language.Text;

namespace Netflow.Language.Diagnostics;

/// <summary>
/// Collects the diagnostics of one phase, as Minsk's and Roslyn's bags do: one typed <c>ReportXxx</c> method per code
/// (in the partial files by phase beside this one), so that each message is worded in one place and callers pass what
/// they found, never text. A per-file cap keeps garbage input (a binary file, say) from producing millions of entries:
/// past it, one NF0012 says that reporting stopped.
/// </summary>
public sealed partial class DiagnosticBag
{
    public const int MaxErrorsPerFile = 100;

    private readonly List<Diagnostic> _diagnostics = [];
    private readonly Dictionary<SourceText, int> _errorsPerFile = new(ReferenceEqualityComparer.Instance);

    public int Count => _diagnostics.Count;

    /// <summary>Whether errors in this file are no longer reported (so that costly messages need not be built).</summary>
    private bool IsCapped(SourceText source) => _errorsPerFile.TryGetValue(source, out var count) && count > MaxErrorsPerFile;

    public IReadOnlyList<Diagnostic> ToList() => _diagnostics.ToArray();

    /// <summary>
    /// Whether any syntax or name error was found, shown or not: past the cap they are no longer listed, but they still
    /// leave the model incomplete.
    /// </summary>
    public bool HasBlockingErrors { get; private set; }

    /// <summary>Adds another phase's diagnostics under the same per-file cap.</summary>
    public void AddRange(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            HasBlockingErrors |= diagnostic.Descriptor.Blocks;
            if (!diagnostic.IsError)
            {
                _diagnostics.Add(diagnostic);
                continue;
            }
            _errorsPerFile.TryGetValue(diagnostic.Location.Source, out var count);
            var capped = diagnostic.Descriptor == DiagnosticDescriptors.TooManyErrors;
            if (capped || count < MaxErrorsPerFile) _diagnostics.Add(diagnostic);
            _errorsPerFile[diagnostic.Location.Source] = capped ? MaxErrorsPerFile + 1 : count + 1;
        }
    }

    private void Report(DiagnosticDescriptor descriptor, SourceLocation location, params object?[] args) =>
        Report(descriptor, location, [], args);

    /// <summary>The one place a message format is filled.</summary>
    private void Report(DiagnosticDescriptor descriptor, SourceLocation location, IReadOnlyList<RelatedLocation> related, params object?[] args)
    {
        HasBlockingErrors |= descriptor.Blocks;
        if (descriptor.Severity == DiagnosticSeverity.Error)
        {
            _errorsPerFile.TryGetValue(location.Source, out var count);
            _errorsPerFile[location.Source] = count + 1;
            if (count == MaxErrorsPerFile) _diagnostics.Add(new Diagnostic(DiagnosticDescriptors.TooManyErrors, location, Format(DiagnosticDescriptors.TooManyErrors, [MaxErrorsPerFile]), []));
            if (count >= MaxErrorsPerFile) return;
        }
        _diagnostics.Add(new Diagnostic(descriptor, location, Format(descriptor, args), related));
    }

    private static string Format(DiagnosticDescriptor descriptor, object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, descriptor.MessageFormat, args);

    /// <summary>
    /// The one spelling of a "did you mean" hint, which ends its sentence: "; did you mean 'x'?", or "." when no
    /// candidate is close. Past the cap nothing is shown, so the costly search is skipped.
    /// </summary>
    private string Hint(SourceLocation location, string word, IEnumerable<string> candidates) =>
        IsCapped(location.Source) ? "." : Spelling.Hint(word, candidates);

    /// <summary>"'x' is declared here": the related location of a declaration.</summary>
    private static RelatedLocation DeclaredHere(SourceLocation location, string name) => new(location, $"'{name}' is declared here");
}
