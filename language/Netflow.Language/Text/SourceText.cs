namespace Netflow.Language.Text;

/// <summary>
/// The text of one source file with its line starts, computed once so that any offset maps to a line in O(log n). A
/// text composed from several files (a variant's overlay, docs/language.md) also knows where each of its lines was
/// written, and <see cref="SourceLocation"/> reports that place.
/// </summary>
public sealed class SourceText
{
    private readonly int[] _lineStarts;
    private readonly IReadOnlyList<LineOrigin>? _lineOrigins;

    public SourceText(string path, string text)
        : this(path, text, null)
    {
    }

    /// <param name="lineOrigins">For a composed text, where each of its lines was written (one per line); null when the text is the file's own.</param>
    public SourceText(string path, string text, IReadOnlyList<LineOrigin>? lineOrigins)
    {
        Path = path;
        Text = text;
        _lineStarts = ComputeLineStarts(text);
        if (lineOrigins is not null && lineOrigins.Count != _lineStarts.Length)
        {
            throw new ArgumentException($"A text of {_lineStarts.Length} lines needs as many line origins, not {lineOrigins.Count}.", nameof(lineOrigins));
        }
        _lineOrigins = lineOrigins;
    }

    public string Path { get; }
    public string Text { get; }
    public int Length => Text.Length;
    public int LineCount => _lineStarts.Length;

    public LinePosition GetLinePosition(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        var line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0) line = ~line - 1;
        return new LinePosition(line, offset - _lineStarts[line]);
    }

    public int GetLineStart(int line) => _lineStarts[line];

    /// <summary>The file and zero-based line where a line of this text was written: the line itself unless the text is composed.</summary>
    public LineOrigin OriginOf(int line) => _lineOrigins?[line] ?? new LineOrigin(Path, line);

    public string ToString(TextSpan span) => Text.Substring(span.Start, span.Length);

    private static int[] ComputeLineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                starts.Add(i + 1);
            }
            else if (c == '\n')
            {
                starts.Add(i + 1);
            }
        }
        return [.. starts];
    }
}

/// <summary>Where a line of a composed text was written: the file and its zero-based line there.</summary>
public readonly record struct LineOrigin(string Path, int Line);
