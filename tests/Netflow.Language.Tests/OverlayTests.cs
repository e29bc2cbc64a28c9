using Netflow.Language.Overlays;
using Netflow.Language.Text;

namespace Netflow.Language.Tests;

/// <summary>Variants: an overlay's edits of its base, and where the composed declarations say they are written.</summary>
public sealed class OverlayTests
{
    private const string Base = """
        site lab {
          router r1 "first" {
            interface eth0 10.0.0.1 on lan
            route 10.1.0.0/16 via r2 "old"
          }
          router r2 {
            interface eth0 10.0.0.2 on lan
          }
          range lan-range 10.0.0.0/24 enterprise
          segment lan vlan 10 ranges lan-range
        }
        flow f1 {
          from lab.r1
          to lab.r2
        }
        flow f2 {
          from lab.r2
          to lab.r1
        }
        """;

    private static OverlayComposition Compose(string overlay) =>
        Overlay.Compose([new SourceText("base.netflow", Base)], [new SourceText("overlay.netflow", overlay)]);

    [Fact]
    public void Change_adds_lines_to_the_base_block_and_they_say_they_are_in_the_overlay()
    {
        var composition = Compose("""
            site lab {
              change r1 {
                remove route 10.1.0.0/16 via r2
                route 10.2.0.0/16 via r2 "new"
              }
            }
            """);

        composition.Diagnostics.ShouldBeEmpty();
        var r1 = Compilation.Create([.. composition.Sources]).Model.Devices.Single(d => d.QualifiedName == "lab.r1");
        var route = r1.Routes.ShouldHaveSingleItem();
        route.Location.ToString().ShouldBe("overlay.netflow(4,5)");
        r1.Location.ToString().ShouldBe("base.netflow(2,10)");
    }

    [Fact]
    public void Replace_takes_the_place_of_the_base_declaration()
    {
        var composition = Compose("""
            replace flow f1 {
              from lab.r2
              to lab.r1
            }
            """);

        composition.Diagnostics.ShouldBeEmpty();
        var flows = Compilation.Create([.. composition.Sources]).Model.Flows;
        flows.Select(f => f.Name).ShouldBe(["f1", "f2"]);
        flows[0].Source!.QualifiedName.ShouldBe("lab.r2");
        flows[0].Location.ToString().ShouldBe("overlay.netflow(1,14)");
    }

    [Fact]
    public void Remove_by_name_and_by_line_with_or_without_its_description()
    {
        var composition = Compose("""
            remove f2
            site lab {
              change r1 {
                remove route 10.1.0.0/16 via r2 "old"
              }
            }
            """);

        composition.Diagnostics.ShouldBeEmpty();
        var model = Compilation.Create([.. composition.Sources]).Model;
        model.Flows.Select(f => f.Name).ShouldBe(["f1"]);
        model.Devices.Single(d => d.QualifiedName == "lab.r1").Routes.ShouldBeEmpty();
    }

    [Fact]
    public void Base_lines_keep_their_positions_when_lines_are_inserted_above_them()
    {
        var composition = Compose("""
            site lab {
              change r1 {
                route 10.2.0.0/16 via r2
                route 10.3.0.0/16 via r2
              }
            }
            """);

        var model = Compilation.Create([.. composition.Sources]).Model;
        model.Devices.Single(d => d.QualifiedName == "lab.r2").Location.ToString().ShouldBe("base.netflow(6,10)");
        model.Flows.Single(f => f.Name == "f2").Location.ToString().ShouldBe("base.netflow(16,6)");
    }

    [Fact]
    public void Edits_of_what_the_base_does_not_have_are_located_errors()
    {
        var composition = Compose("""
            site lab {
              remove r3
              change r1 {
                remove route 10.9.0.0/16 via r2
              }
              change r2 {
                route default via r1
                router r9 {
                  remove eth0
                }
              }
              change r2 {
              }
            }
            """);

        composition.Diagnostics.Select(d => d.ToString()).ShouldBe([
            "overlay.netflow(2,10): error NF0102: The base network has no declaration 'lab.r3' to remove; did you mean 'lab.r1'?",
            "overlay.netflow(4,12): error NF0102: The base network has no line 'route 10.9.0.0/16 via r2' in 'lab.r1' to remove.",
            "overlay.netflow(9,7): error NF0104: 'remove' stands at the top of a file, in a site or in a change block, not inside a declaration.",
            "overlay.netflow(12,10): error NF0104: 'lab.r2' (base.netflow line 6) is edited twice; edit it once.",
        ]);
    }
}
