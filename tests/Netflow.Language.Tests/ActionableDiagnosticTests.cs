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

/// <summary>Recursive next hops past the resolution limit are reported for what stopped them (issue 12).</summary>
public sealed class RecursionLimitTests
{
    [Fact]
    public void AChainOfNextHopsLongerThanTheLimit_SaysSo_NotThatNoRouteLeadsThere()
    {
        var text = new System.Text.StringBuilder("range link 10.255.0.0/24\nsegment s vlan 10 ranges link\nrouter n {\n  interface i 10.255.0.2 on s\n}\n");
        text.Append("router r {\n  interface i 10.255.0.1 on s\n  route 10.0.0.0/24 via 10.255.0.2\n");
        for (var k = 1; k < 70; k++) text.Append($"  route 10.0.{k}.0/24 via 10.0.{k - 1}.1\n");
        text.Append("}\n");

        var unresolved = TestSupport.Diagnose(text.ToString()).Where(d => d.Code == "NF3001").ToList();

        unresolved.ShouldNotBeEmpty();
        unresolved.ShouldAllBe(d => d.Message.Contains("without settling within 64 steps") && !d.Message.Contains("no other route"));
    }
}
