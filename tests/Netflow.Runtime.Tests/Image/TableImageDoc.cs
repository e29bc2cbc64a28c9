using System.Text.RegularExpressions;
using Netflow.Testing;

namespace Netflow.Runtime.Tests.Image;

/// <summary>
/// docs/table-image.md read as data: its sections (tag, name, columns with their documented type) and vocabularies.
/// The tests hold the schemas to it, and <see cref="ImageBytes"/> walks images by it, so the format is written down once.
/// </summary>
internal static partial class TableImageDoc
{
    public sealed record Column(int Number, string Name, string Type)
    {
        /// <summary>The bytes of one value: 4 for int32 and uint32 columns, 1 for bytes, booleans and vocabularies.</summary>
        public int ValueSize => Type.StartsWith("int32", StringComparison.Ordinal) || Type.StartsWith("uint32", StringComparison.Ordinal) ? 4 : 1;
    }

    public sealed record Section(string Tag, string Name, int ColumnCount, IReadOnlyList<Column> Columns);

    public static readonly string Text = File.ReadAllText(Repository.Path("docs", "table-image.md"));

    /// <summary>The sections of "#### `TAG` — name (N columns)" headings, in the order the page gives them.</summary>
    public static readonly IReadOnlyList<Section> Sections = ReadSections();

    /// <summary>The vocabulary table: each vocabulary's values as "0 Router", without the explanations in parentheses.</summary>
    public static IReadOnlyDictionary<string, string[]> Vocabularies() =>
        VocabularyRow().Matches(Text).ToDictionary(
            m => m.Groups[1].Value,
            m => Parenthesis().Replace(m.Groups[2].Value, "").Split(',').Select(v => v.Trim()).ToArray());

    private static List<Section> ReadSections()
    {
        var sections = new List<Section>();
        var lines = Text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var heading = SectionHeading().Match(lines[i]);
            if (!heading.Success) continue;
            var columns = new List<Column>();
            for (int j = i + 1; j < lines.Length && !lines[j].StartsWith('#'); j++)
            {
                if (ColumnRow().Match(lines[j]) is { Success: true } row)
                {
                    columns.Add(new Column(int.Parse(row.Groups[1].Value), row.Groups[2].Value, row.Groups[3].Value.Trim()));
                }
            }

            sections.Add(new Section(heading.Groups[1].Value, heading.Groups[2].Value, int.Parse(heading.Groups[3].Value), columns));
        }

        return sections;
    }

    [GeneratedRegex(@"^#### `(\w{4})` — (.+) \((\d+) columns?\)")]
    private static partial Regex SectionHeading();

    [GeneratedRegex(@"^\| (\d+) \| (\w+) \| ([^|]+) \|")]
    private static partial Regex ColumnRow();

    [GeneratedRegex(@"(?m)^\| (\w+) \| (\d[^|]*) \|$")]
    private static partial Regex VocabularyRow();

    [GeneratedRegex(@"\s*\([^)]*\)")]
    private static partial Regex Parenthesis();
}
