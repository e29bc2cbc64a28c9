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
