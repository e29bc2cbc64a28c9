using static Netflow.Language.Tests.TestSupport;

namespace Netflow.Language.Tests;

/// <summary>Nonsense that used to pass silently: special-purpose addresses (NF2011), self-tunnels (NF3011), flows without addresses (NF4006).</summary>
public sealed class SanityCheckTests
{
    private const string Lan = """
        range lan 192.168.1.0/24 enterprise
        segment lan-vlan vlan 10 ranges lan
        router edge {
          interface inside 192.168.1.1 on lan-vlan
        }
        client laptop {
          interface eth0 192.168.1.10 on lan-vlan
          route default via edge
        }

        """;

    [Theory]
    [InlineData("route 127.0.0.0/8 via edge", "127.0.0.0/8")]
    [InlineData("route 127.1.2.0/24 via edge", "127.1.2.0/24")]
    [InlineData("route 0.0.0.0/32 via edge", "0.0.0.0/32")]
    [InlineData("route 255.255.255.255/32 via edge", "255.255.255.255/32")]
    [InlineData("route 10.0.0.0/8 via 127.0.0.1", "127.0.0.1")]
    [InlineData("snat any as 0.0.0.0", "0.0.0.0")]
    public void SpecialPurposeAddresses_AreReportedWhereTheyAreWritten(string line, string address)
    {
        var diagnostic = Diagnose(Lan + $"router other {{\n  interface i 192.168.1.2 on lan-vlan\n  {line}\n}}\n")
            .Where(d => d.Code == "NF2011").ShouldHaveSingleItem();

        diagnostic.Message.ShouldStartWith($"{address} is ");
        diagnostic.Location.Start.Line.ShouldBe(11);
    }

    [Fact]
    public void AFlowToTheLoopback_IsReported() =>
        Codes(Lan + "flow f {\n  from laptop\n  to 127.0.0.1 port 80 tcp\n}\n").ShouldContain("NF2011");

    [Theory]
    [InlineData("route default via edge")]
    [InlineData("route 0.0.0.0/0 via edge")]
    [InlineData("route 64.0.0.0/2 via edge")]
    [InlineData("route 128.0.0.0/1 via edge")]
    public void PrefixesThatOnlyContainSpecialAddresses_AreOrdinary(string line) =>
        Codes(Lan + $"router other {{\n  interface i 192.168.1.2 on lan-vlan\n  {line}\n}}\n").ShouldNotContain("NF2011");

    [Theory]
    [InlineData("between edge and edge")]
    [InlineData("between edge.inside and 192.168.1.1")]
    [InlineData("between laptop and edge and edge.inside")]
    public void ATunnelWithTwoEndsOnOneDevice_IsReported(string ends)
    {
        var diagnostic = Diagnose(Lan + $"tunnel t ipsec {ends}\n").Where(d => d.Code == "NF3011").ShouldHaveSingleItem();
        diagnostic.Message.ShouldContain("is on 'edge'");
        diagnostic.RelatedLocations.ShouldHaveSingleItem();
    }

    [Fact]
    public void ATunnelBetweenTwoDevices_IsNotReported() =>
        Codes(Lan + "tunnel t ipsec between laptop and edge\n").ShouldNotContain("NF3011");

    [Fact]
    public void AFlowToADeviceWithoutAnAddress_IsReportedAtItsDestination()
    {
        var diagnostic = Diagnose(Lan + "client ghost\nflow f {\n  from laptop\n  to ghost port 22 tcp\n}\n")
            .Where(d => d.Code == "NF4006").ShouldHaveSingleItem();
        diagnostic.Message.ShouldContain("goes to 'ghost', which has no address");
        diagnostic.Location.Start.Line.ShouldBe(12);
    }

    [Fact]
    public void AFlowFromADeviceWithoutAnAddress_IsReportedAtTheFlow()
    {
        var diagnostic = Diagnose(Lan + "client ghost\nflow f {\n  from ghost\n  to laptop port 22 tcp\n}\n")
            .Where(d => d.Code == "NF4006").ShouldHaveSingleItem();
        diagnostic.Message.ShouldContain("starts at 'ghost'");
        diagnostic.Message.ShouldEndWith("give 'ghost' an interface with an address.");
    }

    [Fact]
    public void AFlowFromAService_AdvisesAWorkloadAsTheSender_NotAnInterface()
    {
        // Found by the review: the advice was to give the service an interface; a service is not a sender.
        var diagnostic = Diagnose(Lan + "service web {\n  cluster-ip 10.96.0.10\n  port 80 to laptop\n}\nflow f {\n  from web\n  to laptop port 22 tcp\n}\n")
            .Where(d => d.Code == "NF4006").ShouldHaveSingleItem();
        diagnostic.Message.ShouldEndWith("a service sends no packets of its own, so start the flow at a workload that sends to it, such as a pod or vm.");
    }
}
