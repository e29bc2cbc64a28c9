using Netflow.Language.Syntax;
using Netflow.Language.Text;

namespace Netflow.Language.Diagnostics;

// NF00xx: characters, tokens and declarations.
public sealed partial class DiagnosticBag
{
    /// <summary>NF0001: a run of characters that no token starts with.</summary>
    public void ReportInvalidCharacter(SourceLocation location, ReadOnlySpan<char> run)
    {
        var first = run[0];
        var what = char.IsControl(first) || first == '\uFFFD' || char.IsSurrogate(first)
            ? $"The character U+{(int)first:X4}{(first == '\uFFFD' ? " (bytes that are not valid UTF-8)" : first == '\0' ? " (NUL)" : "")}"
            : $"The character '{first}'";
        Report(DiagnosticDescriptors.InvalidCharacter, location, run.Length switch
        {
            1 => what,
            2 => $"{what} and the character after it",
            _ => $"{what} and the {run.Length - 1} characters after it",
        });
    }

    /// <summary>NF0016 at the start of <paramref name="source"/>: the analyzer checks no file longer than <paramref name="limit"/> characters.</summary>
    public void ReportFileTooLargeForAnalyzer(SourceText source, int limit) =>
        Report(DiagnosticDescriptors.FileTooLargeForAnalyzer, new SourceLocation(source, new TextSpan(0, 0)), source.Length, limit);

    /// <summary>NF0002.</summary>
    public void ReportUnterminatedString(SourceLocation location) => Report(DiagnosticDescriptors.UnterminatedString, location);

    /// <summary>NF0003.</summary>
    public void ReportUnterminatedComment(SourceLocation location) => Report(DiagnosticDescriptors.UnterminatedComment, location);

    /// <summary>NF0004: <paramref name="parseError"/> is the address parser's reason; null for a word that mixes digits and letters.</summary>
    public void ReportInvalidAddress(SourceLocation location, string text, string? parseError) =>
        Report(DiagnosticDescriptors.InvalidAddress, location, text, parseError ?? "it mixes digits and letters (names start with a letter)");

    /// <summary>NF0005.</summary>
    public void ReportInvalidPrefixLength(SourceLocation location, string text) => Report(DiagnosticDescriptors.InvalidPrefixLength, location, text);

    /// <summary>NF0017 at the port: <c>serves icmp N</c>.</summary>
    public void ReportIcmpPort(SourceLocation location, string port) => Report(DiagnosticDescriptors.IcmpPort, location, port);

    /// <summary>NF0006: <paramref name="number"/> as written (a long one is shortened).</summary>
    public void ReportNumberOutOfRange(SourceLocation location, ReadOnlySpan<char> number, NumberRange range) =>
        Report(DiagnosticDescriptors.NumberOutOfRange, location, number.Length > 24 ? number[..24].ToString() + "..." : number.ToString(), range.What, range.Min, range.Max);

    /// <summary>
    /// NF0007: <paramref name="expected"/> are the grammar's labels; <paramref name="found"/> is null at the end of the
    /// line. A name close to one of <paramref name="candidates"/> gets the hint.
    /// </summary>
    public void ReportUnexpectedToken(SourceLocation location, IReadOnlyList<string> expected, SyntaxToken? found, IEnumerable<string>? candidates = null)
    {
        var what = expected.Count switch
        {
            0 => "something else",
            1 => expected[0],
            _ => string.Join(", ", expected.Take(expected.Count - 1)) + " or " + expected[^1],
        };
        var unexpected = found switch
        {
            null => "the end of the line",
            // A header line ends before its brace, so a brace the parser did not expect is one that starts a line.
            { Kind: TokenKind.OpenBrace } => $"{found} on a line of its own",
            _ => found.ToString(),
        };
        var hint = found is { Kind: TokenKind.Name } && candidates is not null ? Hint(location, found.Text, candidates) : ".";
        Report(DiagnosticDescriptors.UnexpectedToken, location, what, unexpected, hint);
    }

    /// <summary>NF0008, at the brace that opens the block.</summary>
    public void ReportMissingCloseBrace(SourceLocation location) => Report(DiagnosticDescriptors.MissingCloseBrace, location);

    /// <summary>NF0009.</summary>
    public void ReportUnexpectedCloseBrace(SourceLocation location) => Report(DiagnosticDescriptors.UnexpectedCloseBrace, location);

    /// <summary>NF0010, at the brace of the first block that is too deep.</summary>
    public void ReportNestingTooDeep(SourceLocation location) => Report(DiagnosticDescriptors.NestingTooDeep, location, Parser.MaxDepth);

    /// <summary>NF0011: a declaration in a block that cannot hold it.</summary>
    internal void ReportMisplacedDeclaration(SourceLocation location, HeaderSyntax header, DeclarationContext context)
    {
        var where = context switch
        {
            DeclarationContext.File => "at the top level of a file",
            DeclarationContext.Site => "inside a site",
            DeclarationContext.Range => "inside a range",
            DeclarationContext.Segment => "inside a segment",
            DeclarationContext.Device => "inside a device",
            _ => "inside a flow",
        };
        var belongs = header switch
        {
            RangeHeader => "declare it in a file, a site, a range or a segment",
            SiteHeader or SegmentHeader or DeviceHeader or TunnelHeader or FlowHeader => "declare it in a file or inside a site",
            FromHeader or ToHeader or ExpectHeader or StepHeader or NeverHeader => "it belongs inside a flow's block",
            _ => "it belongs inside the block of the device it configures",
        };
        Report(DiagnosticDescriptors.MisplacedDeclaration, location, header.Keyword.Text, where, belongs);
    }

    /// <summary>NF0013, with a hint from the declaration keywords.</summary>
    public void ReportUnknownDeclaration(SourceLocation location, string word, IEnumerable<string> keywords) =>
        Report(DiagnosticDescriptors.UnknownDeclaration, location, word, Hint(location, word, keywords));

    /// <summary>NF0014: a block after a declaration that has none.</summary>
    public void ReportUnexpectedBlock(SourceLocation location, SyntaxToken keyword) =>
        Report(DiagnosticDescriptors.UnexpectedBlock, location, Spelling.WithArticle($"'{keyword.Text}'").Capitalize());

    /// <summary>NF0015: <paramref name="known"/> is the code's descriptor (an error), or null for a code Netflow does not have.</summary>
    public void ReportInvalidSuppression(SourceLocation location, string code, DiagnosticDescriptor? known) =>
        Report(DiagnosticDescriptors.InvalidSuppression, location, code,
            known is null ? "is not a Netflow diagnostic code" : "is an error, and errors cannot be silenced");
}
