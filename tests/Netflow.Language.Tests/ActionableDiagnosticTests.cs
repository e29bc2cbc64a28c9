namespace Netflow.Language.Tests;

/// <summary>Diagnostics a new user can act on (issue 8): each mistake reported once, with the way to fix it.</summary>
public sealed class ActionableDiagnosticTests
{
    [Fact]
    public void AByoipRangeOverAProviderRange_IsReportedOnce_NotAgainForEveryRangeNestedInEither()
    {
        const string text = """
range private-10 10.0.0.0/8 provider-private {
  range portable 10.1.2.0/24
}
range services 10.1.0.0/16 enterprise {
  range a 10.1.1.0/24
  range b 10.1.3.0/24
}
""";
        var clashes = TestSupport.Diagnose(text).Where(d => d.Code == "NF2008").ToList();

        clashes.ShouldHaveSingleItem().Message.ShouldContain("'services' (10.1.0.0/16) overlaps the provider range 'private-10'");
    }

    [Fact]
    public void AnInterfaceNamedLikeASegment_SaysHowToNameTheSegment()
    {
        const string text = """
site dc {
  range lan 10.0.0.0/24
  segment vm-net vlan 10 ranges lan
  router esg {
    interface vm-net 10.0.0.1
    interface uplink 10.0.0.2 on vm-net
  }
}
""";
        var diagnostic = TestSupport.Diagnose(text).Single(d => d.Code == "NF1003");

        diagnostic.Message.ShouldBe("'vm-net' is an interface, but an interface attaches to a segment; an interface of 'esg' named 'vm-net' hides the segment 'dc.vm-net', so write its qualified name 'dc.vm-net'.");
        TestSupport.Codes(text.Replace("on vm-net", "on dc.vm-net", StringComparison.Ordinal)).ShouldNotContain("NF1003");
    }

    [Fact]
    public void AnInterfaceNamedLikeATopLevelSegment_SaysToRenameIt_ForATopLevelNameHasNoLongerForm()
    {
        const string text = """
range lan 10.0.0.0/24
segment vm-net vlan 10 ranges lan
router esg {
  interface vm-net 10.0.0.1
  interface uplink 10.0.0.2 on vm-net
}
""";
        var diagnostic = TestSupport.Diagnose(text).Single(d => d.Code == "NF1003");

        diagnostic.Message.ShouldBe("'vm-net' is an interface, but an interface attaches to a segment; an interface of 'esg' named 'vm-net' hides the top-level segment 'vm-net', whose name has no longer form, so rename the interface.");
        TestSupport.Codes(text.Replace("interface vm-net 10.0.0.1", "interface vm 10.0.0.1", StringComparison.Ordinal)).ShouldNotContain("NF1003");
    }
}

/// <summary>NF2005 counts every use of a range, the ranges a NAT rule leaves alone included (issue 8).</summary>
public sealed class UnusedRangeTests
{
    [Fact]
    public void ARangeNamedOnlyByAnSnatExcept_IsUsed()
    {
        const string text = """
range lan 10.0.0.0/24
range pods 172.30.0.0/16 cluster-pod
segment s vlan 10 ranges lan
worker w {
  interface i 10.0.0.10 on s
  snat any except pods as egress
}
""";
        TestSupport.Diagnose(text).Where(d => d.Code == "NF2005").Select(d => d.Message).ShouldBeEmpty();
    }
}

/// <summary>
/// Recursive next hops resolve each once, after the routes they go through: a chain of any length resolves, and a cycle
/// is reported as one (issue 12: rounds of resolution stopped at 64 and took about L^3 for a chain of L).
/// </summary>
public sealed class RecursiveNextHopTests
{
    [Fact]
    public void AChainOfTwoThousandNextHops_ResolvesToTheAttachedRouter()
    {
        const int chain = 2000;
        var text = Netflow.Testing.GeneratedNetworks.ChainOfNextHops(chain);

        var compilation = TestSupport.Compile(text);

        compilation.Diagnostics.Where(d => d.Code == "NF3001").ShouldBeEmpty();
        var routes = compilation.Routes.Single(r => r.Key.Name == "r").Value.Entries.Where(e => e.Source == Netflow.Language.Routing.RouteSource.Static).ToList();
        routes.Count.ShouldBe(chain);
        routes.ShouldAllBe(e => e.NextHop!.Name == "n");
    }

    [Fact]
    public void NextHopsReachedOnlyThroughEachOther_AreACycle_NotALimit()
    {
        const string text = """
            range link 192.168.0.0/24
            segment s vlan 10 ranges link
            router n { interface i 192.168.0.2 on s }
            router r {
              interface i 192.168.0.1 on s
              route 10.1.0.0/16 via 10.2.0.1
              route 10.2.0.0/16 via 10.1.0.1
              route 10.3.0.0/16 via 10.1.0.1
              route 10.4.0.0/16 via 192.168.0.2
            }
            """;

        var unresolved = TestSupport.Diagnose(text).Where(d => d.Code == "NF3001").ToList();

        // The two that wait for each other are a cycle; the one through them has no route leading there; 10.4 resolves.
        unresolved.Count.ShouldBe(3);
        unresolved.Count(d => d.Message.Contains("a cycle of next hops")).ShouldBe(2);
        unresolved.Single(d => !d.Message.Contains("cycle")).Message.ShouldContain("10.3.0.0/16");
        unresolved.ShouldAllBe(d => !d.Message.Contains("64"));
    }
}
