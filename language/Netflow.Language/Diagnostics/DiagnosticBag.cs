using Netflow.Language.Text;

namespace Netflow.Language.Diagnostics;

/// <summary>
/// Collects the diagnostics of one phase. A per-file cap keeps garbage input (a binary file, say) from producing
/// millions of entries: past it, one NF0012 says that reporting stopped.
/// </summary>
public sealed class DiagnosticBag
{
    public const int MaxErrorsPerFile = 100;

    private readonly List<Diagnostic> _diagnostics = [];
    private readonly Dictionary<SourceText, int> _errorsPerFile = new(ReferenceEqualityComparer.Instance);

    public int Count => _diagnostics.Count;

    /// <summary>Whether errors in this file are no longer reported (so that costly messages need not be built).</summary>
    public bool IsCapped(SourceText source) => _errorsPerFile.TryGetValue(source, out var count) && count > MaxErrorsPerFile;

    public IReadOnlyList<Diagnostic> ToList() => _diagnostics.ToArray();

    public void Report(DiagnosticDescriptor descriptor, SourceLocation location, params object?[] args) =>
        Report(descriptor, location, [], args);

    /// <summary>
    /// Whether any syntax or name error was found, shown or not: past the cap they are no longer listed, but they still
    /// leave the model incomplete.
    /// </summary>
    public bool HasBlockingErrors { get; private set; }

    private void Note(DiagnosticDescriptor descriptor)
    {
        if (descriptor.Severity == DiagnosticSeverity.Error && descriptor.Category is "Syntax" or "Names" && descriptor != DiagnosticDescriptors.TooManyErrors)
        {
            HasBlockingErrors = true;
        }
    }

    public void Report(DiagnosticDescriptor descriptor, SourceLocation location, IReadOnlyList<RelatedLocation> related, params object?[] args)
    {
        Note(descriptor);
        if (descriptor.Severity == DiagnosticSeverity.Error)
        {
            _errorsPerFile.TryGetValue(location.Source, out var count);
            _errorsPerFile[location.Source] = count + 1;
            if (count == MaxErrorsPerFile)
            {
                var message = string.Format(System.Globalization.CultureInfo.InvariantCulture, DiagnosticDescriptors.TooManyErrors.MessageFormat, MaxErrorsPerFile);
                _diagnostics.Add(new Diagnostic(DiagnosticDescriptors.TooManyErrors, location, message, []));
            }
            if (count >= MaxErrorsPerFile) return;
        }
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, descriptor.MessageFormat, args);
        _diagnostics.Add(new Diagnostic(descriptor, location, text, related));
    }

    /// <summary>Adds another phase's diagnostics under the same per-file cap.</summary>
    public void AddRange(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            Note(diagnostic.Descriptor);
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
}
