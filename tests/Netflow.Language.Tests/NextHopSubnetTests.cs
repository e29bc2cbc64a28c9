using Shouldly;
using Xunit;

namespace Netflow.Language.Tests;

/// <summary>A gateway resolves only inside the subnet of one of the device's addresses on its segment (NF3001).</summary>
public sealed class NextHopSubnetTests
{
    private const string Network = """
        range hosts 10.73.20.0/26
        range workers 10.73.30.0/26
        segment vlan1201 vlan 1201 ranges hosts, workers
        router bcr { interface common 10.73.20.1, 10.73.30.1 on vlan1201 }
        router worker {
          interface private 10.73.30.10 on vlan1201
          route 10.0.0.0/8 via GATEWAY
        }
        """;

    [Fact]
    public void GatewayOnTheSegmentButOutsideTheSubnet_IsUnreachable()
    {
        var diagnostic = TestSupport.Diagnose(Network.Replace("GATEWAY", "10.73.20.1")).Single(d => d.Code == "NF3001");

        diagnostic.Message.ShouldContain("10.73.20.1 shares a segment with 'worker' yet lies outside the subnets of the addresses 'worker' has there");
        diagnostic.Message.ShouldContain("give its interface an address in the gateway's subnet");
        diagnostic.Location.Start.Line.ShouldBe(6); // the route line, counted from 0
    }

    [Fact]
    public void GatewayInTheSubnet_Resolves() =>
        TestSupport.Diagnose(Network.Replace("GATEWAY", "10.73.30.1")).ShouldNotContain(d => d.Code == "NF3001");

    [Fact]
    public void AddressInNoRangeOfItsSegment_MakesTheSegmentItsSubnet()
    {
        var text = Network.Replace("GATEWAY", "10.73.20.1").Replace("10.73.30.10 on", "10.99.0.10 on");

        TestSupport.Diagnose(text).ShouldNotContain(d => d.Code == "NF3001");
    }
}

/// <summary>A gateway inside a declared subnet of the segment that no device holds never answers ARP (NF3050).</summary>
public sealed class GatewayHeldByNoDeviceTests
{
    private const string Network = """
        range transit 192.168.15.248/29
        segment transit-switch vxlan 5000 ranges transit
        edge-gateway esg { interface internal 192.168.15.249 on transit-switch }
        logical-router dlr {
          interface uplink 192.168.15.250 on transit-switch
          route default via GATEWAY
        }
        """;

    [Fact]
    public void GatewayNobodyHolds_IsReportedAtTheRoute()
    {
        var diagnostic = TestSupport.Diagnose(Network.Replace("GATEWAY", "192.168.15.251")).Single(d => d.Code == "NF3050");

        diagnostic.Message.ShouldContain("which lies in 192.168.15.248/29 on segment 'transit-switch', but no device holds 192.168.15.251 there");
        diagnostic.Location.Start.Line.ShouldBe(5); // the route line, counted from 0
    }

    [Fact]
    public void GatewayADeviceHolds_IsNotReported() =>
        TestSupport.Diagnose(Network.Replace("GATEWAY", "192.168.15.249")).ShouldNotContain(d => d.Code == "NF3050");
}

/// <summary>
/// A route via a device on a shared segment goes to the device's address there that lies in the subnet of one of the
/// router's own addresses on that segment: the gateway Linux accepts, not the device's first address.
/// </summary>
public sealed class GatewayOfADeviceNextHopTests
{
    private const string Network = """
        range hosts 10.73.20.0/26
        range workers 10.73.30.0/26
        segment vlan1201 vlan 1201 ranges hosts, workers
        router bcr { interface common 10.73.20.1, 10.73.30.1 on vlan1201 }
        router worker {
          interface private WORKER on vlan1201
          route 10.0.0.0/8 via bcr
        }
        """;

    [Fact]
    public void TheGateway_IsTheDevicesAddressInTheSubnetOfTheRoutersOwn_NotItsFirst()
    {
        // Found by the review: 'via bcr' went to 10.73.20.1, outside the worker's subnet 10.73.30.0/26.
        var compilation = TestSupport.Compile(Network.Replace("WORKER", "10.73.30.10"));
        var worker = compilation.Model.Devices.Single(d => d.Name == "worker");

        var route = compilation.Routes[worker].Entries.Single(e => e.Prefix.Length == 8);

        route.NextHopAddress.ToString().ShouldBe("10.73.30.1");
    }

    [Fact]
    public void ADeviceWithNoAddressInTheRoutersSubnets_IsAnUnreachableNextHop()
    {
        var diagnostic = TestSupport.Diagnose(Network.Replace("WORKER", "10.73.30.10").Replace("10.73.20.1, 10.73.30.1", "10.73.20.1")).Single(d => d.Code == "NF3001");

        diagnostic.Message.ShouldContain("10.73.20.1 shares a segment with 'worker' yet lies outside the subnets of the addresses 'worker' has there");
    }
}

/// <summary>A segment without address ranges is reported at its name (NF1011); one with a range inside it or named is not.</summary>
public sealed class SegmentWithoutRangesTests
{
    [Fact]
    public void ASegmentThatNamesNoRange_IsReportedAtItsName()
    {
        // Found by the review: accepted silently, its devices getting no connected route for it.
        var diagnostic = TestSupport.Diagnose("segment b vlan 20\nrouter r { interface i 10.2.0.1 on b }\n").ShouldHaveSingleItem();

        diagnostic.Code.ShouldBe("NF1011");
        (diagnostic.Location.Start.Line, diagnostic.Location.Start.Character).ShouldBe((0, 8));
    }

    [Fact]
    public void ASegmentWithARangeDeclaredInside_HasARange() =>
        TestSupport.Diagnose("segment b vlan 20 {\n  range lan 10.2.0.0/24\n}\nrouter r { interface i 10.2.0.1 on b }\n").ShouldNotContain(d => d.Code == "NF1011");
}
