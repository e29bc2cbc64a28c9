namespace Netflow.Language.Syntax;

public enum TokenKind : byte
{
    /// <summary>An identifier, a qualified name (<c>ibm-cloud.bcr</c>) or a host name; keywords are names too.</summary>
    Name,
    Address,
    Prefix,
    Number,
    String,
    Url,
    OpenBrace,
    CloseBrace,
    Comma,
    Colon,
    /// <summary>A line end or a <c>;</c>: the end of a declaration.</summary>
    EndOfLine,
    /// <summary>A <c># netflow-disable-next ...</c> comment; the structurer attaches it to the next declaration.</summary>
    Directive,
    /// <summary>Text the lexer could not make sense of; it has already been reported.</summary>
    Bad,
    EndOfFile,
}
