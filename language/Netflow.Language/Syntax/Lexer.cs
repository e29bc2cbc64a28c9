using System.Globalization;
using Netflow.Language.Addressing;
using Netflow.Language.Diagnostics;
using Netflow.Language.Text;

namespace Netflow.Language.Syntax;

/// <summary>
/// Turns source text into tokens in one linear pass. It accepts any input: text it cannot use becomes a reported
/// <see cref="TokenKind.Bad"/> token (one diagnostic per run of bad characters), and invalid literals keep their kind
/// with a null value, so the parser sees a normal shape and does not report the same problem again.
/// </summary>
internal sealed class Lexer(SourceText source, DiagnosticBag diagnostics)
{
    public const string DirectivePrefix = "netflow-disable-next";

    private readonly string _text = source.Text;
    private readonly TokenTexts _texts = new();
    // Sized from the text (a token every few characters), so that a large file's tokens are not copied as they grow.
    private SyntaxToken[] _tokens = new SyntaxToken[Math.Max(16, source.Text.Length / 6)];
    private int _count;
    private int _position;

    /// <summary>The tokens, the last one <see cref="TokenKind.EndOfFile"/>.</summary>
    public ArraySegment<SyntaxToken> Lex()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            switch (c)
            {
                case ' ' or '\t' or '\f' or '\v':
                    _position++;
                    break;
                case '\n' or '\r':
                    LexLineEnd();
                    break;
                case ';':
                    Add(TokenKind.EndOfLine, _position, 1);
                    break;
                case '{':
                    Add(TokenKind.OpenBrace, _position, 1);
                    break;
                case '}':
                    Add(TokenKind.CloseBrace, _position, 1);
                    break;
                case ',':
                    Add(TokenKind.Comma, _position, 1);
                    break;
                case ':':
                    Add(TokenKind.Colon, _position, 1);
                    break;
                case '#':
                    LexLineComment();
                    break;
                case '"':
                    LexString();
                    break;
                case '/' when Peek(1) == '*':
                    LexBlockComment();
                    break;
                case >= '0' and <= '9':
                    LexNumeric();
                    break;
                default:
                    if (IsNameStart(c)) LexName();
                    else LexBadRun();
                    break;
            }
        }
        Append(new SyntaxToken(TokenKind.EndOfFile, new TextSpan(_text.Length, 0), ""));
        return new ArraySegment<SyntaxToken>(_tokens, 0, _count);
    }

    private void Append(SyntaxToken token)
    {
        if (_count == _tokens.Length) Array.Resize(ref _tokens, _tokens.Length * 2);
        _tokens[_count++] = token;
    }

    private char Peek(int ahead) => _position + ahead < _text.Length ? _text[_position + ahead] : '\0';

    private void Add(TokenKind kind, int start, int length, object? value = null)
    {
        Append(new SyntaxToken(kind, new TextSpan(start, length), _texts.Get(_text, start, length), value));
        _position = start + length;
    }

    private SourceLocation At(int start, int length) => new(source, new TextSpan(start, length));

    private void LexLineEnd()
    {
        var start = _position;
        var length = _text[_position] == '\r' && Peek(1) == '\n' ? 2 : 1;
        Add(TokenKind.EndOfLine, start, length);
    }

    private void LexLineComment()
    {
        var start = _position;
        var end = _text.IndexOfAny(['\r', '\n'], start);
        if (end < 0) end = _text.Length;
        var body = _text.AsSpan(start + 1, end - start - 1).Trim();
        _position = end;
        if (!body.StartsWith(DirectivePrefix, StringComparison.Ordinal)) return;

        var codes = body[DirectivePrefix.Length..].ToString()
            .ToUpperInvariant().Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries);
        Append(new SyntaxToken(TokenKind.Directive, TextSpan.FromBounds(start, end), _text[start..end], codes));
    }

    private void LexBlockComment()
    {
        var start = _position;
        var end = _text.IndexOf("*/", start + 2, StringComparison.Ordinal);
        if (end < 0)
        {
            diagnostics.ReportUnterminatedComment(At(start, 2));
            _position = _text.Length;
            return;
        }
        _position = end + 2;
    }

    private void LexString()
    {
        var start = _position;
        var builder = new System.Text.StringBuilder();
        var i = start + 1;
        while (i < _text.Length && _text[i] is not ('"' or '\n' or '\r'))
        {
            if (_text[i] == '\\' && i + 1 < _text.Length && _text[i + 1] is '"' or '\\')
            {
                builder.Append(_text[i + 1]);
                i += 2;
                continue;
            }
            builder.Append(_text[i]);
            i++;
        }
        if (i < _text.Length && _text[i] == '"')
        {
            Add(TokenKind.String, start, i + 1 - start, builder.ToString());
            return;
        }
        diagnostics.ReportUnterminatedString(At(start, 1));
        Add(TokenKind.String, start, i - start, builder.ToString());
    }

    /// <summary>Numbers, addresses and prefixes: a run of digits, dots and one slash.</summary>
    private void LexNumeric()
    {
        var start = _position;
        var i = start;
        while (i < _text.Length && (char.IsAsciiDigit(_text[i]) || _text[i] is '.' or '/')) i++;
        // Letters glued to a number ("12ab", "10.0.0.1x") make one bad word, reported once.
        if (i < _text.Length && IsNamePart(_text[i]))
        {
            while (i < _text.Length && (IsNamePart(_text[i]) || _text[i] is '.' or '/')) i++;
            var word = _text[start..i];
            diagnostics.ReportInvalidAddress(At(start, i - start), word, parseError: null);
            Add(TokenKind.Bad, start, i - start);
            return;
        }

        var text = _text.AsSpan(start, i - start);
        var slash = text.IndexOf('/');
        if (slash < 0 && text.IndexOf('.') < 0)
        {
            LexNumber(start, i - start);
            return;
        }

        var addressText = slash < 0 ? text : text[..slash];
        var valid = IpAddress.TryParseV4(addressText, out var address, out var error);
        if (!valid)
        {
            diagnostics.ReportInvalidAddress(At(start, addressText.Length), addressText.ToString(), error);
        }
        if (slash < 0)
        {
            Add(TokenKind.Address, start, i - start, valid ? address : null);
            return;
        }

        var lengthText = text[(slash + 1)..];
        var lengthValid = lengthText.Length is > 0 and <= 3 && lengthText.IndexOfAnyExcept("0123456789") < 0
            && int.Parse(lengthText, CultureInfo.InvariantCulture) <= 32;
        if (!lengthValid)
        {
            diagnostics.ReportInvalidPrefixLength(At(start, i - start), text.ToString());
        }
        object? value = valid && lengthValid ? new IpPrefix(address, int.Parse(lengthText, CultureInfo.InvariantCulture)) : null;
        Add(TokenKind.Prefix, start, i - start, value);
    }

    private void LexNumber(int start, int length)
    {
        // Numbers are read as 64-bit (a longer one as the largest); each clause then checks its own range (a port, a VLAN
        // id, an AS number), so that NF0006 always names the range of the clause, however long the number.
        var number = long.TryParse(_text.AsSpan(start, length), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : long.MaxValue;
        Add(TokenKind.Number, start, length, number);
    }

    private void LexName()
    {
        var start = _position;
        var i = start + 1;
        while (i < _text.Length)
        {
            if (IsNamePart(_text[i])) i++;
            else if (_text[i] == '.' && i + 1 < _text.Length && (char.IsAsciiLetterOrDigit(_text[i + 1]) || _text[i + 1] == '_')) i++;
            else break;
        }
        if (i + 2 < _text.Length && _text[i] == ':' && _text[i + 1] == '/' && _text[i + 2] == '/')
        {
            var end = i + 3;
            while (end < _text.Length && !char.IsWhiteSpace(_text[end]) && _text[end] is not ('{' or '}' or ';' or '"' or ',')) end++;
            Add(TokenKind.Url, start, end - start, _text[start..end]);
            return;
        }
        Add(TokenKind.Name, start, i - start);
    }

    private void LexBadRun()
    {
        var start = _position;
        var i = start;
        while (i < _text.Length && IsBad(_text[i])) i++;
        diagnostics.ReportInvalidCharacter(At(start, i - start), _text.AsSpan(start, i - start));
        Add(TokenKind.Bad, start, i - start);
    }

    private static bool IsBad(char c) =>
        !(IsNameStart(c) || char.IsAsciiDigit(c) || c is ' ' or '\t' or '\f' or '\v' or '\n' or '\r' or ';' or '{' or '}' or ',' or ':' or '#' or '"');


    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsNamePart(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}
