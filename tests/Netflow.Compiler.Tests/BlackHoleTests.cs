using Netflow.Language.Text;

namespace Netflow.Compiler.Tests;

/// <summary>
/// NF3005 names exactly the traffic lost, reports one missing route once (the routes that hand the same traffic to the
/// same device folded in), and sees a default route pointed at a gateway that drops what another gateway carries.
/// </summary>
public sealed class BlackHoleTests
{
    private static List<Language.Diagnostics.Diagnostic> BlackHoles(string text) =>
        [.. Checker.Check([new SourceText("net.netflow", text)]).Diagnostics.Where(d => d.Code == "NF3005")];

    [Fact]
    public void ADefaultRouteToTheGatewayWithoutARoute_WhereAnotherGatewayOnItsSegmentCarriesTheTraffic_IsABlackHole()
    {
        // Found by the review: default routes were skipped, though the engine drops the packet at 'wrong'.
        var diagnostic = BlackHoles("""
range lan 10.1.0.0/24
segment lan-seg vlan 10 ranges lan
range wan 10.2.0.0/24
segment wan-seg vlan 20 ranges wan
host h {
  interface i 10.1.0.10 on lan-seg
  route default via wrong
}
router right {
  interface l 10.1.0.1 on lan-seg
  interface w 10.2.0.1 on wan-seg
}
router wrong {
  interface l 10.1.0.2 on lan-seg
}
host server {
  interface i 10.2.0.10 on wan-seg
  route default via right
}
""").ShouldHaveSingleItem();

        diagnostic.Location.Start.Line.ShouldBe(6);
        diagnostic.Message.ShouldBe("The route to 0.0.0.0/0 on 'h' hands traffic to 'wrong', which has no route for 10.2.0.10; add a route on 'wrong' "
            + "or send this traffic elsewhere.");
    }

    [Fact]
    public void ADefaultRouteToTheOnlyGateway_IsNotABlackHole_ForWhatNoOneElseCarriesEither()
    {
        // The internet has no route to a private range: a default route there promises nothing about it.
        BlackHoles("""
range lan 10.1.0.0/24
segment lan-seg vlan 10 ranges lan
range wan 10.2.0.0/24
segment wan-seg vlan 20 ranges wan
host h {
  interface i 10.1.0.10 on lan-seg
  route default via gw
}
router gw {
  interface l 10.1.0.1 on lan-seg
}
router far {
  interface w 10.2.0.1 on wan-seg
}
""").ShouldBeEmpty();
    }

    [Fact]
    public void RoutesOfSeveralDevicesToOneDeviceWithoutTheRoute_AreOneDiagnostic_AtTheMostSpecific()
    {
        // Found by the review: one missing route gave an NF3005 per route that led to it, burying the cause.
        var diagnostic = BlackHoles("""
range lan 10.1.0.0/24
segment lan-seg vlan 10 ranges lan
range far 10.9.0.0/16
segment far-seg vlan 30 ranges far
router a {
  interface l 10.1.0.1 on lan-seg
  route 10.9.0.0/16 via core
}
router b {
  interface l 10.1.0.2 on lan-seg
  route 10.9.0.0/16 via core
}
router c {
  interface l 10.1.0.3 on lan-seg
  route 10.9.0.0/24 via core
}
router core {
  interface l 10.1.0.9 on lan-seg
}
router edge {
  interface f 10.9.0.1 on far-seg
}
""").ShouldHaveSingleItem();

        diagnostic.Location.Start.Line.ShouldBe(14);
        diagnostic.Message.ShouldBe("The route to 10.9.0.0/24 on 'c' hands traffic to 'core', which has no route for 10.9.0.0/16 (2 more routes hand it "
            + "this traffic, on 'a', 'b'); add a route on 'core' or send this traffic elsewhere.");
        diagnostic.RelatedLocations.Select(r => r.Location.Start.Line).ShouldBe([6, 10]);
    }

    [Fact]
    public void ARouteWhoseNextDeviceRoutesPartOfIt_NamesOnlyThePartLost_NotTheRestOfThePrefix()
    {
        // Found by the review: "no route for 10.6.0.0 and the rest of 10.0.0.0/8" where 10.5.0.0/16 is routed.
        var diagnostic = BlackHoles("""
range lan 10.1.0.0/24
segment lan-seg vlan 10 ranges lan
range five 10.5.0.0/16
segment five-seg vlan 50 ranges five
range six 10.6.0.0/16
segment six-seg vlan 60 ranges six
router a {
  interface l 10.1.0.1 on lan-seg
  route 10.0.0.0/8 via core
}
router core {
  interface l 10.1.0.9 on lan-seg
  interface f 10.5.0.1 on five-seg
}
router edge {
  interface s 10.6.0.1 on six-seg
}
""").ShouldHaveSingleItem();

        diagnostic.Message.ShouldBe("The route to 10.0.0.0/8 on 'a' hands traffic to 'core', which has no route for 10.6.0.0/16 of 10.0.0.0/8; add a route "
            + "on 'core' or send this traffic elsewhere.");
    }
}

/// <summary>NF3004 names what loops exactly: the most specific prefix of the loop less what the devices' more specific routes take off it.</summary>
public sealed class LoopExtentTests
{
    [Fact]
    public void ALoopThroughADefaultRoute_ExceptsThePartsMoreSpecificRoutesTakeOffTheCycle()
    {
        // Found by the review: "Traffic to 10.0.0.0 (and the rest of 10.0.0.0/8) loops" where 10.5.0.0/16 does not loop.
        const string text = """
range link 10.1.0.0/30
segment link-seg link ranges link
range five 10.5.0.0/16
segment five-seg vlan 50 ranges five
router a {
  interface l 10.1.0.1 on link-seg
  route 10.0.0.0/8 via b
}
router b {
  interface l 10.1.0.2 on link-seg
  interface f 10.5.0.1 on five-seg
  route default via a
}
""";
        var diagnostic = Checker.Check([new SourceText("net.netflow", text)]).Diagnostics.Where(d => d.Code == "NF3004").ShouldHaveSingleItem();

        diagnostic.Message.ShouldBe("Traffic to 10.0.0.0 (and the rest of 10.0.0.0/8 except 10.1.0.0/30, 10.5.0.0/16) loops: 'a' (line 7) → 'b' (line 12) → 'a'. "
            + "Change one of these routes so that the path ends at the destination.");
    }
}
