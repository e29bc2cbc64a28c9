using Netflow.Language.Diagnostics;
using Netflow.Language.Syntax;
using Netflow.Language.Text;

namespace Netflow.Language.Overlays;

/// <summary>
/// One overlay file: its edits applied to the base, and its own text with the edits taken out (the lines of
/// <c>change</c> blocks move into the base, <c>remove</c> lines and the word <c>replace</c> become spaces), so that what
/// is left is ordinary declarations at their own positions.
/// </summary>
internal sealed class OverlayFile(SourceText source, BaseIndex index, DiagnosticBag diagnostics)
{
    private readonly List<TextSpan> _blanked = [];

    /// <summary>Physical lines that move into the base, in order: into a changed block (before its closing brace) or in place of a replaced declaration.</summary>
    private readonly List<(int Line, BaseDeclaration Into, bool AtStart)> _moved = [];

    private readonly HashSet<int> _movedLines = [];

    /// <summary>
    /// An open block: a site (names inside are relative to it), a change or a replacement (of a base declaration, or
    /// null when it names none; the lines inside move into the base), or any other block.
    /// </summary>
    private sealed record Frame(FrameKind Kind, string Scope, BaseDeclaration? Target);

    private enum FrameKind { Site, Change, Replace, Other }

    private static bool Moves(Frame frame) => frame.Kind is FrameKind.Change or FrameKind.Replace;

    public SourceText Compose()
    {
        var frames = new Stack<Frame>();
        foreach (var line in Lines())
        {
            var first = line[0];
            var context = frames.Count == 0 ? new Frame(FrameKind.Site, "", null) : frames.Peek();
            var change = frames.FirstOrDefault(Moves);
            if (first.IsWord(Overlay.Remove) || first.IsWord(Overlay.Replace) || first.IsWord(Overlay.Change))
            {
                if (context.Kind is FrameKind.Other or FrameKind.Replace)
                {
                    diagnostics.ReportMalformedEdit(At(first.Span), EditMistake.InsideDeclaration, first.Text);
                    BlankLine(first);
                    continue;
                }
                if (first.IsWord(Overlay.Remove)) RemoveLine(line, context);
                else if (first.IsWord(Overlay.Replace)) ReplaceLine(line, context, frames);
                else ChangeLine(line, context, frames);
                continue;
            }
            if (first.Kind == TokenKind.CloseBrace)
            {
                if (frames.Count == 0) continue; // the parser reports it
                var closed = frames.Pop();
                if (closed.Kind == FrameKind.Change)
                {
                    BlankLine(first);
                    continue;
                }
            }
            if (change is not null) Move(first, change);
            if (line[^1].Kind == TokenKind.OpenBrace && first.Kind != TokenKind.CloseBrace)
            {
                var isSite = first.IsWord("site") && line.Count > 2 && line[1].Kind == TokenKind.Name && context.Kind == FrameKind.Site && change is null;
                frames.Push(isSite ? new Frame(FrameKind.Site, BaseIndex.Qualify(context.Scope, line[1].Text), null) : new Frame(FrameKind.Other, context.Scope, null));
            }
        }

        foreach (var (line, into, atStart) in _moved)
        {
            index.Insert(into, atStart, LineText(line), source.OriginOf(line));
        }
        foreach (var line in _movedLines) _blanked.Add(LineSpan(line));
        return _blanked.Count == 0 ? source : new SourceText(source.Path, OverlayText.Blank(source.Text, _blanked));
    }

    /// <summary><c>remove NAME</c>, or <c>remove</c> and a line of the block being changed.</summary>
    private void RemoveLine(List<SyntaxToken> line, Frame context)
    {
        var first = line[0];
        BlankLine(first);
        var rest = line.Skip(1).ToList();
        if (rest.Count == 0)
        {
            diagnostics.ReportMalformedEdit(At(first.Span), EditMistake.RemoveWithoutTarget);
            return;
        }
        var what = new TextSpan(rest[0].Span.Start, rest[^1].Span.End - rest[0].Span.Start);
        if (rest is [{ Kind: TokenKind.Name } name])
        {
            if (Resolve(name.Text, context, name.Span, Overlay.Remove) is { } target && Claim(target, name.Span))
            {
                index.Blank(target.Source, target.Syntax.Span);
            }
            return;
        }
        if (context.Target is not { } changed)
        {
            diagnostics.ReportMalformedEdit(At(what), EditMistake.LineRemovedOutsideChange);
            return;
        }
        var text = OverlayText.Normalize(source.ToString(what));
        var matches = changed.Syntax.Members.Where(m => Matches(changed.Source, m, text)).ToList();
        if (matches.Count == 0)
        {
            diagnostics.ReportNothingToEdit(At(what), Overlay.Remove, changed.Name, [], line: text);
        }
        else if (matches.Count > 1)
        {
            diagnostics.ReportAmbiguousEdit(At(what), text, [.. matches.Select(m => new SourceLocation(changed.Source, m.Span))], isLine: true);
        }
        else if (Claim(new BaseDeclaration(changed.Source, matches[0], text), what))
        {
            index.Blank(changed.Source, matches[0].Span);
        }
    }

    /// <summary>A base member matches when its header line (with or without its description) reads the same.</summary>
    private static bool Matches(SourceText baseSource, DeclarationSyntax member, string text)
    {
        if (OverlayText.Normalize(baseSource.ToString(member.HeaderSpan)) == text) return true;
        return member.Header.Description is { } description && description.Span.Start > member.HeaderSpan.Start
            && OverlayText.Normalize(baseSource.ToString(new TextSpan(member.HeaderSpan.Start, description.Span.Start - member.HeaderSpan.Start))) == text;
    }

