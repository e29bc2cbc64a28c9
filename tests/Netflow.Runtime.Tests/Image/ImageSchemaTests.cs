using System.Text.RegularExpressions;
using Netflow.Runtime.Image;

namespace Netflow.Runtime.Tests.Image;

/// <summary>The schemas the writer, reader and validator loop over are the format docs/table-image.md describes.</summary>
public sealed class ImageSchemaTests
{
    [Fact]
    public void Sections_are_the_documented_ones_in_order()
    {
        var documented = TableImageDoc.Sections.Select(s => (s.Tag, s.Name, s.ColumnCount));
        var schemas = ImageSchema.Tables.Select(t => (t.Tag, t.Name, t.Columns.Count));

        documented.ShouldBe([("STRS", "string table", 1), .. schemas]);
        TableImageDoc.Sections.ShouldAllBe(s => s.Columns.Count == s.ColumnCount);
    }

    [Fact]
    public void Layout_lists_the_sections_in_order()
    {
        var layout = Regex.Matches(TableImageDoc.Text, @"(?m)^section +(\w{4}) +(.+)$").Select(m => (m.Groups[1].Value, m.Groups[2].Value.Trim()));

        layout.ShouldBe(TableImageDoc.Sections.Select(s => (s.Tag, s.Name)));
    }

    [Fact]
    public void Columns_have_the_documented_names_and_types_in_order()
    {
        foreach (var schema in ImageSchema.Tables)
        {
            var documented = TableImageDoc.Sections.Single(s => s.Tag == schema.Tag).Columns.Select(c => $"{c.Number} {c.Name}: {c.Type}");
            var columns = schema.Columns.Select((c, i) => $"{i + 1} {c.Name}: {DocumentedType(c)}");

            columns.ShouldBe(documented, schema.Name);
        }
    }

    /// <summary>docs/table-image.md's name of a column's type: "int32, device ref or -1", "byte, 0–32", "RouteAction".</summary>
    private static string DocumentedType(ColumnSchema column)
    {
        var type = column.ValueType;
        return (type == typeof(int) ? "int32" : type == typeof(uint) ? "uint32, IPv4" : type == typeof(byte) ? "byte" : type == typeof(bool) ? "boolean" : type.Name) +
            column.Rule switch
            {
                ColumnRule.StringRow => ", string ref",
                ColumnRule.SourceRow => ", source ref",
                ColumnRule.Row => $", {column.TargetTable.Row} ref",
                ColumnRule.RowOrNone => $", {column.TargetTable.Row} ref or -1",
                ColumnRule.RangeCount or ColumnRule.NonNegative => ", ≥ 0",
                ColumnRule.PrefixLength => ", 0–32",
                ColumnRule.Port => ", −1–65535",
                _ => "",
            };
    }

    [Fact]
    public void Vocabularies_have_the_documented_byte_values()
    {
        var documented = TableImageDoc.Vocabularies();
        var vocabularies = ImageSchema.Tables.SelectMany(t => t.Columns).Where(c => c.Rule == ColumnRule.Vocabulary).Select(c => c.ValueType).Distinct().ToList();

        documented.Keys.Order().ShouldBe(vocabularies.Select(v => v.Name).Order());
        foreach (var vocabulary in vocabularies)
        {
            var values = Enum.GetValues(vocabulary).Cast<Enum>().Select(v => $"{Convert.ToByte(v)} {v}");
            values.ShouldBe(documented[vocabulary.Name], vocabulary.Name);
        }
    }

    [Fact]
    public void Every_range_has_its_count_column_and_a_target_table()
    {
        foreach (var column in ImageSchema.Tables.SelectMany(t => t.Columns).Where(c => c.Rule == ColumnRule.RangeFirst))
        {
            column.Table.Column(column.CountName!).Rule.ShouldBe(ColumnRule.RangeCount);
            ImageSchema.Tables.ShouldContain(column.TargetTable);
        }
    }

    [Fact]
    public void Builder_concatenates_rows_column_by_column()
    {
        var builder = new ImageBuilder();
        builder.Add(new TunnelEndpointTable { Device = [2], Address = [0x0A00_0001], TunnelAddress = [0] }).ShouldBe(0);
        builder.Add(new TunnelEndpointTable { Device = [0], Address = [0x0A00_0002], TunnelAddress = [0] }).ShouldBe(1);

        var table = builder.Build().TunnelEndpoints;

        builder.Count<TunnelEndpointTable>().ShouldBe(2);
        table.Device.ShouldBe([2, 0]);
        table.Address.ShouldBe([0x0A00_0001u, 0x0A00_0002u]);
    }

    [Fact]
    public void Builder_refuses_a_row_that_leaves_a_column_out()
    {
        var builder = new ImageBuilder();

        Should.Throw<InvalidOperationException>(() => builder.Add(new TunnelEndpointTable { Device = [1] }))
            .Message.ShouldBe("A row of the tunnel endpoint table needs one value in column Address.");
        builder.Count<TunnelEndpointTable>().ShouldBe(0);
    }

    [Fact]
    public void Builder_interns_strings_and_source_locations_after_their_row_0()
    {
        var builder = new ImageBuilder();
        builder.String("a").ShouldBe(1);
        builder.String("").ShouldBe(0);
        builder.Source("x.netflow", 3, 5).ShouldBe(1);
        builder.Source("x.netflow", 3, 5).ShouldBe(1);
        builder.String("a").ShouldBe(1);

        var image = builder.Build();

        image.Strings.ShouldBe(["", "a", "x.netflow"]);
        image.Sources.Line.ShouldBe([0, 3]);
        image.Sources.File.ShouldBe([0, 2]);
    }
}
