namespace Netflow.Language.Text;

/// <summary>A span in a particular source text: what a diagnostic or a trace step points at.</summary>
public sealed record SourceLocation(SourceText Source, TextSpan Span)
{
    public string Path => Source.Path;
    public LinePosition Start => Source.GetLinePosition(Span.Start);
    public LinePosition End => Source.GetLinePosition(Span.End);

    public override string ToString() => $"{Path}({Start})";
}
