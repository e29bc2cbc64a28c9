namespace Netflow.Language.Tests;

public sealed class BinderTests
{
    private const string Network = """
        site cloud {
          range private 10.0.0.0/8 provider-private {
            range workers 10.73.30.0/26
          }
          segment vlan-1 vlan 1101 ranges workers
          router bcr {
            interface eth0 10.73.30.1 on vlan-1
          }
        }
        """;

    [Fact]
    public void NamesResolveAcrossFiles()
    {
        var compilation = TestSupport.Compile(Network, """
            site cloud {
              # A nested site: a segment joins devices of one top-level site (NF2012), and names still resolve across files.
              site branch {
                router edge {
                  interface eth0 10.73.30.2 on cloud.vlan-1
                  route 10.0.0.0/8 via cloud.bcr
                }
              }
            }
            """);
        compilation.Diagnostics.ShouldBeEmpty();
        var route = compilation.Model.Devices.Single(d => d.Name == "edge").Routes.ShouldHaveSingleItem();
        route.NextHop!.Symbol!.QualifiedName.ShouldBe("cloud.bcr");
    }

    [Fact]
    public void SitesOfTheSameName_MergeAcrossFiles()
    {
        var compilation = TestSupport.Compile(Network, "site cloud {\n  router xcr\n}\n");
        compilation.Diagnostics.ShouldBeEmpty();
        compilation.Model.Sites.ShouldHaveSingleItem().Members.Keys.ShouldContain("xcr");
    }

    [Fact]
    public void UnknownName_SuggestsTheClosestName()
    {
        var diagnostic = TestSupport.Diagnose(Network, "router edge {\n  route default via cloud.bcx\n}\n").ShouldHaveSingleItem();
        diagnostic.Code.ShouldBe("NF1001");
        diagnostic.Message.ShouldContain("did you mean 'cloud.bcr'?");
        diagnostic.Location.Path.ShouldBe("file1.netflow");
    }

    [Fact]
    public void DuplicateName_NamesBothDeclarations()
    {
        var diagnostic = TestSupport.Diagnose("router a\nrouter a\n").ShouldHaveSingleItem();
        diagnostic.Code.ShouldBe("NF1002");
        diagnostic.Location.Start.Line.ShouldBe(1);
        diagnostic.RelatedLocations.ShouldHaveSingleItem().Location.Start.Line.ShouldBe(0);
    }

    [Fact]
    public void RouteViaSegment_IsAKindError()
    {
        var diagnostic = TestSupport.Diagnose(Network, "router edge {\n  route default via cloud.vlan-1\n}\n").ShouldHaveSingleItem();
        diagnostic.Code.ShouldBe("NF1003");
        diagnostic.Message.ShouldContain("is a segment");
    }

    [Fact]
    public void PodOnRouter_IsAPlacementError()
    {
        var diagnostic = TestSupport.Diagnose("router r\npod p on r\n").ShouldHaveSingleItem();
        diagnostic.Code.ShouldBe("NF1004");
        diagnostic.Message.ShouldContain("place it on a worker");
    }

    [Fact]
    public void InterfaceOutsideItsSegment_IsAnAddressError()
    {
        var text = Network.Replace("10.73.30.1 on", "10.73.31.1 on", StringComparison.Ordinal);
        TestSupport.Codes(text).ShouldBe(["NF2001"]);
    }

    [Fact]
    public void NetworkAddressOnInterface_IsAnAddressError()
    {
        var text = Network.Replace("10.73.30.1 on", "10.73.30.0 on", StringComparison.Ordinal);
        TestSupport.Diagnose(text).ShouldHaveSingleItem().Message.ShouldContain("network address of 10.73.30.0/26");
    }

    [Fact]
    public void HostBitsInPrefix_AreReportedWithTheNetwork()
    {
        var diagnostic = TestSupport.Diagnose("range r 10.73.30.5/26\nsegment s vlan ranges r\n").ShouldHaveSingleItem();
        diagnostic.Code.ShouldBe("NF2002");
        diagnostic.Message.ShouldContain("10.73.30.0/26");
    }

    [Fact]
    public void UnusedRange_IsAWarningThatADirectiveSilences()
    {
        TestSupport.Codes("range r 10.0.0.0/8\n").ShouldBe(["NF2005"]);
        TestSupport.Codes("# netflow-disable-next NF2005\nrange r 10.0.0.0/8\n").ShouldBeEmpty();
    }

    [Fact]
    public void FlowClauses_ResolveDevicesAndDnsNames()
    {
        var compilation = TestSupport.Compile(Network, """
            dns-server ns {
              record db.example.com 10.73.30.1
            }
            flow f "Title" {
              from cloud.bcr
              to db.example.com port 5432 tcp
              step dns answers 10.73.30.1
              step cloud.bcr
              step vxlan
              never ip-in-ip
            }
            """);
        compilation.Diagnostics.ShouldBeEmpty();
        var flow = compilation.Model.Flows.ShouldHaveSingleItem();
        flow.Title.ShouldBe("Title");
        flow.Destination!.HostName.ShouldBe("db.example.com");
        flow.Destination.Port.ShouldBe(5432);
        flow.Steps.Select(s => s.Kind.ToString()).ShouldBe(["Dns", "Device", "Encapsulation"]);
    }

    [Fact]
    public void FlowWithoutSourceOrDestination_IsReported()
    {
        TestSupport.Codes("flow f {\n  expect accepted\n}\n").ShouldBe(["NF4001", "NF4002"]);
    }
}
