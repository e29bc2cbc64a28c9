using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Netflow.Runtime.Generators;

namespace Netflow.Analyzers.Tests;

/// <summary>The table classes of the image as the runtime's build generates them from Image/ImageTables.xml.</summary>
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
    public void Every_column_gets_the_attribute_of_what_it_holds_in_the_order_given()
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
            [ImageTable("HOPS", "hop table", "hop")]
            public sealed class HopTable
            {
                [RowOf(typeof(DeviceTable))] public int[] Device { get; set; } = [];
                [RowOf(typeof(HopTable), OrNone = true)] public int[] Next { get; set; } = [];
                [StringRow] public int[] Name { get; set; } = [];
                [PrefixLength] public byte[] Length { get; set; } = [];
                public DeviceKind[] Kind { get; set; } = [];
                [RangeOf(typeof(RouteTable), nameof(RouteCount), Owner = nameof(RouteTable.Device))] public int[] FirstRoute { get; set; } = [];
                public int[] RouteCount { get; set; } = [];
                [SourceRow] public int[] Source { get; set; } = [];

                /// <summary>How many rows the table has (the length of its first column).</summary>
                public int Count => Device.Length;
            }
            """.ReplaceLineEndings());
        source.ShouldContain("    [NonNegative] public int[] Line { get; set; } = [0];");
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
