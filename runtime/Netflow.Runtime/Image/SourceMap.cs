namespace Netflow.Runtime.Image;

/// <summary>
/// Where each table row came from: file (an index into the string table), line and column, 1-based. Row 0 means
/// "no declaration" (an implicit route, say). Every table's Source column indexes this one.
/// </summary>
[ImageTable("SRCM", "source map", "source map row")]
public sealed class SourceMap
{
    [StringRow] public int[] File { get; set; } = [0];
    [NonNegative] public int[] Line { get; set; } = [0];
    [NonNegative] public int[] Column { get; set; } = [0];

    public int Count => File.Length;
}
