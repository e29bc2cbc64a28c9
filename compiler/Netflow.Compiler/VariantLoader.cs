using Netflow.Language.Diagnostics;
using Netflow.Language.Overlays;
using Netflow.Language.Text;

namespace Netflow.Compiler;

/// <summary>
/// A variant folder: its file <c>variant-of</c> names the folder of the network it varies (one line, relative to the
/// variant's folder), and its .netflow files are an overlay of that network (docs/language.md, "Variants"). The base
/// may be a variant itself; a chain that comes back to a variant it started from is an NF0101.
/// </summary>
public static class VariantLoader
{
    public const string BaseFile = "variant-of";

    [ThreadStatic]
    private static HashSet<string>? s_loading;

    public static bool IsVariant(string directory) => File.Exists(Path.Combine(directory, BaseFile));

    /// <summary>The variant's sources (its base's, edited, and its own) with the mistakes of its overlay, or why its files cannot be read.</summary>
    internal static SourceLoadResult Load(string directory)
    {
        var baseFile = Path.Combine(directory, BaseFile);
        SourceText marker;
        try
        {
            marker = new SourceText(SourceLoader.DisplayPath(baseFile), File.ReadAllText(baseFile));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return SourceLoadResult.Failed($"cannot read '{baseFile}': {e.Message}");
        }

        var lines = Enumerable.Range(0, marker.LineCount)
            .Select(i => (Line: i, Text: marker.Text[marker.GetLineStart(i)..(i + 1 < marker.LineCount ? marker.GetLineStart(i + 1) : marker.Length)].Trim()))
            .Where(l => l.Text.Length > 0 && !l.Text.StartsWith('#'))
            .ToList();
        if (lines.Count != 1)
        {
            return lines.Count == 0 ? Unreadable(marker, 0, BaseProblem.NoFolder) : Unreadable(marker, lines[1].Line, BaseProblem.MoreThanOneLine, lines[1].Text);
        }

        var (at, relative) = lines[0];
        var full = Path.GetFullPath(Path.Combine(directory, relative));
        if (!Directory.Exists(full)) return Unreadable(marker, at, BaseProblem.NotAFolder, relative);
        var loading = s_loading ??= new HashSet<string>(StringComparer.Ordinal);
        if (!loading.Add(Path.GetFullPath(directory))) return Unreadable(marker, at, BaseProblem.LeadsBack, relative);
        try
        {
            if (loading.Contains(full)) return Unreadable(marker, at, BaseProblem.VariesItself, relative);
            var based = SourceLoader.Load([full]);
            if (based.Error is not null) return Unreadable(marker, at, BaseProblem.Unreadable, based.Error);
            // A base that is itself unreadable (a chain that comes back) compiles as an empty network: its NF0101 is the
            // one error, not an NF0102 for every edit of this variant that then finds nothing to edit.
            if (based.Diagnostics.Any(d => d.Descriptor == DiagnosticDescriptors.UnknownBase)) return based;
            var own = SourceLoader.FolderFiles(directory).Order(StringComparer.Ordinal).ToList();
            var overlay = own.Count == 0 ? SourceLoadResult.Loaded([]) : SourceLoader.Load(own);
            if (overlay.Error is not null) return overlay;
            var composition = Overlay.Compose(based.Sources, overlay.Sources);
            return SourceLoadResult.Loaded(composition.Sources) with { Diagnostics = [.. based.Diagnostics, .. composition.Diagnostics] };
        }
        finally
        {
            loading.Remove(Path.GetFullPath(directory));
        }
    }

    /// <summary>An NF0101 at the line of <c>variant-of</c>; the variant then compiles as an empty network, so that nothing else is reported.</summary>
    private static SourceLoadResult Unreadable(SourceText marker, int line, BaseProblem problem, string detail = "")
    {
        var start = Math.Min(marker.GetLineStart(Math.Min(line, marker.LineCount - 1)), marker.Length);
        var end = line + 1 < marker.LineCount ? marker.GetLineStart(line + 1) : marker.Length;
        var span = new TextSpan(start, marker.Text[start..end].TrimEnd().Length);
        var diagnostics = new DiagnosticBag();
        diagnostics.ReportUnknownBase(new SourceLocation(marker, span), problem, detail);
        return SourceLoadResult.Loaded([new SourceText(marker.Path, "")]) with { Diagnostics = diagnostics.ToList() };
    }
}
