namespace Netflow.Runtime.Image;

/// <summary>
/// A compiled network: everything the forwarding engine needs, as flat tables of columns (struct-of-arrays), with a
/// string table for names and a source map from every row back to the declaration that produced it. Written to disk
/// by <c>ImageWriter</c> and read back by <c>ImageReader</c> (docs/table-image.md). Its table properties, in the order of
/// the sections, are generated from ImageTables.xml with the tables themselves.
/// </summary>
public sealed partial class NetworkImage
{
    /// <summary>The format version this runtime writes and reads.</summary>
    public const int FormatVersion = 7;

    /// <summary>String row 0 is the empty string.</summary>
    public string[] Strings { get; set; } = [""];

    public string String(int row) => (uint)row < (uint)Strings.Length ? Strings[row] : "";

    /// <summary>"file(line,col)" of a source row, or empty for row 0.</summary>
    public string Location(int sourceRow) =>
        sourceRow <= 0 || sourceRow >= Sources.Count ? "" : $"{String(Sources.File[sourceRow])}({Sources.Line[sourceRow]},{Sources.Column[sourceRow]})";
}
