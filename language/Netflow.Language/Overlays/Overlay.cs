using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Netflow.Language.Diagnostics;
using Netflow.Language.Syntax;
using Netflow.Language.Text;

namespace Netflow.Language.Overlays;

/// <summary>The sources a variant compiles (its base's, edited, and its own) and the mistakes found in its edits.</summary>
public sealed record OverlayComposition(IReadOnlyList<SourceText> Sources, IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>
/// Composes a variant from the network it varies (the base) and its overlay files (docs/language.md, "Variants"). An
/// overlay file holds ordinary declarations, which are added, and three edits of the base, each at the start of a line:
/// <c>remove NAME</c> (or <c>remove</c> and a whole line of the block being changed), <c>replace DECLARATION</c> (a
/// declaration with a name, replacing the base's of the same qualified name), and <c>change NAME { ... }</c> (the lines
/// of the block are added to the block of the base's declaration, where edits may continue). Names are relative to the
/// enclosing <c>site</c> or <c>change</c> block. The base texts are edited in place (what is removed becomes spaces) and
/// lines a <c>change</c> adds are inserted before the closing brace with their origin, so every location still names the
/// file and line where its text is written.
/// </summary>
public static class Overlay
{
    public const string Remove = "remove";
    public const string Replace = "replace";
    public const string Change = "change";

    public static OverlayComposition Compose(IReadOnlyList<SourceText> bases, IReadOnlyList<SourceText> overlays)
    {
        var index = new BaseIndex(bases);
        var diagnostics = new DiagnosticBag();
        var composedOverlays = overlays.Select(o => new OverlayFile(o, index, diagnostics).Compose()).ToList();
        return new OverlayComposition([.. bases.Select(index.Apply), .. composedOverlays], diagnostics.ToList());
    }
}

/// <summary>A declaration of the base network, with its qualified name.</summary>
internal sealed record BaseDeclaration(SourceText Source, DeclarationSyntax Syntax, string Name)
{
    public bool HasBlock => Syntax.Span.Length > 0 && Source.Text[Syntax.Span.End - 1] == '}';

    public SourceLocation Location => new(Source, Syntax.Span);
}

/// <summary>The base network's declarations by qualified name, and the edits made to its texts.</summary>
internal sealed class BaseIndex
{
    private readonly Dictionary<string, List<BaseDeclaration>> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<SourceText, List<TextSpan>> _blanked = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<SourceText, List<(int BeforeLine, string Text, LineOrigin Origin)>> _inserted = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<DeclarationSyntax> _edited = new(ReferenceEqualityComparer.Instance);

    public BaseIndex(IReadOnlyList<SourceText> bases)
    {
        foreach (var source in bases) Collect(source, SyntaxTree.Parse(source).Declarations, "");
    }

    public IEnumerable<string> Names => _byName.Keys;

    public IReadOnlyList<BaseDeclaration> Find(string name) => _byName.GetValueOrDefault(name) ?? [];

    private void Collect(SourceText source, IReadOnlyList<DeclarationSyntax> declarations, string scope)
    {
        foreach (var declaration in declarations)
        {
            var name = declaration.Header.Name?.Text;
            var qualified = name is null ? null : Qualify(scope, name);
            if (qualified is not null)
            {
                if (!_byName.TryGetValue(qualified, out var list)) _byName[qualified] = list = [];
                list.Add(new BaseDeclaration(source, declaration, qualified));
            }
            // Sites, devices and flows open a scope; a range nested in a range still belongs to the site (as in the binder).
            var opensScope = qualified is not null && declaration.Header is SiteHeader or DeviceHeader or FlowHeader;
            Collect(source, declaration.Members, opensScope ? qualified! : scope);
        }
    }

    public static string Qualify(string scope, string name) => scope.Length == 0 ? name : scope + "." + name;

    /// <summary>Claims a declaration for one edit; false when another edit has claimed it.</summary>
    public bool Claim(DeclarationSyntax declaration) => _edited.Add(declaration);

    public void Blank(SourceText source, TextSpan span)
    {
        if (!_blanked.TryGetValue(source, out var list)) _blanked[source] = list = [];
        list.Add(span);
    }

    /// <summary>Inserts a line (with its line end) before the declaration's first line, or before the line of its closing brace.</summary>
    public void Insert(BaseDeclaration into, bool atStart, string line, LineOrigin origin)
    {
        if (!_inserted.TryGetValue(into.Source, out var list)) _inserted[into.Source] = list = [];
        var offset = atStart ? into.Syntax.Span.Start : into.Syntax.Span.End - 1;
        list.Add((into.Source.GetLinePosition(offset).Line, line, origin));
    }

    /// <summary>A base text with its edits: removed text blanked, added lines inserted with where they were written.</summary>
    public SourceText Apply(SourceText source)
    {
        var blanked = _blanked.GetValueOrDefault(source);
        var inserted = _inserted.GetValueOrDefault(source);
        if (blanked is null && inserted is null) return source;
        var text = OverlayText.Blank(source.Text, blanked ?? []);
        var builder = new StringBuilder(text.Length);
        var origins = new List<LineOrigin>();
        var insertions = (inserted ?? []).ToLookup(i => i.BeforeLine);
        for (var line = 0; line < source.LineCount; line++)
        {
            foreach (var insertion in insertions[line])
            {
                builder.Append(insertion.Text);
                origins.Add(insertion.Origin);
            }
            var start = source.GetLineStart(line);
            var end = line + 1 < source.LineCount ? source.GetLineStart(line + 1) : text.Length;
            builder.Append(text, start, end - start);
            origins.Add(source.OriginOf(line));
        }
        return new SourceText(source.Path, builder.ToString(), origins);
    }
}

/// <summary>Text surgery that keeps every offset: what goes becomes spaces, line ends stay.</summary>
internal static partial class OverlayText
{
    public static string Blank(string text, IEnumerable<TextSpan> spans)
    {
        var chars = text.ToCharArray();
        foreach (var span in spans)
        {
            for (var i = span.Start; i < span.End; i++)
            {
                if (chars[i] is not ('\n' or '\r')) chars[i] = ' ';
            }
        }
        return new string(chars);
    }

    /// <summary>A line's text for matching: spacing collapsed.</summary>
    public static string Normalize(string text) => Spacing().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spacing();
}
