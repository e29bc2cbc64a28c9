using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Netflow.Runtime.Generators;

namespace Netflow.Analyzers.Tests;

/// <summary>The table classes and schemas of the image as the runtime's build generates them from Image/ImageTables.xml.</summary>
public sealed class ImageTablesGeneratorTests
{
    private const string Schema = """
        <Tables>
          <Table Class="HopTable" Property="Hops" Tag="HOPS" Name="hop table" Row="hop">
            <Summary>One row per hop &amp; its
              next one.</Summary>
            <Column Name="Device" Type="int" Refers="DeviceTable" />
            <Column Name="Next" Type="int" Refers="HopTable" OrNone="true" />
            <Column Name="Name" Type="int" Refers="string" />
            <Column Name="Length" Type="byte" Values="PrefixLength" />
            <Column Name="Kind" Type="DeviceKind" />
            <Column Name="FirstRoute" Type="int" Range="RouteTable" Count="RouteCount" Owner="Device" />
            <Column Name="RouteCount" Type="int" />
            <Column Name="Source" Type="int" Refers="source" />
          </Table>
          <Table Class="OriginTable" Property="Origins" Tag="ORIG" Name="origin" Row="origin row" RowZero="true">
            <Column Name="Line" Type="int" Values="NonNegative" />
          </Table>
        </Tables>
        """;

    [Fact]
    public void Every_table_gets_a_class_of_its_columns_in_the_order_given()
    {
        var source = Generate(new InMemoryAdditionalText("/x/Image/ImageTables.xml", Schema)).ShouldNotBeNull();

        source.ShouldContain("""
            public sealed partial class NetworkImage
            {
                public HopTable Hops { get; set; } = new();
                public OriginTable Origins { get; set; } = new();
            }
            """.ReplaceLineEndings());
        source.ShouldContain("""
            /// <summary>One row per hop &amp; its next one.</summary>
            public sealed class HopTable
            {
                public int[] Device { get; set; } = [];
                public int[] Next { get; set; } = [];
                public int[] Name { get; set; } = [];
                public byte[] Length { get; set; } = [];
                public DeviceKind[] Kind { get; set; } = [];
                public int[] FirstRoute { get; set; } = [];
                public int[] RouteCount { get; set; } = [];
                public int[] Source { get; set; } = [];

                /// <summary>How many rows the table has (the length of its first column).</summary>
                public int Count => Device.Length;
            }
            """.ReplaceLineEndings());
        source.ShouldContain("    public int[] Line { get; set; } = [0];");
    }

    [Fact]
    public void Every_column_gets_the_rule_of_what_it_holds_and_the_table_it_refers_to()
    {
        var source = Generate(new InMemoryAdditionalText("ImageTables.xml", Schema)).ShouldNotBeNull();

        source.ShouldContain("""
                    new TableSchema<HopTable>("HOPS", "hop table", "hop", image => image.Hops, (image, table) => image.Hops = table,
                    [
                        new ColumnSchema<HopTable, int>(nameof(HopTable.Device), ColumnRule.Row, table => table.Device, (table, values) => table.Device = values) { Target = typeof(DeviceTable) },
                        new ColumnSchema<HopTable, int>(nameof(HopTable.Next), ColumnRule.RowOrNone, table => table.Next, (table, values) => table.Next = values) { Target = typeof(HopTable) },
                        new ColumnSchema<HopTable, int>(nameof(HopTable.Name), ColumnRule.StringRow, table => table.Name, (table, values) => table.Name = values),
                        new ColumnSchema<HopTable, byte>(nameof(HopTable.Length), ColumnRule.PrefixLength, table => table.Length, (table, values) => table.Length = values),
                        new ColumnSchema<HopTable, DeviceKind>(nameof(HopTable.Kind), ColumnRule.Vocabulary, table => table.Kind, (table, values) => table.Kind = values),
                        new ColumnSchema<HopTable, int>(nameof(HopTable.FirstRoute), ColumnRule.RangeFirst, table => table.FirstRoute, (table, values) => table.FirstRoute = values) { Target = typeof(RouteTable), CountName = "RouteCount", OwnerName = "Device" },
                        new ColumnSchema<HopTable, int>(nameof(HopTable.RouteCount), ColumnRule.RangeCount, table => table.RouteCount, (table, values) => table.RouteCount = values),
                        new ColumnSchema<HopTable, int>(nameof(HopTable.Source), ColumnRule.SourceRow, table => table.Source, (table, values) => table.Source = values),
                    ]),
            """.ReplaceLineEndings());
        source.ShouldContain("new ColumnSchema<OriginTable, int>(nameof(OriginTable.Line), ColumnRule.NonNegative,");
    }

    [Fact]
    public void A_column_the_generator_does_not_know_fails_the_build_naming_it()
    {
        var wrong = Schema.Replace("Values=\"PrefixLength\"", "Values=\"Percent\"", StringComparison.Ordinal);

        Should.Throw<InvalidOperationException>(() => Generate(new InMemoryAdditionalText("ImageTables.xml", wrong)))
            .Message.ShouldBe("Column Length in ImageTables.xml has Refers or Values this generator does not know.");
    }

    [Fact]
    public void Other_additional_files_generate_nothing()
    {
        Generate(new InMemoryAdditionalText("network.netflow", Schema)).ShouldBeNull();
    }

    private static string? Generate(AdditionalText file)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new ImageTablesGenerator().AsSourceGenerator()], [file]);
        var run = driver.RunGenerators(CSharpCompilation.Create("test")).GetRunResult();
        if (run.Results[0].Exception is { } exception) throw exception;
        return run.GeneratedTrees.SingleOrDefault()?.GetText().ToString();
    }
}
