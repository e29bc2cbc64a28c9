using Netflow.Language.Text;

namespace Netflow.Language.Syntax;

/// <summary>
/// A declaration: its header line, the declarations of its block (empty when it has none) and the warning codes a
/// <c># netflow-disable-next</c> directive silences for it. A header that failed to parse is an
/// <see cref="IncompleteHeader"/> with its missing token, never null; its block is still parsed so that its own errors
/// are reported.
/// </summary>
public sealed class DeclarationSyntax(
    HeaderSyntax header,
    TextSpan span,
    TextSpan headerSpan,
    IReadOnlyList<DeclarationSyntax> members,
    IReadOnlyList<string> suppressedCodes)
{
    public HeaderSyntax Header { get; } = header;

    /// <summary>From the keyword to the closing brace of the block (or the end of the header line).</summary>
    public TextSpan Span { get; } = span;

    public TextSpan HeaderSpan { get; } = headerSpan;
    public IReadOnlyList<DeclarationSyntax> Members { get; } = members;
    public IReadOnlyList<string> SuppressedCodes { get; } = suppressedCodes;
}
