namespace Netflow.Language.Text;

/// <summary>
/// A span in a particular source text: what a diagnostic or a trace step points at. Path and positions are those of
/// the file where the text was written (for a composed text, the file its line came from).
/// </summary>
public sealed record SourceLocation(SourceText Source, TextSpan Span)
{
    public string Path => Source.OriginOf(Source.GetLinePosition(Span.Start).Line).Path;
    public LinePosition Start => Written(Span.Start);
    public LinePosition End => Written(Span.End);

    private LinePosition Written(int offset)
    {
        var position = Source.GetLinePosition(offset);
        return position with { Line = Source.OriginOf(position.Line).Line };
    }

    public override string ToString() => $"{Path}({Start})";
}
