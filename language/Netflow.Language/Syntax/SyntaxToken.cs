using Netflow.Language.Text;

namespace Netflow.Language.Syntax;

/// <summary>
/// One token with its exact span. <see cref="Value"/> holds the parsed literal (an <c>IpAddress</c>, an <c>IpPrefix</c>,
/// an <c>int</c>, the unescaped string, or the codes of a directive); it is null when the literal was invalid and has
/// already been reported, so later phases skip it without reporting again.
/// </summary>
public sealed class SyntaxToken(TokenKind kind, TextSpan span, string text, object? value = null)
{
    public TokenKind Kind { get; } = kind;
    public TextSpan Span { get; } = span;
    public string Text { get; } = text;
    public object? Value { get; } = value;

    /// <summary>A token the parser expected and did not find: zero-width, with no text (see <see cref="Missing"/>).</summary>
    public bool IsMissing { get; private init; }

    /// <summary>
    /// The token the parser expected at <paramref name="position"/> and did not find, as Roslyn marks one: zero-width
    /// and missing, so that a header that did not parse is still a node and its diagnostic has a place to point.
    /// </summary>
    public static SyntaxToken Missing(TokenKind kind, int position) => new(kind, new TextSpan(position, 0), "") { IsMissing = true };

    public bool IsWord(string word) => Kind == TokenKind.Name && Text == word;

    public override string ToString() => Kind switch
    {
        TokenKind.EndOfLine => "the end of the line",
        TokenKind.EndOfFile => "the end of the file",
        TokenKind.String => "a string",
        _ => $"'{(Text.Length > 40 ? Text[..40] + "..." : Text)}'",
    };
}
