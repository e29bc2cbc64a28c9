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

    public bool IsWord(string word) => Kind == TokenKind.Name && Text == word;

    public override string ToString() => Kind switch
    {
        TokenKind.EndOfLine => "the end of the line",
        TokenKind.EndOfFile => "the end of the file",
        TokenKind.String => "a string",
        _ => $"'{(Text.Length > 40 ? Text[..40] + "..." : Text)}'",
    };
}