    /// <summary><c>replace DECLARATION</c>: the declaration takes the place of the base's of the same name, line for line.</summary>
    private void ReplaceLine(List<SyntaxToken> line, Frame context, Stack<Frame> frames)
    {
        var first = line[0];
        _blanked.Add(first.Span);
        var target = line.Count < 2 ? null : ReplacedBy(line, context);
        if (line.Count < 2) diagnostics.ReportMalformedEdit(At(first.Span), EditMistake.ReplaceWithoutDeclaration);
        var frame = new Frame(FrameKind.Replace, context.Scope, target);
        Move(first, frame);
        if (line[^1].Kind == TokenKind.OpenBrace) frames.Push(frame);
    }

    private BaseDeclaration? ReplacedBy(List<SyntaxToken> line, Frame context)
    {
        var header = SyntaxTree.Parse(source.Path, source.Text[line[1].Span.Start..line[^1].Span.End]).Declarations.FirstOrDefault()?.Header;
        if (header?.Name is not { } name)
        {
            diagnostics.ReportMalformedEdit(At(line[1].Span), EditMistake.ReplaceWithoutName);
            return null;
        }
        var at = new TextSpan(line[1].Span.Start + name.Span.Start, name.Span.Length);
        if (Resolve(name.Text, context, at, Overlay.Replace) is not { } target || !Claim(target, at)) return null;
        index.Blank(target.Source, target.Syntax.Span);
        return target;
    }

    /// <summary><c>change NAME {</c>: the lines up to its closing brace are added to the base declaration's block.</summary>
    private void ChangeLine(List<SyntaxToken> line, Frame context, Stack<Frame> frames)
    {
        var first = line[0];
        BlankLine(first);
        if (line is not [_, { Kind: TokenKind.Name } name, { Kind: TokenKind.OpenBrace }])
        {
            diagnostics.ReportMalformedEdit(At(first.Span), EditMistake.ChangeNotABlock);
            if (line[^1].Kind == TokenKind.OpenBrace) frames.Push(new Frame(FrameKind.Change, context.Scope, null));
            return;
        }
        var target = Resolve(name.Text, context, name.Span, Overlay.Change);
        if (target is not null && !target.HasBlock)
        {
            diagnostics.ReportMalformedEdit(At(name.Span), EditMistake.NoBlockToChange, target.Name);
            target = null;
        }
        else if (target is not null && !ClosesOnItsOwnLine(target))
        {
            diagnostics.ReportMalformedEdit(At(name.Span), EditMistake.BraceSharesLine, target.Name, target.Location);
            target = null;
        }
        else if (target is not null && !Claim(target, name.Span))
        {
            target = null;
        }
        frames.Push(new Frame(FrameKind.Change, target?.Name ?? BaseIndex.Qualify(context.Scope, name.Text), target));
    }

    private static bool ClosesOnItsOwnLine(BaseDeclaration declaration)
    {
        var close = declaration.Syntax.Span.End - 1;
        var lineStart = declaration.Source.GetLineStart(declaration.Source.GetLinePosition(close).Line);
        return string.IsNullOrWhiteSpace(declaration.Source.Text[lineStart..close]);
    }

    private BaseDeclaration? Resolve(string name, Frame context, TextSpan at, string verb)
    {
        var qualified = BaseIndex.Qualify(context.Scope, name);
        var found = index.Find(qualified);
        if (found.Count == 0)
        {
            diagnostics.ReportNothingToEdit(At(at), verb, qualified, index.Names);
            return null;
        }
        if (found.Count > 1)
        {
            diagnostics.ReportAmbiguousEdit(At(at), qualified, [.. found.Select(f => f.Location)], isLine: false);
            return null;
        }
        return found[0];
    }

    private bool Claim(BaseDeclaration target, TextSpan at)
    {
        if (index.Claim(target.Syntax)) return true;
        diagnostics.ReportMalformedEdit(At(at), EditMistake.EditedTwice, target.Name, target.Location);
        return false;
    }

    /// <summary>Moves the physical line of <paramref name="token"/> into the base (or drops it when the edit names nothing).</summary>
    private void Move(SyntaxToken token, Frame edit)
    {
        var line = source.GetLinePosition(token.Span.Start).Line;
        if (!_movedLines.Add(line)) return;
        if (edit.Target is { } into) _moved.Add((line, into, edit.Kind == FrameKind.Replace));
    }

    private void BlankLine(SyntaxToken token) => _blanked.Add(LineSpan(source.GetLinePosition(token.Span.Start).Line));

    private TextSpan LineSpan(int line)
    {
        var start = source.GetLineStart(line);
        var end = line + 1 < source.LineCount ? source.GetLineStart(line + 1) : source.Length;
        return new TextSpan(start, end - start);
    }

    /// <summary>A physical line as it will be inserted: with the edits of this file applied (the word 'replace' gone), ending with a line end.</summary>
    private string LineText(int line)
    {
        var span = LineSpan(line);
        var text = OverlayText.Blank(source.Text, _blanked.Where(b => b.Start >= span.Start && b.End <= span.End && b != span))[span.Start..span.End];
        return text.EndsWith('\n') || text.EndsWith('\r') ? text : text + "\n";
    }

    /// <summary>The file's declarations line by line: the tokens of each, without the line end.</summary>
    private IEnumerable<List<SyntaxToken>> Lines()
    {
        var line = new List<SyntaxToken>();
        foreach (var token in new Lexer(source, new DiagnosticBag()).Lex())
        {
            if (token.Kind is TokenKind.EndOfLine or TokenKind.EndOfFile)
            {
                if (line.Count > 0) yield return line;
                line = [];
            }
            else if (token.Kind != TokenKind.Directive)
            {
                line.Add(token);
            }
        }
    }

    private SourceLocation At(TextSpan span) => new(source, span);
}
