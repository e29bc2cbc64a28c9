namespace Netflow.Language.Text;

/// <summary>A zero-based line and character (a tab counts as one character, as in Roslyn).</summary>
public readonly record struct LinePosition(int Line, int Character) : IComparable<LinePosition>
{
    public int CompareTo(LinePosition other) => Line != other.Line ? Line.CompareTo(other.Line) : Character.CompareTo(other.Character);

    /// <summary>One-based line and column, as editors and MSBuild show them.</summary>
    public override string ToString() => $"{Line + 1},{Character + 1}";
}
