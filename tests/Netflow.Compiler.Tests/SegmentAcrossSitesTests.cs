using Netflow.Compiler.Forwarding;
using Netflow.Language.Text;
using Netflow.Runtime.Engine;

namespace Netflow.Compiler.Tests;

/// <summary>
/// A segment of one site that a device of another site is put on without a stretch (NF2012) does not exist across the
/// sites, and the engine delivers nothing between the sites' parts of it either: check and trace agree.
/// </summary>
public sealed class SegmentAcrossSitesTests
{
    private const string Network = """
site a {
  range lan 10.1.0.0/24
  range far 10.9.0.0/24
  segment lan-seg vlan 10 ranges lan
  router ra {
    interface l 10.1.0.1 on lan-seg
    route far via b.rb
  }
}
site b {
  router rb {
    interface l 10.1.0.2 on a.lan-seg
    interface f 10.9.0.1 on far-seg
  }
  segment far-seg vlan 20 ranges a.far
}
""";

    private static (ForwardingEngine Engine, IReadOnlyList<Language.Diagnostics.Diagnostic> Diagnostics) Compile()
    {
        var check = Checker.Check([new SourceText("net.netflow", Network)]);
        return (new ForwardingEngine(check.Image!), check.Diagnostics);
    }

    [Fact]
    public void APacketToTheOtherSitesPartOfTheSegment_IsNotDelivered()
    {
        // Found by the review: NF2012 said no frame crosses, but the trace delivered across the sites.
        var (engine, diagnostics) = Compile();
        diagnostics.ShouldContain(d => d.Code == "NF2012");
        var ra = engine.FindDevice("a.ra");

        var trace = engine.Execute(ra, LoopFinder.Probe(engine, ra, 0x0A010002), new NatSessions());

        trace.End.Kind.ShouldBe(EndKind.DeliveredToSubnet);
        trace.End.Device.ShouldBe(ra);
    }

    [Fact]
    public void ARouteViaADeviceOnTheOtherSitesPart_EndsAtItsGateway_ThatNeverAnswers()
    {
        var (engine, _) = Compile();
        var ra = engine.FindDevice("a.ra");

        var trace = engine.Execute(ra, LoopFinder.Probe(engine, ra, 0x0A090001), new NatSessions());

        trace.End.Kind.ShouldBe(EndKind.NeighborUnreachable);
        trace.End.Device.ShouldBe(ra);
    }
}
