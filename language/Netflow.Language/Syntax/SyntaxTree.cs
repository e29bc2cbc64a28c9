using Netflow.Language.Diagnostics;
using Netflow.Language.Text;

namespace Netflow.Language.Syntax;

/// <summary>One parsed file: its text, its top-level declarations and the syntax diagnostics found on the way.</summary>
public sealed class SyntaxTree
{
    private SyntaxTree(SourceText source, IReadOnlyList<DeclarationSyntax> declarations, IReadOnlyList<Diagnostic> diagnostics)
    {
        Source = source;
        Declarations = declarations;
        Diagnostics = diagnostics;
    }

    public SourceText Source { get; }
    public IReadOnlyList<DeclarationSyntax> Declarations { get; }
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public static SyntaxTree Parse(SourceText source) => Parse(source, null);

    /// <summary>Parses <paramref name="source"/>, marking the phases "lex" and "parse" in <paramref name="timings"/> when given.</summary>
    public static SyntaxTree Parse(SourceText source, PhaseTimings? timings)
    {
        var diagnostics = new DiagnosticBag();
        var tokens = new Lexer(source, diagnostics).Lex();
        timings?.Mark("lex");
        var declarations = new Parser(source, tokens, diagnostics).ParseFile();
        timings?.Mark("parse");
        return new SyntaxTree(source, declarations, diagnostics.ToList());
    }

    public static SyntaxTree Parse(string path, string text) => Parse(new SourceText(path, text));

    public SourceLocation Location(TextSpan span) => new(Source, span);

    /// <summary>The same tree with more diagnostics: problems found while composing its text (a variant's overlay).</summary>
    public SyntaxTree WithDiagnostics(IEnumerable<Diagnostic> diagnostics) => new(Source, Declarations, [.. Diagnostics, .. diagnostics]);
}
