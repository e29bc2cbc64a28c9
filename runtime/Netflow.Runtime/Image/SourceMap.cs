namespace Netflow.Runtime.Image;

/// <summary>
/// Where each table row came from: file (an index into the string table), line and column, 1-based. Row 0 means
/// "no declaration" (an implicit route, say). Every table's Source column indexes this one.
/// </summary>
public sealed class SourceMap
{
    public int[] File { get; init; } = [0];
    public int[] Line { get; init; } = [0];
    public int[] Column { get; init; } = [0];

    public int Count => File.Length;
}
