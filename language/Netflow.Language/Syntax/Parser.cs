using Netflow.Language.Diagnostics;
using Netflow.Language.Text;
using Pidgin;

namespace Netflow.Language.Syntax;

/// <summary>
/// Splits the token stream into declarations (one line each) and blocks, and hands each line to its Pidgin header
/// parser. Blocks are tracked with an explicit stack, never by recursion, so no input can overflow the stack; blocks
/// deeper than <see cref="MaxDepth"/> are reported once and skipped. A line that does not parse yields exactly one
/// diagnostic and parsing resumes at the next line, so N independent mistakes give N diagnostics.
/// </summary>
internal sealed class Parser(SourceText source, ArraySegment<SyntaxToken> tokens, DiagnosticBag diagnostics)
{
    // The lexer's own array, not a copy: it ends with the end-of-file token, which the parser never reads past.
    private readonly SyntaxToken[] _tokens = tokens.Offset == 0 ? tokens.Array! : [.. tokens];

    public const int MaxDepth = 64;

    private static readonly string[] AllKeywords = [.. HeaderGrammar.ByKeyword.Keys.Order(StringComparer.Ordinal)];

    private int _position;
    private readonly List<string> _pendingSuppressions = [];

    private SyntaxToken Current => _tokens[_position];

    public IReadOnlyList<DeclarationSyntax> ParseFile()
    {
        var root = new Frame(null, DeclarationContext.File, null, default, []);
        var stack = new Stack<Frame>();
        stack.Push(root);

        while (true)
        {
            var frame = stack.Peek();
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.EndOfLine:
                    _position++;
                    continue;
                case TokenKind.Directive:
                    AddSuppressions(token);
                    _position++;
                    continue;
                case TokenKind.EndOfFile:
                    if (stack.Count > 1)
                    {
                        // One report for the innermost open block: the outer ones are most likely closed by a brace
                        // that was meant for it, and a report per level would be a cascade.
                        diagnostics.ReportMissingCloseBrace(Location(frame.OpenBrace!.Span));
                        while (stack.Count > 1) CloseFrame(stack, token.Span.Start);
                    }
                    return root.Members;
                case TokenKind.CloseBrace:
                    // A directive at the end of a block has no next declaration inside it; it must not leak outside.
                    _pendingSuppressions.Clear();
                    _position++;
                    if (stack.Count == 1) diagnostics.ReportUnexpectedCloseBrace(Location(token.Span));
                    else CloseFrame(stack, token.Span.End);
                    continue;
            }

            var suppressions = TakeSuppressions();
            var lineStart = _position;
            while (Current.Kind is not (TokenKind.EndOfLine or TokenKind.OpenBrace or TokenKind.CloseBrace or TokenKind.EndOfFile or TokenKind.Directive))
            {
                _position++;
            }
            var line = new ArraySegment<SyntaxToken>(_tokens, lineStart, _position - lineStart);
            // An empty line here stands before a '{': a declaration whose keyword is missing.
            var header = line.Count == 0 ? Incomplete(null, line, Current.Span.Start) : ParseHeader(line, frame.Context);
            var headerSpan = line.Count == 0
                ? Current.Span
                : TextSpan.FromBounds(line[0].Span.Start, line[^1].Span.End);

            if (Current.Kind != TokenKind.OpenBrace)
            {
                frame.Members.Add(new DeclarationSyntax(header, headerSpan, headerSpan, [], suppressions));
                continue;
            }

            var openBrace = Current;
            _position++;
            // A brace with no declaration before it is reported once, not again for every such brace inside it.
            if (line.Count == 0 && frame is not { Header: IncompleteHeader, OpenBrace: not null })
            {
                diagnostics.ReportUnexpectedToken(Location(openBrace.Span), ["'{' at the end of the line of the declaration it opens"], openBrace);
            }
            else if (header is not IncompleteHeader && !CanHaveBlock(header))
            {
                diagnostics.ReportUnexpectedBlock(Location(openBrace.Span), header.Keyword);
            }

            if (stack.Count > MaxDepth)
            {
                diagnostics.ReportNestingTooDeep(Location(openBrace.Span));
                var end = SkipBlock();
                frame.Members.Add(new DeclarationSyntax(header, TextSpan.FromBounds(headerSpan.Start, end), headerSpan, [], suppressions));
                continue;
            }
            var context = CanHaveBlock(header) ? ContextOf(header) : DeclarationContext.Any;
            stack.Push(new Frame(header, context, openBrace, headerSpan, suppressions));
        }
    }

    private void CloseFrame(Stack<Frame> stack, int end)
    {
        var frame = stack.Pop();
        var span = TextSpan.FromBounds(frame.HeaderSpan.Start, end);
        // Only the file's frame has no header, and it is never closed.
        stack.Peek().Members.Add(new DeclarationSyntax(frame.Header!, span, frame.HeaderSpan, frame.Members, frame.Suppressions));
    }

    /// <summary>Skips a block that is nested too deep, brace-counting without recursion; returns where it ended.</summary>
    private int SkipBlock()
    {
        var depth = 1;
        while (Current.Kind != TokenKind.EndOfFile)
        {
            if (Current.Kind == TokenKind.OpenBrace) depth++;
            else if (Current.Kind == TokenKind.CloseBrace && --depth == 0)
            {
                _position++;
                return _tokens[_position - 1].Span.End;
            }
            _position++;
        }
        return Current.Span.Start;
    }

    private HeaderSyntax ParseHeader(ArraySegment<SyntaxToken> line, DeclarationContext context)
    {
        var first = line[0];
        // A line the lexer already complained about gets no second diagnostic from the parser.
        var alreadyReported = AlreadyReported(line);

        if (first.Kind != TokenKind.Name)
        {
            if (!alreadyReported)
            {
                diagnostics.ReportUnexpectedToken(Location(first.Span), ["a declaration such as 'site', 'range', 'router' or 'flow'"], first);
            }
            return Incomplete(null, line, first.Span.Start);
        }
        if (!HeaderGrammar.ByKeyword.TryGetValue(first.Text, out var parser))
        {
            if (!alreadyReported)
            {
                diagnostics.ReportUnknownDeclaration(Location(first.Span), first.Text, AllKeywords);
            }
            return Incomplete(first, line, first.Span.Start);
        }

        var result = parser.Parse((ReadOnlySpan<SyntaxToken>)line.AsSpan());
        if (!result.Success)
        {
            var error = result.Error!;
            if (!alreadyReported) ReportSyntaxError(line, error);
            return Salvage(line) is { } salvaged && IsAllowed(salvaged, context)
                ? salvaged
                : Incomplete(first, line, error.Unexpected.HasValue ? error.Unexpected.Value.Span.Start : line[^1].Span.End);
        }

        var header = result.Value;
        if (!IsAllowed(header, context))
        {
            diagnostics.ReportMisplacedDeclaration(Location(first.Span), header, context);
        }
        return header;
    }

    /// <summary>
    /// A line that is no declaration, with the token the parser expected at <paramref name="stopped"/> missing; where the
    /// line has no keyword (it is empty before a '{', or starts with something else), that missing token is the keyword.
    /// </summary>
    private static IncompleteHeader Incomplete(SyntaxToken? keyword, ArraySegment<SyntaxToken> line, int stopped)
    {
        var expected = SyntaxToken.Missing(TokenKind.Name, stopped);
        return new(keyword ?? expected, [.. line], expected);
    }

    /// <summary>
    /// After a reported error in a site, device or flow header, keeps what the line clearly declares (its keyword and
    /// name), so that its block still binds and the one mistake does not turn into "unknown name" errors everywhere.
    /// </summary>
    private static HeaderSyntax? Salvage(ArraySegment<SyntaxToken> line)
    {
        if (line.Count < 2 || line[1].Kind != TokenKind.Name) return null;
        var keyword = line[0];
        if (keyword.Text == "site") return new SiteHeader(keyword, line[1]);
        if (keyword.Text == "flow") return new FlowHeader(keyword, line[1]);
        if (Binding.Keywords.DeviceKinds.TryGetValue(keyword.Text, out var kind))
        {
            SyntaxToken? host = null;
            for (var i = 2; i + 1 < line.Count; i++)
            {
                if (line[i].IsWord("on") && line[i + 1].Kind == TokenKind.Name) host = line[i + 1];
            }
            return new DeviceHeader(keyword, kind, line[1], host);
        }
        return null;
    }

    /// <summary>The lexer reported something on this line: a bad token, or a literal it could not read.</summary>
    private static bool AlreadyReported(ArraySegment<SyntaxToken> line)
    {
        foreach (var token in line)
        {
            if (token.Kind == TokenKind.Bad || (token.Kind is TokenKind.Address or TokenKind.Prefix or TokenKind.Number && token.Value is null))
            {
                return true;
            }
        }
        return false;
    }

    private void ReportSyntaxError(ArraySegment<SyntaxToken> line, ParseError<SyntaxToken> error)
    {
        var labels = error.Expected.Select(e => e.Label).OfType<string>().Distinct().ToList();
        if (error.Unexpected.HasValue)
        {
            var unexpected = error.Unexpected.Value;
            var words = labels.SelectMany(l => HeaderGrammar.WordsByLabel.TryGetValue(l, out var w) ? w : l.StartsWith('\'') ? [l.Trim('\'')] : []);
            diagnostics.ReportUnexpectedToken(Location(unexpected.Span), labels, unexpected, words);
            return;
        }
        // The line ended too early: point just after its last token.
        diagnostics.ReportUnexpectedToken(Location(new TextSpan(line[^1].Span.End, 0)), labels, found: null);
    }

    private void AddSuppressions(SyntaxToken directive)
    {
        foreach (var code in (string[])directive.Value!)
        {
            if (!IsCodeShaped(code)) break; // the rest of the comment is prose
            var descriptor = DiagnosticDescriptors.Find(code);
            if (descriptor is { Severity: DiagnosticSeverity.Warning })
            {
                _pendingSuppressions.Add(code);
                continue;
            }
            diagnostics.ReportInvalidSuppression(Location(directive.Span), code, descriptor);
        }
    }

    private static bool IsCodeShaped(string word) =>
        word.Length == 6 && word.StartsWith("NF", StringComparison.Ordinal) && word.AsSpan(2).IndexOfAnyExcept("0123456789") < 0;

    private IReadOnlyList<string> TakeSuppressions()
    {
        if (_pendingSuppressions.Count == 0) return [];
        var taken = _pendingSuppressions.ToArray();
        _pendingSuppressions.Clear();
        return taken;
    }

    private SourceLocation Location(TextSpan span) => new(source, span);

    private static bool CanHaveBlock(HeaderSyntax header) =>
        header is SiteHeader or RangeHeader or SegmentHeader or DeviceHeader or FlowHeader;

    private static DeclarationContext ContextOf(HeaderSyntax header) => header switch
    {
        SiteHeader => DeclarationContext.Site,
        RangeHeader => DeclarationContext.Range,
        SegmentHeader => DeclarationContext.Segment,
        DeviceHeader => DeclarationContext.Device,
        FlowHeader => DeclarationContext.Flow,
        _ => DeclarationContext.Any,
    };

    private static bool IsAllowed(HeaderSyntax header, DeclarationContext context) => context switch
    {
        DeclarationContext.File or DeclarationContext.Site =>
            header is SiteHeader or RangeHeader or SegmentHeader or DeviceHeader or TunnelHeader or FlowHeader,
        DeclarationContext.Range or DeclarationContext.Segment => header is RangeHeader,
        DeclarationContext.Device =>
            header is InterfaceHeader or RouteHeader or BgpAsHeader or BgpPeerHeader or SnatHeader or DnatHeader or RecordHeader or ResolverHeader
                or ServesHeader or ServiceTypeHeader or ClusterIpHeader or PortHeader,
        DeclarationContext.Flow => header is FromHeader or ToHeader or ExpectHeader or StepHeader or NeverHeader,
        _ => true,
    };

    private sealed record Frame(
        HeaderSyntax? Header,
        DeclarationContext Context,
        SyntaxToken? OpenBrace,
        TextSpan HeaderSpan,
        IReadOnlyList<string> Suppressions)
    {
        public List<DeclarationSyntax> Members { get; } = [];
    }
}
